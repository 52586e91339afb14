package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/alecthomas/units"
	"github.com/prometheus/common/model"
)

// Stages Alloy has that this engine does not run (they need a clock, state across lines, files or metrics).
var unsimulated = map[string]bool{
	"decolorize": true, "eventlogmessage": true, "geoip": true, "limit": true,
	"luhn": true, "metrics": true, "multiline": true, "sampling": true, "windowsevent": true,
}

func decode(raw json.RawMessage, into any) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	return d.Decode(into)
}

func newStage(en *env, spec StageSpec) (stage, error) {
	if unsimulated[spec.Type] {
		en.notSimulated = append(en.notSimulated, spec.ID)
		return notSimulated{id: spec.ID}, nil
	}
	switch spec.Type {
	case "regex":
		return newRegex(spec)
	case "json":
		return newJSON(spec)
	case "logfmt":
		return newLogfmt(spec)
	case "labels":
		return newLabels(spec, false)
	case "structured_metadata":
		return newLabels(spec, true)
	case "static_labels":
		return newStaticLabels(spec)
	case "timestamp":
		return newTimestamp(en, spec)
	case "output":
		return newOutput(spec)
	case "template":
		return newTemplate(spec)
	case "replace":
		return newReplace(spec)
	case "drop":
		return newDrop(en, spec)
	case "label_drop":
		return newLabelDrop(spec)
	case "label_keep":
		return newLabelKeep(spec)
	case "tenant":
		return newTenant(spec)
	case "pack":
		return newPack(en, spec)
	case "match":
		return newMatch(en, spec)
	case "cri":
		return newCRI(en, spec)
	case "docker":
		return newDocker(en, spec)
	case "pattern":
		return newPattern(spec)
	}
	return nil, fmt.Errorf("unknown stage %q", spec.Type)
}

// stringOf converts an extracted value the way Alloy's stages do (getString): numbers, strings and booleans.
func stringOf(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case float64:
		return formatFloat(x), true
	case bool:
		if x {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

func sourceInput(e *entry, source *string) (string, bool) {
	if source == nil {
		return e.line, true
	}
	v, ok := e.extracted[*source]
	if !ok {
		return "", false
	}
	return stringOf(v)
}

// ---- regex

type regexStage struct {
	expr   *regexp.Regexp
	source *string
	labels bool
}

func newRegex(spec StageSpec) (stage, error) {
	var c struct {
		Expression       string  `json:"expression"`
		Source           *string `json:"source"`
		LabelsFromGroups bool    `json:"labels_from_groups"`
	}
	if err := decode(spec.Config, &c); err != nil {
		return nil, err
	}
	if c.Expression == "" {
		return nil, errors.New("expression is required")
	}
	if c.Source != nil && *c.Source == "" {
		return nil, errors.New("empty source")
	}
	expr, err := regexp.Compile(c.Expression)
	if err != nil {
		return nil, fmt.Errorf("could not compile regular expression: %w", err)
	}
	return &regexStage{expr: expr, source: c.Source, labels: c.LabelsFromGroups}, nil
}

func (r *regexStage) process(e *entry) bool {
	input, ok := sourceInput(e, r.source)
	if !ok {
		return true
	}
	match := r.expr.FindStringSubmatch(input)
	if match == nil {
		return true
	}
	for i, name := range r.expr.SubexpNames() {
		if i == 0 || name == "" {
			continue
		}
		e.extracted[name] = match[i]
		if r.labels && model.LabelName(name).IsValid() && model.LabelValue(match[i]).IsValid() {
			e.labels[model.LabelName(name)] = model.LabelValue(match[i])
		}
	}
	return true
}

// ---- labels and structured_metadata

type labelsStage struct {
	values   map[string]string
	metadata bool
}

func labelValues(spec StageSpec, what string) (map[string]string, error) {
	var c struct {
		Values map[string]*string `json:"values"`
	}
	if err := decode(spec.Config, &c); err != nil {
		return nil, err
	}
	if c.Values == nil {
		return nil, errors.New(what + " stage config cannot be empty")
	}
	out := map[string]string{}
	for name, src := range c.Values {
		if !model.LabelName(name).IsValid() {
			return nil, fmt.Errorf("invalid label name: %s", name)
		}
		if src == nil || *src == "" {
			out[name] = name
		} else {
			out[name] = *src
		}
	}
	return out, nil
}

func newLabels(spec StageSpec, metadata bool) (stage, error) {
	values, err := labelValues(spec, "label")
	if err != nil {
		return nil, err
	}
	return &labelsStage{values: values, metadata: metadata}, nil
}

func (l *labelsStage) process(e *entry) bool {
	for _, name := range sortedKeys(l.values) {
		v, ok := e.extracted[l.values[name]]
		if !ok {
			continue
		}
		s, ok := stringOf(v)
		if !ok || !model.LabelValue(s).IsValid() {
			continue
		}
		if l.metadata {
			e.metadata = append(e.metadata, Pair{Name: name, Value: s})
		} else {
			e.labels[model.LabelName(name)] = model.LabelValue(s)
		}
	}
	if l.metadata {
		// A label of the stream named as a source moves from the labels into the structured metadata.
		var found []model.LabelName
		for _, name := range sortedKeys(l.values) {
			key := model.LabelName(l.values[name])
			if v, ok := e.labels[key]; ok {
				e.metadata = append(e.metadata, Pair{Name: name, Value: string(v)})
				found = append(found, key)
			}
		}
		for _, key := range found {
			delete(e.labels, key)
		}
	}
	return true
}

// ---- static_labels

type staticLabelsStage struct{ values map[string]string }

func newStaticLabels(spec StageSpec) (stage, error) {
	var c struct {
		Values map[string]*string `json:"values"`
	}
	if err := decode(spec.Config, &c); err != nil {
		return nil, err
	}
	if c.Values == nil {
		return nil, errors.New("static_labels stage config cannot be empty")
	}
	out := map[string]string{}
	for name := range c.Values {
		if !model.LabelName(name).IsValid() {
			return nil, fmt.Errorf("invalid label name: %s", name)
		}
	}
	for name, v := range c.Values {
		if v == nil || *v == "" {
			continue
		}
		if !model.LabelValue(*v).IsValid() {
			return nil, fmt.Errorf("invalid label value: %s", *v)
		}
		out[name] = *v
	}
	return &staticLabelsStage{values: out}, nil
}

func (s *staticLabelsStage) process(e *entry) bool {
	for name, v := range s.values {
		e.labels[model.LabelName(name)] = model.LabelValue(v)
	}
	return true
}

// ---- output

type outputStage struct{ source string }

func newOutput(spec StageSpec) (stage, error) {
	var c struct {
		Source string `json:"source"`
	}
	if err := decode(spec.Config, &c); err != nil {
		return nil, err
	}
	if c.Source == "" {
		return nil, errors.New("output source value is required if output is specified")
	}
	return &outputStage{source: c.Source}, nil
}

func (o *outputStage) process(e *entry) bool {
	if v, ok := e.extracted[o.source]; ok {
		if s, ok := stringOf(v); ok {
			e.line = s
		}
	}
	return true
}

// ---- label_drop, label_keep

type labelDropStage struct{ names []string }

func listValues(spec StageSpec, empty string) ([]string, error) {
	var c struct {
		Values []string `json:"values"`
	}
	if err := decode(spec.Config, &c); err != nil {
		return nil, err
	}
	if len(c.Values) < 1 {
		return nil, errors.New(empty)
	}
	return c.Values, nil
}

func newLabelDrop(spec StageSpec) (stage, error) {
	names, err := listValues(spec, "labeldrop stage config cannot be empty")
	if err != nil {
		return nil, err
	}
	return &labelDropStage{names: names}, nil
}

func (l *labelDropStage) process(e *entry) bool {
	for _, n := range l.names {
		delete(e.labels, model.LabelName(n))
	}
	return true
}

type labelKeepStage struct{ keep map[string]bool }

func newLabelKeep(spec StageSpec) (stage, error) {
	names, err := listValues(spec, "labelallow stage config cannot be empty")
	if err != nil {
		return nil, err
	}
	keep := map[string]bool{}
	for _, n := range names {
		keep[n] = true
	}
	return &labelKeepStage{keep: keep}, nil
}

func (l *labelKeepStage) process(e *entry) bool {
	for name := range e.labels {
		if !l.keep[string(name)] {
			delete(e.labels, name)
		}
	}
	return true
}

// ---- tenant

type tenantStage struct{ label, source, value string }

func newTenant(spec StageSpec) (stage, error) {
	var c struct {
		Label  string `json:"label"`
		Source string `json:"source"`
		Value  string `json:"value"`
	}
	if err := decode(spec.Config, &c); err != nil {
		return nil, err
	}
	if c.Source == "" && c.Value == "" && c.Label == "" {
		return nil, errors.New("label, source or value config are required")
	}
	if c.Source != "" && c.Value != "" || c.Label != "" && c.Value != "" || c.Source != "" && c.Label != "" {
		return nil, errors.New("label, source and value are mutually exclusive: you should set source, value or label but not all")
	}
	return &tenantStage{label: c.Label, source: c.Source, value: c.Value}, nil
}

func (t *tenantStage) process(e *entry) bool {
	id := t.value
	if t.source != "" {
		id = ""
		if v, ok := e.extracted[t.source]; ok {
			id, _ = stringOf(v)
		}
	} else if t.label != "" {
		id = string(e.labels[model.LabelName(t.label)])
	}
	if id != "" {
		e.labels["__tenant_id__"] = model.LabelValue(id)
	}
	return true
}

// ---- drop

type dropStage struct {
	en         *env
	reason     string
	sources    []string
	separator  string
	regex      *regexp.Regexp
	olderThan  time.Duration
	longerThan units.Base2Bytes
}

func newDrop(en *env, spec StageSpec) (stage, error) {
	var c struct {
		DropReason string          `json:"drop_counter_reason"`
		Source     string          `json:"source"`
		Value      string          `json:"value"`
		Separator  string          `json:"separator"`
		Expression string          `json:"expression"`
		OlderThan  string          `json:"older_than"`
		LongerThan json.RawMessage `json:"longer_than"`
	}
	if err := decode(spec.Config, &c); err != nil {
		return nil, err
	}
	d := &dropStage{en: en, reason: c.DropReason, separator: c.Separator}
	if c.OlderThan != "" {
		older, err := time.ParseDuration(c.OlderThan)
		if err != nil {
			return nil, fmt.Errorf("older_than: %w", err)
		}
		d.olderThan = older
	}
	if len(c.LongerThan) > 0 {
		var text string
		if json.Unmarshal(c.LongerThan, &text) == nil {
			size, err := units.ParseBase2Bytes(text)
			if err != nil {
				return nil, fmt.Errorf("longer_than: %w", err)
			}
			d.longerThan = size
		} else {
			var n int64
			if err := json.Unmarshal(c.LongerThan, &n); err != nil {
				return nil, fmt.Errorf("longer_than: %w", err)
			}
			d.longerThan = units.Base2Bytes(n)
		}
	}
	if c.Source == "" && c.Expression == "" && d.olderThan == 0 && d.longerThan == 0 {
		return nil, errors.New("drop stage config must contain at least one of `source`, `expression`, `older_than` or `longer_than`")
	}
	if d.reason == "" {
		d.reason = "drop_stage"
	}
	if c.Value != "" && c.Expression != "" {
		return nil, errors.New("drop stage config error, `value` and `expression` cannot both be defined at the same time")
	}
	if d.separator == "" {
		d.separator = ";"
	}
	if c.Value != "" && c.Source == "" {
		return nil, errors.New("drop stage config must contain `source` if `value` is specified")
	}
	var err error
	if c.Expression != "" {
		if d.regex, err = regexp.Compile(c.Expression); err != nil {
			return nil, fmt.Errorf("drop stage regex compilation error: %v", err)
		}
	}
	if c.Value != "" {
		d.regex = regexp.MustCompile("^" + regexp.QuoteMeta(c.Value) + "$")
	}
	if c.Source != "" {
		d.sources = strings.Split(c.Source, ",")
	}
	return d, nil
}

func (d *dropStage) process(e *entry) bool {
	if d.shouldDrop(e) {
		e.dropReason = d.reason
		return false
	}
	return true
}

// shouldDrop: every configured condition must hold for the entry to be dropped.
func (d *dropStage) shouldDrop(e *entry) bool {
	if d.longerThan != 0 && len(e.line) <= int(d.longerThan) {
		return false
	}
	if d.olderThan != 0 && !e.ts.Before(d.en.now().Add(-d.olderThan)) {
		return false
	}
	if len(d.sources) > 0 && d.regex == nil {
		for _, src := range d.sources {
			if _, ok := e.extracted[src]; !ok {
				return false
			}
		}
	}
	if len(d.sources) == 0 && d.regex != nil && !d.regex.MatchString(e.line) {
		return false
	}
	if len(d.sources) > 0 && d.regex != nil {
		var values []string
		for _, src := range d.sources {
			if v, ok := e.extracted[src]; ok {
				s, ok := stringOf(v)
				if !ok {
					return false
				}
				values = append(values, s)
			}
		}
		if !d.regex.MatchString(strings.Join(values, d.separator)) {
			return false
		}
	}
	return true
}
