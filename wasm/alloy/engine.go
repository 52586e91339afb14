package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/prometheus/common/model"
)

// Request: the stages of one loki.process block and the entries to run through them.
type Request struct {
	Stages  []StageSpec `json:"stages"`
	Entries []InEntry   `json:"entries"`
	// Now, RFC3339Nano, stands for the wall clock (entries without timestamp, year-less layouts, older_than,
	// pack's ingest timestamp); the real clock when empty.
	Now string `json:"now,omitempty"`
}

// StageSpec is one stage block: its type ("regex", "match", ...), an id the caller uses to point back at the
// block, its attributes by Alloy's names, and for stage.match its nested stages.
type StageSpec struct {
	Type   string          `json:"type"`
	ID     string          `json:"id"`
	Config json.RawMessage `json:"config"`
	Stages []StageSpec     `json:"stages,omitempty"`
}

type InEntry struct {
	Line      string            `json:"line"`
	Labels    map[string]string `json:"labels,omitempty"`
	Timestamp string            `json:"timestamp,omitempty"`
}

type Response struct {
	Error *ConfigError `json:"error,omitempty"`
	// Stages this engine does not run: the entries pass them unchanged.
	NotSimulated []string `json:"notSimulated"`
	Results      []Result `json:"results"`
}

// ConfigError is what Alloy would refuse when building the pipeline (the component would not start).
type ConfigError struct {
	Stage   string `json:"stage,omitempty"`
	Message string `json:"message"`
}

type Pair struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type Result struct {
	Line               string            `json:"line"`
	Labels             map[string]string `json:"labels"`
	StructuredMetadata []Pair            `json:"structuredMetadata"`
	Timestamp          string            `json:"timestamp"`
	Extracted          map[string]any    `json:"extracted"`
	// The id of the stage that dropped the entry, and the drop counter reason Alloy counts it under.
	DroppedBy string `json:"droppedBy,omitempty"`
	// The id of the stage that holds the entry to send it joined with a later one (stage.cri's partial lines).
	HeldBy     string `json:"heldBy,omitempty"`
	DropReason string `json:"dropReason,omitempty"`
	// Stages the entry went through that were not simulated.
	NotSimulated []string `json:"notSimulated,omitempty"`
}

// entry is what flows through the stages, as Alloy's stages.Entry.
type entry struct {
	labels     model.LabelSet
	extracted  map[string]any
	ts         time.Time
	line       string
	metadata   []Pair
	droppedBy  string
	dropReason string
	heldBy     string
	skipped    []string
}

type stage interface {
	// process runs the stage on e; it returns false when the stage drops (or holds) the entry.
	process(e *entry) bool
}

type env struct {
	now          func() time.Time
	notSimulated []string
}

type stageError struct {
	stage string
	err   error
}

func (s *stageError) Error() string { return s.err.Error() }

func Run(req Request) Response {
	resp := Response{NotSimulated: []string{}, Results: []Result{}}
	clock := time.Now
	if req.Now != "" {
		fixed, err := time.Parse(time.RFC3339Nano, req.Now)
		if err != nil {
			resp.Error = &ConfigError{Message: fmt.Sprintf("now: %v", err)}
			return resp
		}
		clock = func() time.Time { return fixed }
	}
	en := &env{now: clock, notSimulated: []string{}}
	p, err := newPipeline(en, req.Stages)
	if err != nil {
		ce := &ConfigError{Message: err.Error()}
		if se, ok := err.(*stageError); ok {
			ce.Stage = se.stage
		}
		resp.Error = ce
		return resp
	}
	resp.NotSimulated = en.notSimulated
	for i, in := range req.Entries {
		e := entry{labels: model.LabelSet{}, extracted: map[string]any{}, line: in.Line, ts: clock()}
		for k, v := range in.Labels {
			e.labels[model.LabelName(k)] = model.LabelValue(v)
		}
		if in.Timestamp != "" {
			ts, err := time.Parse(time.RFC3339Nano, in.Timestamp)
			if err != nil {
				resp.Error = &ConfigError{Message: fmt.Sprintf("entry %d: timestamp: %v", i+1, err)}
				return resp
			}
			e.ts = ts
		}
		p.process(&e)
		resp.Results = append(resp.Results, e.result())
	}
	return resp
}

func (e *entry) result() Result {
	r := Result{
		Line:               e.line,
		Labels:             map[string]string{},
		StructuredMetadata: e.metadata,
		Timestamp:          e.ts.UTC().Format(time.RFC3339Nano),
		Extracted:          e.extracted,
		DroppedBy:          e.droppedBy,
		HeldBy:             e.heldBy,
		DropReason:         e.dropReason,
		NotSimulated:       e.skipped,
	}
	if r.StructuredMetadata == nil {
		r.StructuredMetadata = []Pair{}
	}
	for k, v := range e.labels {
		r.Labels[string(k)] = string(v)
	}
	return r
}

// pipeline is a list of stages; like Alloy's Pipeline it first copies the labels into the extracted map.
type pipeline struct {
	stages []stage
	ids    []string
}

func newPipeline(en *env, specs []StageSpec) (*pipeline, error) {
	p := &pipeline{}
	for _, spec := range specs {
		s, err := newStage(en, spec)
		if err != nil {
			if _, ok := err.(*stageError); ok {
				return nil, err
			}
			return nil, &stageError{stage: spec.ID, err: err}
		}
		p.stages = append(p.stages, s)
		p.ids = append(p.ids, spec.ID)
	}
	return p, nil
}

func (p *pipeline) process(e *entry) bool {
	for name, value := range e.labels {
		e.extracted[string(name)] = string(value)
	}
	for i, s := range p.stages {
		if !s.process(e) {
			if e.droppedBy == "" && e.heldBy == "" {
				e.droppedBy = p.ids[i]
			}
			return false
		}
	}
	return true
}

// notSimulated stands for a stage this engine does not run.
type notSimulated struct{ id string }

func (n notSimulated) process(e *entry) bool {
	e.skipped = append(e.skipped, n.id)
	return true
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
