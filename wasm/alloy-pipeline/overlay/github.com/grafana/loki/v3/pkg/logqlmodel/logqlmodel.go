// Size shim: Promtail's match selector parser (clients/pkg/logentry/logql) uses only this error of the
// package; the rest pulls in Loki's query stats, tracing and server code, which does not compile for js/wasm.
// The message is Loki's.
package logqlmodel

import "errors"

var ErrParseMatchers = errors.New("only label matchers are supported")
