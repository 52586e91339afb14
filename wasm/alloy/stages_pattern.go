package main

import (
	"errors"
	"fmt"

	"github.com/grafana/loki/v3/pkg/logql/log/pattern"
	"github.com/prometheus/common/model"
)

// patternStage: Loki's pattern syntax (`<ip> - <_> "<method> <path> ...`), its captures extracted.
type patternStage struct {
	matcher *pattern.Matcher
	source  *string
	labels  bool
}

func newPattern(s StageSpec) (stage, error) {
	var c struct {
		Pattern          string  `json:"pattern"`
		Source           *string `json:"source"`
		LabelsFromGroups bool    `json:"labels_from_groups"`
	}
	if err := decode(s.Config, &c); err != nil {
		return nil, err
	}
	if c.Pattern == "" {
		return nil, errors.New("pattern is required")
	}
	if c.Source != nil && *c.Source == "" {
		return nil, errors.New("empty source")
	}
	matcher, err := pattern.New(c.Pattern)
	if err != nil {
		return nil, fmt.Errorf("failed to parse pattern: %w", err)
	}
	for _, name := range matcher.Names() {
		if !model.LegacyValidation.IsValidLabelName(name) {
			return nil, fmt.Errorf("invalid capture label name '%s'", name)
		}
	}
	return &patternStage{matcher: matcher, source: c.Source, labels: c.LabelsFromGroups}, nil
}

func (p *patternStage) process(e *entry) bool {
	input, ok := sourceInput(e, p.source)
	if !ok {
		return true
	}
	matches := p.matcher.Matches([]byte(input))
	if matches == nil {
		return true
	}
	names := p.matcher.Names()[:len(matches)]
	for i, m := range matches {
		e.extracted[names[i]] = string(m)
		if p.labels && model.LegacyValidation.IsValidLabelName(names[i]) && model.LabelValue(m).IsValid() {
			e.labels[model.LabelName(names[i])] = model.LabelValue(m)
		}
	}
	return true
}
