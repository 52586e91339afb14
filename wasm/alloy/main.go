// Alloy's own configuration parser (github.com/grafana/alloy/syntax, the version Alloy v1.11.0 requires), the
// stage.match selector parser Alloy uses (Promtail's LogQL, in the Loki version Alloy v1.11.0 requires) and
// its loki.process stage engine (run.go), compiled to WebAssembly so that all agree with Alloy exactly. One
// module, so that the Go runtime and the libraries they share are shipped and loaded once. See
// core/wasm/goWasm.ts for the contract.
package main

import (
	"errors"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall/js"
	"unicode/utf8"

	"github.com/grafana/alloy/syntax/ast"
	"github.com/grafana/alloy/syntax/diag"
	"github.com/grafana/alloy/syntax/parser"
	"github.com/grafana/alloy/syntax/scanner"
	"github.com/grafana/alloy/syntax/token"
)

// The tree is written as JSON by hand: encoding/json over maps costs several times more in WebAssembly, and the
// editor asks on every keystroke. Positions are byte offsets into the UTF-8 text (end exclusive); the
// TypeScript side maps them to UTF-16.
type writer struct{ b []byte }

func (w *writer) raw(s string) { w.b = append(w.b, s...) }

func (w *writer) int(n int) { w.b = strconv.AppendInt(w.b, int64(n), 10) }

// str writes a JSON string; invalid UTF-8 becomes U+FFFD, as JavaScript would read it.
func (w *writer) str(s string) {
	w.b = append(w.b, '"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '"':
			w.b = append(w.b, '\\', '"')
		case r == '\\':
			w.b = append(w.b, '\\', '\\')
		case r < 0x20:
			w.b = append(w.b, '\\', 'u', '0', '0', "0123456789abcdef"[r>>4], "0123456789abcdef"[r&15])
		default:
			w.b = utf8.AppendRune(w.b, r)
		}
	}
	w.b = append(w.b, '"')
}

func (w *writer) span(start, end token.Pos) {
	w.raw("[")
	w.int(start.Offset())
	w.raw(",")
	w.int(end.Offset() + 1)
	w.raw("]")
}

func (w *writer) nodeSpan(n ast.Node) { w.span(ast.StartPos(n), ast.EndPos(n)) }

func (w *writer) ident(id *ast.Ident) {
	w.raw(`{"n":`)
	w.str(id.Name)
	w.raw(`,"r":`)
	w.nodeSpan(id)
	w.raw("}")
}

func (w *writer) body(stmts ast.Body) {
	w.raw("[")
	for i, s := range stmts {
		if i > 0 {
			w.raw(",")
		}
		switch s := s.(type) {
		case *ast.AttributeStmt:
			w.raw(`{"t":"attribute","n":`)
			w.ident(s.Name)
			w.raw(`,"v":`)
			w.expr(s.Value)
			w.raw(`,"r":`)
			w.nodeSpan(s)
			w.raw("}")
		case *ast.BlockStmt:
			w.raw(`{"t":"block","n":[`)
			for j, part := range s.Name {
				if j > 0 {
					w.raw(",")
				}
				w.str(part)
			}
			w.raw(`],"s":`)
			w.int(s.NamePos.Offset())
			w.raw(`,"lc":`)
			w.int(s.LCurlyPos.Offset())
			w.raw(`,"rc":`)
			w.int(s.RCurlyPos.Offset())
			if s.LabelPos.Valid() {
				w.raw(`,"l":`)
				w.str(s.Label)
				w.raw(`,"ls":`)
				w.int(s.LabelPos.Offset())
			}
			w.raw(`,"b":`)
			w.body(s.Body)
			w.raw("}")
		}
	}
	w.raw("]")
}

func (w *writer) exprs(list []ast.Expr) {
	w.raw("[")
	for i, e := range list {
		if i > 0 {
			w.raw(",")
		}
		w.expr(e)
	}
	w.raw("]")
}

func (w *writer) expr(e ast.Expr) {
	switch e := e.(type) {
	case *ast.LiteralExpr:
		w.raw(`{"t":"literal","k":`)
		w.str(e.Kind.String())
		w.raw(`,"v":`)
		w.str(e.Value)
	case *ast.ArrayExpr:
		w.raw(`{"t":"array","e":`)
		w.exprs(e.Elements)
	case *ast.ObjectExpr:
		w.raw(`{"t":"object","f":[`)
		for i, f := range e.Fields {
			if i > 0 {
				w.raw(",")
			}
			w.raw(`{"n":`)
			w.str(f.Name.Name)
			w.raw(`,"q":`)
			w.raw(strconv.FormatBool(f.Quoted))
			w.raw(`,"s":`)
			w.int(f.Name.NamePos.Offset())
			w.raw(`,"v":`)
			w.expr(f.Value)
			w.raw("}")
		}
		w.raw("]")
	case *ast.IdentifierExpr:
		w.raw(`{"t":"identifier","n":`)
		w.str(e.Ident.Name)
	case *ast.AccessExpr:
		w.raw(`{"t":"access","v":`)
		w.expr(e.Value)
		w.raw(`,"n":`)
		w.ident(e.Name)
	case *ast.IndexExpr:
		w.raw(`{"t":"index","v":`)
		w.expr(e.Value)
		w.raw(`,"i":`)
		w.expr(e.Index)
	case *ast.CallExpr:
		w.raw(`{"t":"call","v":`)
		w.expr(e.Value)
		w.raw(`,"a":`)
		w.exprs(e.Args)
	case *ast.UnaryExpr:
		w.raw(`{"t":"unary","o":`)
		w.str(e.Kind.String())
		w.raw(`,"os":`)
		w.int(e.KindPos.Offset())
		w.raw(`,"v":`)
		w.expr(e.Value)
	case *ast.BinaryExpr:
		w.raw(`{"t":"binary","o":`)
		w.str(e.Kind.String())
		w.raw(`,"os":`)
		w.int(e.KindPos.Offset())
		w.raw(`,"x":`)
		w.expr(e.Left)
		w.raw(`,"y":`)
		w.expr(e.Right)
	case *ast.ParenExpr:
		w.raw(`{"t":"paren","v":`)
		w.expr(e.Inner)
	default:
		w.raw(`{"t":"unknown"`)
	}
	w.raw(`,"r":`)
	w.nodeSpan(e)
	w.raw("}")
}

// parse reads a whole file as Alloy does (parser.ParseFile) and answers JSON:
// {"ast": {"b": [...], "c": [...]}} or {"errors": [{"m": message, "s": start, "e": end}]}.
func parse(_ js.Value, args []js.Value) any {
	if len(args) != 1 || args[0].Type() != js.TypeString {
		return `{"errors":[{"m":"parse expects one string","s":0,"e":0}]}`
	}
	return parseText(args[0].String())
}

// maxOperators bounds the operators of one statement. The parser and the tree walk recurse once per operator of
// a chain (`1 + 1 + ...`, `- - - 1`, `a.b.c...`), and WebAssembly's call stack ends long before Go's would: a
// deeper statement is refused, with its position, rather than trapping. Real statements have a handful.
const maxOperators = 2000

// tooManyOperators finds the first operator beyond maxOperators within one statement, with Alloy's own scanner.
func tooManyOperators(data []byte) (int, bool) {
	s := scanner.New(token.NewFile(""), data, func(token.Pos, string) {}, 0)
	operators := 0
	for {
		pos, tok, _ := s.Scan()
		switch tok {
		case token.EOF:
			return 0, false
		case token.TERMINATOR:
			operators = 0
		case token.OR, token.AND, token.NOT, token.EQ, token.NEQ, token.LT, token.LTE, token.GT, token.GTE,
			token.ADD, token.SUB, token.MUL, token.DIV, token.MOD, token.POW, token.LPAREN, token.LBRACK, token.DOT:
			operators++
			if operators > maxOperators {
				return pos.Offset(), true
			}
		}
	}
}

func parseText(text string) string {
	w := &writer{b: make([]byte, 0, len(text)*6)}
	if at, found := tooManyOperators([]byte(text)); found {
		w.raw(`{"errors":[{"m":`)
		w.str("a statement with more than " + strconv.Itoa(maxOperators) + " operators is not checked (it would exhaust the parser's stack)")
		w.raw(`,"s":`)
		w.int(at)
		w.raw(`,"e":`)
		w.int(at + 1)
		w.raw("}]}")
		return string(w.b)
	}
	file, err := parser.ParseFile("", []byte(text))
	if err != nil {
		var diags diag.Diagnostics
		if !errors.As(err, &diags) {
			diags = diag.Diagnostics{{Message: err.Error()}}
		}
		w.raw(`{"errors":[`)
		for i, d := range diags {
			if i > 0 {
				w.raw(",")
			}
			end := d.StartPos.Offset
			if d.EndPos.Line > 0 {
				end = d.EndPos.Offset
			}
			w.raw(`{"m":`)
			w.str(d.Message)
			w.raw(`,"s":`)
			w.int(d.StartPos.Offset)
			w.raw(`,"e":`)
			w.int(end + 1)
			w.raw("}")
		}
		w.raw("]}")
		return string(w.b)
	}
	w.raw(`{"ast":{"b":`)
	w.body(file.Body)
	w.raw(`,"c":[`)
	first := true
	for _, group := range file.Comments {
		for _, c := range group {
			if !first {
				w.raw(",")
			}
			first = false
			w.raw(`{"x":`)
			w.str(c.Text)
			w.raw(`,"r":`)
			w.nodeSpan(c)
			w.raw("}")
		}
	}
	w.raw("]}}")
	return string(w.b)
}

func main() {
	// Each call allocates a tree or a result and its JSON, then drops both: collecting less often is cheaper in
	// WebAssembly.
	debug.SetGCPercent(400)
	registry := js.Global().Get("lbObsWasm")
	registry.Set("alloy", js.ValueOf(map[string]any{
		"parse":    js.FuncOf(parse),
		"selector": js.FuncOf(selector),
		"template": js.FuncOf(templateCheck),
		"run":      js.FuncOf(run),
	}))
	select {}
}
