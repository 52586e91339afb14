// Alloy's own configuration parser (github.com/grafana/alloy/syntax, the version Alloy v1.11.0 requires) and
// the stage.match selector parser Alloy uses (Promtail's LogQL, in the Loki version Alloy v1.11.0 requires),
// compiled to WebAssembly so that both agree with Alloy exactly. See core/wasm/goWasm.ts for the contract.
package main

import (
	"encoding/json"
	"errors"
	"syscall/js"

	"github.com/grafana/alloy/syntax/ast"
	"github.com/grafana/alloy/syntax/diag"
	"github.com/grafana/alloy/syntax/parser"
	"github.com/grafana/alloy/syntax/token"
)

// Positions are byte offsets into the UTF-8 text (end exclusive); the TypeScript side maps them to UTF-16.
type node = map[string]any

func span(start, end token.Pos) []int {
	return []int{start.Offset(), end.Offset() + 1}
}

func nodeSpan(n ast.Node) []int {
	return span(ast.StartPos(n), ast.EndPos(n))
}

func ident(id *ast.Ident) node {
	return node{"n": id.Name, "r": nodeSpan(id)}
}

func body(stmts ast.Body) []node {
	out := make([]node, 0, len(stmts))
	for _, s := range stmts {
		switch s := s.(type) {
		case *ast.AttributeStmt:
			out = append(out, node{"t": "attribute", "n": ident(s.Name), "v": expr(s.Value), "r": nodeSpan(s)})
		case *ast.BlockStmt:
			b := node{"t": "block", "n": s.Name, "s": s.NamePos.Offset(), "lc": s.LCurlyPos.Offset(),
				"rc": s.RCurlyPos.Offset(), "b": body(s.Body)}
			if s.LabelPos.Valid() {
				b["l"] = s.Label
				b["ls"] = s.LabelPos.Offset()
			}
			out = append(out, b)
		}
	}
	return out
}

func exprs(list []ast.Expr) []node {
	out := make([]node, 0, len(list))
	for _, e := range list {
		out = append(out, expr(e))
	}
	return out
}

func expr(e ast.Expr) node {
	r := nodeSpan(e)
	switch e := e.(type) {
	case *ast.LiteralExpr:
		return node{"t": "literal", "k": e.Kind.String(), "v": e.Value, "r": r}
	case *ast.ArrayExpr:
		return node{"t": "array", "e": exprs(e.Elements), "r": r}
	case *ast.ObjectExpr:
		fields := make([]node, 0, len(e.Fields))
		for _, f := range e.Fields {
			name := f.Name.NamePos
			value := expr(f.Value)
			fields = append(fields, node{"n": f.Name.Name, "q": f.Quoted, "s": name.Offset(), "v": value,
				"r": []int{name.Offset(), value["r"].([]int)[1]}})
		}
		return node{"t": "object", "f": fields, "r": r}
	case *ast.IdentifierExpr:
		return node{"t": "identifier", "n": e.Ident.Name, "r": r}
	case *ast.AccessExpr:
		return node{"t": "access", "v": expr(e.Value), "n": ident(e.Name), "r": r}
	case *ast.IndexExpr:
		return node{"t": "index", "v": expr(e.Value), "i": expr(e.Index), "r": r}
	case *ast.CallExpr:
		return node{"t": "call", "v": expr(e.Value), "a": exprs(e.Args), "r": r}
	case *ast.UnaryExpr:
		return node{"t": "unary", "o": e.Kind.String(), "os": e.KindPos.Offset(), "v": expr(e.Value), "r": r}
	case *ast.BinaryExpr:
		return node{"t": "binary", "o": e.Kind.String(), "os": e.KindPos.Offset(), "x": expr(e.Left),
			"y": expr(e.Right), "r": r}
	case *ast.ParenExpr:
		return node{"t": "paren", "v": expr(e.Inner), "r": r}
	}
	return node{"t": "unknown", "r": r}
}

// parse reads a whole file as Alloy does (parser.ParseFile) and answers JSON:
// {"ast": {"b": [...], "c": [...]}} or {"errors": [{"m": message, "s": start, "e": end}]}.
func parse(_ js.Value, args []js.Value) any {
	if len(args) != 1 || args[0].Type() != js.TypeString {
		return `{"errors":[{"m":"parse expects one string","s":0,"e":0}]}`
	}
	out, err := json.Marshal(parseText(args[0].String()))
	if err != nil {
		return `{"errors":[{"m":"` + err.Error() + `","s":0,"e":0}]}`
	}
	return string(out)
}

func parseText(text string) node {
	file, err := parser.ParseFile("", []byte(text))
	if err != nil {
		var diags diag.Diagnostics
		if !errors.As(err, &diags) {
			return node{"errors": []node{{"m": err.Error(), "s": 0, "e": 0}}}
		}
		list := make([]node, 0, len(diags))
		for _, d := range diags {
			end := d.StartPos.Offset
			if d.EndPos.Line > 0 {
				end = d.EndPos.Offset
			}
			list = append(list, node{"m": d.Message, "s": d.StartPos.Offset, "e": end + 1})
		}
		return node{"errors": list}
	}
	comments := []node{}
	for _, group := range file.Comments {
		for _, c := range group {
			comments = append(comments, node{"x": c.Text, "r": nodeSpan(c)})
		}
	}
	return node{"ast": node{"b": body(file.Body), "c": comments}}
}

func main() {
	registry := js.Global().Get("lbObsWasm")
	registry.Set("alloy", js.ValueOf(map[string]any{"parse": js.FuncOf(parse), "selector": js.FuncOf(selector)}))
	select {}
}
