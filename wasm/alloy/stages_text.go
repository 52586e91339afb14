package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/template"
	"time"
	_ "time/tzdata" // locations as Alloy resolves them, whatever the host has

	"github.com/Masterminds/sprig/v3"
	"github.com/go-logfmt/logfmt"
	jmespath "github.com/jmespath-community/go-jmespath"
	jsoniter "github.com/json-iterator/go"
	"github.com/prometheus/common/model"
	"golang.org/x/crypto/sha3"

	"github.com/grafana/loki/v3/clients/pkg/logentry/logql"
)

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// ---- json

type jsonStage struct {
	id            string
	names         []string
	expressions   map[string]jmespath.JMESPath
	source        *string
	dropMalformed bool
}

func newJSON(spec StageSpec) (stage, error) {
	var c struct {
		Expressions   map[string]string `json:"expressions"`
		Source        *string           `json:"source"`
		DropMalformed bool              `json:"drop_malformed"`
	}
	if err := decode(spec.Config, &c); err != nil {
		return nil, err
	}
	if len(c.Expressions) == 0 {
		return nil, errors.New("JMES expression is required")
	}
	if c.Source != nil && *c.Source == "" {
		return nil, errors.New("empty source")
	}
	s := &jsonStage{id: spec.ID, expressions: map[string]jmespath.JMESPath{}, source: c.Source, dropMalformed: c.DropMalformed}
	for _, name := range sortedKeys(c.Expressions) {
		expr := c.Expressions[name]
		if expr == "" {
			expr = name
		}
		compiled, err := jmespath.Compile(expr)
		if err != nil {
			return nil, fmt.Errorf("could not compile JMES expression: %w", err)
		}
		s.expressions[name] = compiled
		s.names = append(s.names, name)
	}
	return s, nil
}

func (j *jsonStage) process(e *entry) bool {
	input, ok := sourceInput(e, j.source)
	if !ok {
		return true
	}
	if jsonDepth(input) > maxJSONDepth {
		// Alloy parses it (Go stacks grow); in WebAssembly the recursion would overflow the engine's stack.
		e.skipped = append(e.skipped, j.id)
		return true
	}
	var data map[string]any
	if err := jsoniter.Unmarshal([]byte(input), &data); err != nil {
		if j.dropMalformed {
			return false
		}
		return true
	}
	for _, name := range j.names {
		r, err := j.expressions[name].Search(data)
		if err != nil {
			continue
		}
		switch r.(type) {
		case float64, string, bool, nil:
			e.extracted[name] = r
		default:
			b, err := jsoniter.Marshal(r)
			if err != nil {
				continue
			}
			e.extracted[name] = string(b)
		}
	}
	return true
}

// maxJSONDepth bounds the nesting of the JSON the preview parses; deeper lines are not simulated.
const maxJSONDepth = 1000

// jsonDepth is the deepest nesting of arrays and objects in text read as JSON (strings skipped).
func jsonDepth(text string) int {
	depth, deepest, inString := 0, 0, false
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '[' || c == '{':
			depth++
			deepest = max(deepest, depth)
		case c == ']' || c == '}':
			depth--
		}
	}
	return deepest
}

// ---- logfmt

type logfmtStage struct {
	inverse map[string]string
	source  string
}

func newLogfmt(spec StageSpec) (stage, error) {
	var c struct {
		Mapping map[string]string `json:"mapping"`
		Source  string            `json:"source"`
	}
	if err := decode(spec.Config, &c); err != nil {
		return nil, err
	}
	if len(c.Mapping) == 0 {
		return nil, errors.New("logfmt mapping is required")
	}
	inverse := map[string]string{}
	for _, k := range sortedKeys(c.Mapping) {
		v := c.Mapping[k]
		if v == "" {
			v = k
		}
		inverse[v] = k
	}
	return &logfmtStage{inverse: inverse, source: c.Source}, nil
}

func (l *logfmtStage) process(e *entry) bool {
	input := e.line
	if l.source != "" {
		v, ok := e.extracted[l.source]
		if !ok {
			return true
		}
		if input, ok = stringOf(v); !ok {
			return true
		}
	}
	// Keys decoded before a syntax error stay extracted, as in Alloy.
	d := logfmt.NewDecoder(strings.NewReader(input))
	for d.ScanRecord() {
		for d.ScanKeyval() {
			if name, ok := l.inverse[string(d.Key())]; ok {
				e.extracted[name] = string(d.Value())
			}
		}
	}
	return true
}

// ---- timestamp

type timestampStage struct {
	en        *env
	source    string
	parse     func(string) (time.Time, error)
	fudge     bool
	lastKnown map[string]time.Time
}

func newTimestamp(en *env, spec StageSpec) (stage, error) {
	var c struct {
		Source          string   `json:"source"`
		Format          string   `json:"format"`
		FallbackFormats []string `json:"fallback_formats"`
		Location        *string  `json:"location"`
		ActionOnFailure string   `json:"action_on_failure"`
	}
	if err := decode(spec.Config, &c); err != nil {
		return nil, err
	}
	if c.Source == "" {
		return nil, errors.New("timestamp source value is required if timestamp is specified")
	}
	if c.Format == "" {
		return nil, errors.New("timestamp format is required")
	}
	var loc *time.Location
	if c.Location != nil {
		var err error
		if loc, err = time.LoadLocation(*c.Location); err != nil {
			return nil, fmt.Errorf("invalid location specified: %v", err)
		}
	}
	switch c.ActionOnFailure {
	case "":
		c.ActionOnFailure = "fudge"
	case "fudge", "skip":
	default:
		return nil, errors.New("invalid action on failure (supported values are [skip fudge])")
	}
	primary := layoutParser(en, c.Format, loc)
	parse := primary
	if len(c.FallbackFormats) > 0 {
		var fallbacks []func(string) (time.Time, error)
		for _, f := range c.FallbackFormats {
			fallbacks = append(fallbacks, layoutParser(en, f, loc))
		}
		parse = func(s string) (time.Time, error) {
			t, err := primary(s)
			if err == nil {
				return t, nil
			}
			for _, f := range fallbacks {
				if ft, ferr := f(s); ferr == nil {
					return ft, nil
				}
			}
			return t, err
		}
	}
	return &timestampStage{en: en, source: c.Source, parse: parse, fudge: c.ActionOnFailure == "fudge", lastKnown: map[string]time.Time{}}, nil
}

var namedLayouts = map[string]string{
	"ANSIC": time.ANSIC, "UnixDate": time.UnixDate, "RubyDate": time.RubyDate, "RFC822": time.RFC822,
	"RFC822Z": time.RFC822Z, "RFC850": time.RFC850, "RFC1123": time.RFC1123, "RFC1123Z": time.RFC1123Z,
	"RFC3339": time.RFC3339, "RFC3339Nano": time.RFC3339Nano,
}

// layoutParser reads a timestamp as Alloy's stage does for a format: a named layout, Unix/UnixMs/UnixUs/UnixNs,
// or a Go layout (in the given location; without a year, the current year is assumed).
func layoutParser(en *env, format string, loc *time.Location) func(string) (time.Time, error) {
	if layout, ok := namedLayouts[format]; ok {
		return func(s string) (time.Time, error) { return time.Parse(layout, s) }
	}
	switch format {
	case "Unix":
		return parseUnix
	case "UnixMs", "UnixUs", "UnixNs":
		unit := map[string]int64{"UnixMs": int64(time.Millisecond), "UnixUs": int64(time.Microsecond), "UnixNs": 1}[format]
		return func(s string) (time.Time, error) {
			i, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return time.Time{}, err
			}
			return time.Unix(0, i*unit), nil
		}
	}
	parseIn := func(s string) (time.Time, error) {
		if loc != nil {
			return time.ParseInLocation(format, s, loc)
		}
		return time.Parse(format, s)
	}
	if strings.Contains(format, "06") || strings.Contains(format, "2006") {
		return parseIn
	}
	return func(s string) (time.Time, error) {
		t, err := parseIn(s)
		if err != nil {
			return t, err
		}
		if t.Year() != 0 {
			return t, fmt.Errorf("timestamp '%s' is expected to not contain the year date component", s)
		}
		now := en.now()
		switch {
		case t.Month() == 12 && now.Month() == 1:
			return t.AddDate(now.Year()-1, 0, 0), nil
		case t.Month() == 1 && now.Month() == 12:
			return t.AddDate(now.Year()+1, 0, 0), nil
		}
		return t.AddDate(now.Year(), 0, 0), nil
	}
}

func parseUnix(s string) (time.Time, error) {
	if strings.Count(s, ".") == 1 {
		parts := strings.Split(s, ".")
		sec, err := strconv.ParseInt(parts[0], 10, 64)
		if err != nil {
			return time.Time{}, err
		}
		frac, err := strconv.ParseInt(parts[1], 10, 64)
		if err != nil {
			return time.Time{}, err
		}
		nsec := int64(float64(frac) * math.Pow(10, float64(9-len(parts[1]))))
		return time.Unix(sec, nsec), nil
	}
	i, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(i, 0), nil
}

func (t *timestampStage) process(e *entry) bool {
	var parsed time.Time
	ok := false
	if v, found := e.extracted[t.source]; found {
		if s, isString := stringOf(v); isString {
			var err error
			parsed, err = t.parse(s)
			ok = err == nil
		}
	}
	key := e.labels.String()
	if ok {
		e.ts = parsed
		if t.fudge {
			t.lastKnown[key] = parsed
		}
		return true
	}
	// fudge: one nanosecond after the last timestamp parsed for the same labels, if any.
	if last, seen := t.lastKnown[key]; t.fudge && seen {
		e.ts = last.Add(time.Nanosecond)
		t.lastKnown[key] = e.ts
	}
	return true
}

// ---- template and replace: text/template with sprig and Alloy's extra functions

var functions = func() template.FuncMap {
	m := sprig.TxtFuncMap()
	extra := template.FuncMap{
		"ToLower": strings.ToLower, "ToUpper": strings.ToUpper, "Replace": strings.Replace,
		"Trim": strings.Trim, "TrimLeft": strings.TrimLeft, "TrimRight": strings.TrimRight,
		"TrimPrefix": strings.TrimPrefix, "TrimSuffix": strings.TrimSuffix, "TrimSpace": strings.TrimSpace,
		"Hash": func(salt, input string) string {
			h := sha3.Sum256([]byte(salt + input))
			return hex.EncodeToString(h[:])
		},
		"Sha2Hash": func(salt, input string) string {
			h := sha256.Sum256([]byte(salt + input))
			return hex.EncodeToString(h[:])
		},
		"regexReplaceAll": func(regex, s, repl string) string {
			return regexp.MustCompile(regex).ReplaceAllString(s, repl)
		},
		"regexReplaceAllLiteral": func(regex, s, repl string) string {
			return regexp.MustCompile(regex).ReplaceAllLiteralString(s, repl)
		},
	}
	for k, v := range extra {
		m[k] = v
	}
	return m
}()

type templateStage struct {
	source string
	tmpl   *template.Template
}

func newTemplate(spec StageSpec) (stage, error) {
	var c struct {
		Source   string `json:"source"`
		Template string `json:"template"`
	}
	if err := decode(spec.Config, &c); err != nil {
		return nil, err
	}
	if c.Source == "" {
		return nil, errors.New("template source value is required")
	}
	t, err := template.New("pipeline_template").Funcs(functions).Parse(c.Template)
	if err != nil {
		return nil, err
	}
	return &templateStage{source: c.Source, tmpl: t}, nil
}

func (t *templateStage) process(e *entry) bool {
	data := map[string]any{}
	for k, v := range e.extracted {
		s, ok := stringOf(v)
		if !ok {
			continue
		}
		data[k] = s
		if k == t.source {
			data["Value"] = s
		}
	}
	data["Entry"] = e.line
	var buf bytes.Buffer
	if err := safeExecute(t.tmpl, &buf, data); err != nil {
		return true
	}
	if buf.Len() == 0 {
		delete(e.extracted, t.source)
	} else {
		e.extracted[t.source] = buf.String()
	}
	return true
}

// safeExecute turns a panic inside a template function (regexReplaceAll's MustCompile) into an error; Alloy
// would crash there, the preview says nothing changed.
func safeExecute(t *template.Template, buf *bytes.Buffer, data any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return t.Execute(buf, data)
}

type replaceStage struct {
	expr    *regexp.Regexp
	source  string
	replace string
}

func newReplace(spec StageSpec) (stage, error) {
	var c struct {
		Expression string `json:"expression"`
		Source     string `json:"source"`
		Replace    string `json:"replace"`
	}
	if err := decode(spec.Config, &c); err != nil {
		return nil, err
	}
	if c.Expression == "" {
		return nil, errors.New("expression is required")
	}
	expr, err := regexp.Compile(c.Expression)
	if err != nil {
		return nil, fmt.Errorf("could not compile regular expression: %w", err)
	}
	return &replaceStage{expr: expr, source: c.Source, replace: c.Replace}, nil
}

func (r *replaceStage) process(e *entry) bool {
	input := e.line
	if r.source != "" {
		v, ok := e.extracted[r.source]
		if !ok {
			return true
		}
		if input, ok = stringOf(v); !ok {
			return true
		}
	}
	first := r.expr.FindStringSubmatch(input)
	all := r.expr.FindAllStringSubmatchIndex(input, -1)
	if all == nil {
		return true
	}
	data := map[string]string{}
	for k, v := range e.extracted {
		if s, ok := stringOf(v); ok {
			data[k] = s
		}
	}
	// Alloy parses the replacement template per entry and gives up silently when it is invalid.
	tmpl, err := template.New("pipeline_template").Funcs(functions).Parse(r.replace)
	if err != nil {
		return true
	}
	var result strings.Builder
	end := 0
	captured := map[string]string{}
	for _, m := range all {
		for i := 2; i < len(m); i += 2 {
			if m[i] == -1 {
				continue
			}
			value := input[m[i]:m[i+1]]
			data["Value"] = value
			var buf bytes.Buffer
			if err := safeExecute(tmpl, &buf, data); err != nil {
				return true
			}
			if end == 0 || end <= m[i] {
				result.WriteString(input[end:m[i]])
				result.WriteString(buf.String())
				end = m[i+1]
			}
			captured[value] = buf.String()
		}
	}
	result.WriteString(input[end:])
	if r.source != "" {
		e.extracted[r.source] = result.String()
	} else {
		e.line = result.String()
	}
	for i, name := range r.expr.SubexpNames() {
		if i != 0 && name != "" {
			if v, ok := captured[first[i]]; ok {
				e.extracted[name] = v
			}
		}
	}
	return true
}

// ---- pack

type packStage struct {
	en              *env
	labels          []string
	ingestTimestamp bool
}

func newPack(en *env, spec StageSpec) (stage, error) {
	c := struct {
		Labels          []string `json:"labels"`
		IngestTimestamp *bool    `json:"ingest_timestamp"`
	}{}
	if err := decode(spec.Config, &c); err != nil {
		return nil, err
	}
	ingest := true
	if c.IngestTimestamp != nil {
		ingest = *c.IngestTimestamp
	}
	return &packStage{en: en, labels: c.Labels, ingestTimestamp: ingest}, nil
}

func (p *packStage) process(e *entry) bool {
	packed := map[string]string{}
	var found []model.LabelName
	for k, v := range e.extracted {
		for _, wanted := range p.labels {
			if k != wanted {
				continue
			}
			s, ok := stringOf(v)
			if !ok {
				continue
			}
			packed[wanted] = s
			found = append(found, model.LabelName(k))
		}
	}
	// Keys sorted, then the line under "_entry": Loki's `| unpack` reads it back.
	keys := make([]string, 0, len(packed))
	for k := range packed {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var buf bytes.Buffer
	buf.WriteString("{")
	for _, k := range keys {
		key, _ := jsoniter.Marshal(k)
		val, _ := jsoniter.Marshal(packed[k])
		buf.Write(key)
		buf.WriteString(":")
		buf.Write(val)
		buf.WriteString(",")
	}
	line, _ := jsoniter.Marshal(e.line)
	buf.WriteString(`"_entry":`)
	buf.Write(line)
	buf.WriteString("}")
	for _, l := range found {
		delete(e.labels, l)
	}
	e.line = buf.String()
	if p.ingestTimestamp {
		e.ts = p.en.now()
	}
	return true
}

// ---- match

type matchStage struct {
	drop     bool
	reason   string
	selector logql.Expr
	filter   logql.Filter
	nested   *pipeline
}

func newMatch(en *env, spec StageSpec) (stage, error) {
	var c struct {
		Selector   string `json:"selector"`
		Action     string `json:"action"`
		DropReason string `json:"drop_counter_reason"`
	}
	if err := decode(spec.Config, &c); err != nil {
		return nil, err
	}
	if c.Selector == "" {
		return nil, errors.New("selector statement required for match stage")
	}
	switch c.Action {
	case "", "keep":
		c.Action = "keep"
	case "drop":
	default:
		return nil, errors.New("match stage action should be 'keep' or 'drop'")
	}
	if c.Action == "keep" && len(spec.Stages) == 0 {
		return nil, errors.New("match stage requires at least one additional stage to be defined in '- stages'")
	}
	if c.Action == "drop" && len(spec.Stages) != 0 {
		return nil, errors.New("match stage configured to drop entries cannot contains stages")
	}
	selector, err := logql.ParseExpr(c.Selector)
	if err != nil {
		return nil, fmt.Errorf("invalid selector syntax for match stage: %w", err)
	}
	filter, err := selector.Filter()
	if err != nil {
		return nil, fmt.Errorf("error parsing pipeline: %w", err)
	}
	m := &matchStage{drop: c.Action == "drop", reason: c.DropReason, selector: selector, filter: filter}
	if m.reason == "" {
		m.reason = "match_stage"
	}
	if !m.drop {
		if m.nested, err = newPipeline(en, spec.Stages); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func (m *matchStage) matches(e *entry) bool {
	for _, matcher := range m.selector.Matchers() {
		if !matcher.Matches(string(e.labels[model.LabelName(matcher.Name)])) {
			return false
		}
	}
	return m.filter == nil || m.filter([]byte(e.line))
}

func (m *matchStage) process(e *entry) bool {
	if !m.matches(e) {
		return true
	}
	if m.drop {
		e.dropReason = m.reason
		return false
	}
	return m.nested.process(e)
}
