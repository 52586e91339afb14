// The oracle of the pipeline preview's agreement test: Alloy v1.11.0's own loki.process code, driven by this
// small program. scripts/prereqs/alloy.sh builds it inside a copy of Alloy's module (taken from the Go module
// proxy), because Alloy's stages live in internal packages. It reads an Alloy config with Alloy's syntax
// package, decodes one loki.process block's stages as Alloy does (forward_to aside), builds them with
// stages.NewPipeline (what loki.process runs) and passes every entry of a JSONL file through them.
//
//	lb-obs-alloy-stages <config.alloy> <component label or ""> <entries.jsonl>
//
// Input lines: {"line": "...", "labels": {...}, "timestamp": "<RFC3339Nano>"}; output, one per input line:
// {"line", "labels", "structuredMetadata": [{"name","value"}], "timestamp", "extracted", "dropped"}.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/go-kit/log"
	"github.com/grafana/alloy/internal/component/common/loki"
	"github.com/grafana/alloy/internal/component/loki/process/stages"
	"github.com/grafana/alloy/internal/featuregate"
	"github.com/grafana/alloy/syntax/ast"
	"github.com/grafana/alloy/syntax/parser"
	"github.com/grafana/alloy/syntax/vm"
	"github.com/grafana/loki/v3/pkg/logproto"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/model"
)

type input struct {
	Line      string            `json:"line"`
	Labels    map[string]string `json:"labels"`
	Timestamp string            `json:"timestamp"`
}

type pair struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type output struct {
	Line               string            `json:"line"`
	Labels             map[string]string `json:"labels"`
	StructuredMetadata []pair            `json:"structuredMetadata"`
	Timestamp          string            `json:"timestamp"`
	Extracted          map[string]any    `json:"extracted"`
	Dropped            bool              `json:"dropped"`
}

type arguments struct {
	Stages []stages.StageConfig `alloy:"stage,enum,optional"`
}

func main() {
	if len(os.Args) != 4 {
		fail("usage: lb-obs-alloy-stages <config.alloy> <component label or \"\"> <entries.jsonl>")
	}
	src, err := os.ReadFile(os.Args[1])
	check(err)
	file, err := parser.ParseFile(os.Args[1], src)
	check(err)
	block := findProcess(file.Body, os.Args[2])
	if block == nil {
		fail("no loki.process block labelled %q", os.Args[2])
	}
	var body ast.Body
	for _, stmt := range block.Body {
		if attr, ok := stmt.(*ast.AttributeStmt); ok && attr.Name.Name == "forward_to" {
			continue
		}
		body = append(body, stmt)
	}
	var args arguments
	check(vm.New(body).Evaluate(nil, &args))
	id := "loki.process." + block.Label
	pipeline, err := stages.NewPipeline(log.NewNopLogger(), args.Stages, &id, prometheus.NewRegistry(), featuregate.StabilityExperimental)
	check(err)

	entries, err := os.Open(os.Args[3])
	check(err)
	scanner := bufio.NewScanner(entries)
	scanner.Buffer(make([]byte, 1<<20), 16<<20)
	out := json.NewEncoder(os.Stdout)
	out.SetEscapeHTML(false)
	for scanner.Scan() {
		if strings.TrimSpace(scanner.Text()) == "" {
			continue
		}
		var in input
		check(json.Unmarshal(scanner.Bytes(), &in))
		check(out.Encode(run(pipeline, in)))
	}
	check(scanner.Err())
}

// run passes one entry through the pipeline; the stages keep their state (timestamp fudging) across calls.
func run(p *stages.Pipeline, in input) output {
	ts := time.Now()
	if in.Timestamp != "" {
		var err error
		ts, err = time.Parse(time.RFC3339Nano, in.Timestamp)
		check(err)
	}
	labels := model.LabelSet{}
	for k, v := range in.Labels {
		labels[model.LabelName(k)] = model.LabelValue(v)
	}
	ch := make(chan stages.Entry, 1)
	ch <- stages.Entry{Extracted: map[string]any{}, Entry: loki.Entry{Labels: labels, Entry: logproto.Entry{Timestamp: ts, Line: in.Line}}}
	close(ch)
	var results []stages.Entry
	for e := range p.Run(ch) {
		results = append(results, e)
	}
	if len(results) == 0 {
		return output{Line: in.Line, Labels: map[string]string{}, StructuredMetadata: []pair{}, Extracted: map[string]any{}, Dropped: true}
	}
	e := results[0]
	o := output{Line: e.Line, Labels: map[string]string{}, StructuredMetadata: []pair{}, Timestamp: e.Timestamp.UTC().Format(time.RFC3339Nano), Extracted: e.Extracted}
	for k, v := range e.Labels {
		o.Labels[string(k)] = string(v)
	}
	for _, m := range e.StructuredMetadata {
		o.StructuredMetadata = append(o.StructuredMetadata, pair{Name: m.Name, Value: m.Value})
	}
	return o
}

func findProcess(body ast.Body, label string) *ast.BlockStmt {
	for _, stmt := range body {
		b, ok := stmt.(*ast.BlockStmt)
		if ok && strings.Join(b.Name, ".") == "loki.process" && (label == "" || b.Label == label) {
			return b
		}
	}
	return nil
}

func check(err error) {
	if err != nil {
		fail("%v", err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "lb-obs-alloy-stages: "+format+"\n", args...)
	os.Exit(1)
}
