// Prints the verdict of Alloy's own parser (github.com/grafana/alloy/syntax v0.1.0, the version Alloy v1.11.0
// requires, run natively) on every .alloy file of a folder, as JSON: {"<file>": {"errors": [{"message",
// "start", "end"}]}} with byte offsets. test/unit/alloy-parser-agreement.test.ts compares our WebAssembly build
// with it; the committed test/fixtures/alloy/corpus/verdicts.json is its output.
//
// Usage: go run . <folder>
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/grafana/alloy/syntax/diag"
	"github.com/grafana/alloy/syntax/parser"
)

type verdict struct {
	Errors []problem `json:"errors"`
}

type problem struct {
	Message string `json:"message"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run . <folder>")
		os.Exit(2)
	}
	files, _ := filepath.Glob(filepath.Join(os.Args[1], "*.alloy"))
	sort.Strings(files)
	out := map[string]verdict{}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		v := verdict{Errors: []problem{}}
		if _, err := parser.ParseFile(filepath.Base(file), data); err != nil {
			var diags diag.Diagnostics
			if !errors.As(err, &diags) {
				v.Errors = append(v.Errors, problem{Message: err.Error()})
			}
			for _, d := range diags {
				end := d.StartPos.Offset
				if d.EndPos.Line > 0 {
					end = d.EndPos.Offset
				}
				v.Errors = append(v.Errors, problem{Message: d.Message, Start: d.StartPos.Offset, End: end + 1})
			}
		}
		out[filepath.Base(file)] = v
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
