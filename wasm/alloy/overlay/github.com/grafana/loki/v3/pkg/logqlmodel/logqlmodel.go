// Size shim: Promtail's match selector parser (clients/pkg/logentry/logql) needs one error of this package;
// the rest brings Loki's query statistics and server code, which do not compile for js/wasm. Message as Loki's.
package logqlmodel

import "errors"

var ErrParseMatchers = errors.New("only label matchers are supported")
