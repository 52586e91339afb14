// Loki's own LogQL parser (github.com/grafana/loki/v3/pkg/logql/syntax) compiled to WebAssembly, so that the
// validator agrees with Loki exactly. See core/wasm/goWasm.ts for the contract: main registers its functions on
// globalThis.lbObsWasm.logql and blocks.
package main

import (
	"fmt"
	"regexp"
	"runtime/debug"
	"strconv"
	"syscall/js"
	"time"

	"github.com/grafana/loki/v3/pkg/logql/syntax"
	"github.com/prometheus/common/model"
)

// Loki's ParseError keeps its position private; its message carries it.
var positioned = regexp.MustCompile(`(?s)^parse error at line (\d+), col (\d+): (.*)$`)
var unpositioned = regexp.MustCompile(`(?s)^parse error ?: (.*)$`)

// parse judges a query as Loki's query endpoints do before reading any data: syntax.ParseExpr (parse, then
// validate), then building the log pipeline or the sample extractors the engine would run, which compiles
// line-filter regexes and templates. Result: {ok: true, kind: "log"|"metric"|"variants"} or
// {ok: false, error, line, col} (line and col 0 when Loki gives no position).
func parse(_ js.Value, args []js.Value) (result any) {
	if len(args) != 1 || args[0].Type() != js.TypeString {
		return map[string]any{"ok": false, "error": "parse expects one string", "line": 0, "col": 0}
	}
	// A panic would end this program (and every later call); Loki's HTTP middleware turns one into an error.
	defer func() {
		if r := recover(); r != nil {
			result = failure(fmt.Sprintf("Loki fails on this query: %v", r))
		}
	}()
	expr, err := syntax.ParseExpr(args[0].String())
	if err != nil {
		return failure(err.Error())
	}
	kind := "log"
	switch e := expr.(type) {
	case syntax.SampleExpr:
		kind = "metric"
		_, err = e.Extractors()
	case syntax.LogSelectorExpr:
		_, err = e.Pipeline()
	case syntax.VariantsExpr:
		kind = "variants"
	}
	if err == nil {
		err = frontendChecks(expr)
	}
	if err != nil {
		return failure(err.Error())
	}
	return map[string]any{"ok": true, "kind": kind}
}

// Loki's default limits_config.max_query_length; the frontend refuses longer queries, ranges included.
const defaultMaxQueryLength = 721 * time.Hour

// frontendChecks are the refusals of Loki's query frontend that need no data: a range longer than the default
// query length limit, and approx_topk of an expression the shard mapper cannot shard (it rewrites it into a
// count-min sketch the queriers cannot parse).
func frontendChecks(expr syntax.Expr) error {
	var err error
	expr.Walk(func(e syntax.Expr) bool {
		switch e := e.(type) {
		case *syntax.LogRangeExpr:
			if e.Interval > defaultMaxQueryLength {
				err = fmt.Errorf("the range [%s] is longer than Loki's default max_query_length (%s): a Loki with default limits refuses the query", model.Duration(e.Interval), model.Duration(defaultMaxQueryLength))
			}
		case *syntax.VectorAggregationExpr:
			if e.Operation == syntax.OpTypeApproxTopK && !e.Shardable(true) {
				err = fmt.Errorf("approx_topk works only on expressions Loki can shard (range aggregations and sum, count, avg, max or min of them, without binary operations or other topk): Loki fails on this one")
			}
		}
		return err == nil
	})
	return err
}

func failure(message string) map[string]any {
	if m := positioned.FindStringSubmatch(message); m != nil {
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		return map[string]any{"ok": false, "error": m[3], "line": line, "col": col}
	}
	if m := unpositioned.FindStringSubmatch(message); m != nil {
		message = m[1]
	}
	return map[string]any{"ok": false, "error": message, "line": 0, "col": 0}
}

func main() {
	// The parser allocates a lot for its size and Go's collector in WebAssembly stops everything: collecting
	// less often makes parsing about 1.4x faster for 33 MB of memory instead of 21 MB.
	debug.SetGCPercent(400)
	registry := js.Global().Get("lbObsWasm")
	registry.Set("logql", js.ValueOf(map[string]any{"parse": js.FuncOf(parse)}))
	select {}
}
