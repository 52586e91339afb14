// Prints every string literal of the Go files named on the command line as JSON lines
// {"file": ..., "line": ..., "value": ...}, decoded exactly as Go does (go/parser, strconv.Unquote).
// Used by scripts/corpora/logql.ts to collect the queries of Loki's own tests. Usage: go run . <file.go>...
package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strconv"
)

func main() {
	out := json.NewEncoder(os.Stdout)
	out.SetEscapeHTML(false)
	fset := token.NewFileSet()
	for _, file := range os.Args[1:] {
		f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
		if err != nil {
			fmt.Fprintf(os.Stderr, "go-strings: %v\n", err)
			os.Exit(1)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			value, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			_ = out.Encode(map[string]any{"file": file, "line": fset.Position(lit.Pos()).Line, "value": value})
			return true
		})
	}
}
