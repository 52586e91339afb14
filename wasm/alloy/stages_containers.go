package main

import (
	"encoding/json"
	"errors"
)

// Alloy's container log stages are pipelines of other stages; the preview builds the same ones.

func builtIn(en *env, id string, specs ...StageSpec) (*pipeline, error) {
	for i := range specs {
		specs[i].ID = id
	}
	return newPipeline(en, specs)
}

func spec(kind, config string) StageSpec {
	return StageSpec{Type: kind, Config: json.RawMessage(config)}
}

// newDocker: the JSON of Docker's json-file driver, its stream as a label, its time, its log as the line.
func newDocker(en *env, s StageSpec) (stage, error) {
	return builtIn(en, s.ID,
		spec("json", `{"expressions":{"output":"log","stream":"stream","timestamp":"time"}}`),
		spec("labels", `{"values":{"stream":null}}`),
		spec("timestamp", `{"source":"timestamp","format":"RFC3339Nano"}`),
		spec("output", `{"source":"output"}`),
	)
}

// criStage: the CRI log format; a partial line (flag P) is held and sent joined with the next full line of its
// stream, as Alloy does.
type criStage struct {
	id       string
	base     *pipeline
	max      int
	size     uint64
	truncate bool
	partial  map[string]string
}

func newCRI(en *env, s StageSpec) (stage, error) {
	c := struct {
		MaxPartialLines            *int   `json:"max_partial_lines"`
		MaxPartialLineSize         uint64 `json:"max_partial_line_size"`
		MaxPartialLineSizeTruncate bool   `json:"max_partial_line_size_truncate"`
	}{}
	if err := decode(s.Config, &c); err != nil {
		return nil, err
	}
	max := 100
	if c.MaxPartialLines != nil {
		max = *c.MaxPartialLines
	}
	if max <= 0 {
		return nil, errors.New("max_partial_lines must be greater than 0")
	}
	base, err := builtIn(en, s.ID,
		spec("regex", `{"expression":"^(?s)(?P<time>\\S+?) (?P<stream>stdout|stderr) (?P<flags>\\S+?) (?P<content>.*)$"}`),
		spec("labels", `{"values":{"stream":null}}`),
		spec("timestamp", `{"source":"time","format":"RFC3339Nano"}`),
		spec("output", `{"source":"content"}`),
		spec("output", `{"source":"tags"}`),
	)
	if err != nil {
		return nil, err
	}
	return &criStage{id: s.ID, base: base, max: max, size: c.MaxPartialLineSize, truncate: c.MaxPartialLineSizeTruncate, partial: map[string]string{}}, nil
}

func (c *criStage) process(e *entry) bool {
	c.base.process(e)
	stream := e.labels.String()
	prev, held := c.partial[stream]
	if e.extracted["flags"] == "P" {
		if len(c.partial) >= c.max {
			// Alloy then sends every held line at once and holds this one: beyond what a line-by-line
			// preview shows.
			e.skipped = append(e.skipped, c.id)
			return true
		}
		if held {
			e.line = prev + e.line
		}
		c.truncateLine(e)
		c.partial[stream] = e.line
		e.heldBy = c.id
		return false
	}
	if held {
		e.line = prev + e.line
		c.truncateLine(e)
		delete(c.partial, stream)
	}
	return true
}

func (c *criStage) truncateLine(e *entry) {
	if c.truncate && uint64(len(e.line)) > c.size {
		e.line = e.line[:c.size]
	}
}
