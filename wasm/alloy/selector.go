package main

import (
	"regexp"
	"strconv"
	"syscall/js"

	"github.com/grafana/loki/v3/clients/pkg/logentry/logql"
)

// Promtail's ParseError carries its position only in its message.
var positioned = regexp.MustCompile(`(?s)^parse error at line (\d+), col (\d+): (.*)$`)

// selector judges a stage.match selector as Alloy's match stage does (Promtail's LogQL: a stream selector and
// line filters). Result: {ok: true} or {ok: false, error, line, col} (line and col 0 without a position).
func selector(_ js.Value, args []js.Value) any {
	if len(args) != 1 || args[0].Type() != js.TypeString {
		return map[string]any{"ok": false, "error": "selector expects one string", "line": 0, "col": 0}
	}
	if _, err := logql.ParseExpr(args[0].String()); err != nil {
		message := err.Error()
		if m := positioned.FindStringSubmatch(message); m != nil {
			line, _ := strconv.Atoi(m[1])
			col, _ := strconv.Atoi(m[2])
			return map[string]any{"ok": false, "error": m[3], "line": line, "col": col}
		}
		return map[string]any{"ok": false, "error": message, "line": 0, "col": 0}
	}
	return map[string]any{"ok": true}
}
