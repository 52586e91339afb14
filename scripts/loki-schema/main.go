// Generates schemas/loki/loki-<version>.schema.json from Loki's own config structs, walked the way Loki reads
// its config file (gopkg.in/yaml.v2, strict): every key yaml accepts, hidden ones included, with its Go type,
// default (the registered flag's), description (doc tag or flag usage) and the block it belongs to. Loki's
// doc-generator parser (tools/doc-generator/parse) is run over the same config as a cross-check: every key it
// documents must be in the schema.
//
// With -check, it reads JSON lines {"type": "<schema type id>", "yaml": "<value text>"} from stdin and prints,
// per line, whether Loki's YAML decoding accepts that value for a field of that Go type, so that the editor's
// scalar checks can be compared with Go's on any input.
package main

import (
	"bufio"
	"encoding"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"

	"github.com/grafana/loki/v3/pkg/loki"
	"github.com/grafana/loki/v3/tools/doc-generator/parse"
	"gopkg.in/yaml.v2"
)

type Field struct {
	Name        string   `json:"name"`
	Type        string   `json:"type"`
	GoType      string   `json:"goType,omitempty"`
	Ref         string   `json:"ref,omitempty"`
	Items       *Field   `json:"items,omitempty"`
	Values      *Field   `json:"values,omitempty"`
	Default     string   `json:"default,omitempty"`
	Description string   `json:"description,omitempty"`
	Hidden      bool     `json:"hidden,omitempty"`
	Deprecated  bool     `json:"deprecated,omitempty"`
	Enum        []string `json:"enum,omitempty"`
}

type Block struct {
	Description string   `json:"description,omitempty"`
	Fields      []*Field `json:"fields"`
	// AnyKeys: an inline map takes every key the struct does not name.
	AnyKeys *Field `json:"anyKeys,omitempty"`
}

// Facts are the values Loki accepts for keys whose check happens only when Loki starts.
type Facts struct {
	IndexTypes     []string `json:"indexTypes"`
	ObjectStores   []string `json:"objectStores"`
	ThanosBackends []string `json:"thanosBackends"`
	KVStores       []string `json:"kvStores"`
	Targets        []string `json:"targets"`
}

type Schema struct {
	Loki   string            `json:"loki"`
	Note   string            `json:"note"`
	Root   string            `json:"root"`
	Facts  Facts             `json:"facts"`
	Blocks map[string]*Block `json:"blocks"`
}

var (
	yamlUnmarshaler = reflect.TypeFor[yaml.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// Types with their own UnmarshalYAML that take a scalar, by what decides their values.
var scalarTypes = map[string]string{
	"time.Duration": "duration",
	"github.com/prometheus/common/model.Duration":           "model_duration",
	"github.com/grafana/loki/v3/pkg/util/flagext.ByteSize":  "bytesize",
	"github.com/grafana/dskit/flagext.Bytes":                "bytes",
	"github.com/grafana/dskit/flagext.Secret":               "string",
	"github.com/grafana/dskit/flagext.StringSliceCSV":       "string",
	"github.com/grafana/dskit/flagext.CIDRSliceCSV":         "cidr_list",
	"github.com/grafana/dskit/flagext.URLValue":             "url",
	"github.com/grafana/dskit/flagext.Time":                 "time",
	"github.com/grafana/dskit/flagext.DayValue":             "day",
	"github.com/grafana/loki/v3/pkg/storage/config.DayTime": "day",
	"github.com/grafana/dskit/log.Level":                    "log_level",
}

type walker struct {
	flags         map[uintptr]*flag.Flag
	roots         map[reflect.Type]parse.RootBlock
	blocks        map[string]*Block
	byType        map[reflect.Type][]string
	goTypes       map[string]reflect.Type
	unknown       map[string]bool
	customStructs map[string]bool
}

func typeName(t reflect.Type) string {
	if t.PkgPath() == "" {
		return t.String()
	}
	return t.PkgPath() + "." + t.Name()
}

func docTag(f reflect.StructField) map[string]string {
	out := map[string]string{}
	tag := f.Tag.Get("doc")
	if tag == "" {
		return out
	}
	for _, entry := range strings.Split(tag, "|") {
		parts := strings.SplitN(entry, "=", 2)
		if len(parts) == 2 {
			out[parts[0]] = parts[1]
		} else {
			out[parts[0]] = ""
		}
	}
	return out
}

// yamlName follows yaml.v2: the tag's name, else the field name lowercased; "" when not in YAML.
func yamlName(f reflect.StructField) (name string, inline bool) {
	tag := f.Tag.Get("yaml")
	if tag == "-" || f.PkgPath != "" && !f.Anonymous {
		return "", false
	}
	parts := strings.Split(tag, ",")
	for _, p := range parts[1:] {
		if p == "inline" {
			inline = true
		}
	}
	if inline {
		return "", true
	}
	if parts[0] != "" {
		return parts[0], false
	}
	if f.PkgPath != "" {
		return "", false
	}
	return strings.ToLower(f.Name), false
}

func description(cfg reflect.Value, f reflect.StructField, tags map[string]string, fl *flag.Flag) string {
	if d := tags["description"]; d != "" {
		return d
	}
	if m := tags["description_method"]; m != "" {
		if method, ok := cfg.Type().MethodByName(m); ok {
			out := method.Func.Call([]reflect.Value{cfg})
			if len(out) == 1 {
				return out[0].String()
			}
		}
	}
	if fl != nil {
		return fl.Usage
	}
	return ""
}

func (w *walker) hasUnmarshaler(t reflect.Type) bool {
	return t.Implements(yamlUnmarshaler) || reflect.PointerTo(t).Implements(yamlUnmarshaler)
}

// fieldType describes a value of type t held at v (addressable, or invalid when there is no instance).
func (w *walker) fieldType(t reflect.Type, v reflect.Value) *Field {
	if s, ok := scalarTypes[typeName(t)]; ok {
		w.goTypes[s] = t
		return &Field{Type: s, GoType: typeName(t)}
	}
	if t.Kind() == reflect.Pointer {
		var inner reflect.Value
		if v.IsValid() && !v.IsNil() {
			inner = v.Elem()
		}
		return w.fieldType(t.Elem(), inner)
	}
	// Values of these types are decoded by their own code; structs with UnmarshalYAML usually decode a plain
	// copy of themselves (kept as blocks, listed in -report for review).
	if reflect.PointerTo(t).Implements(textUnmarshaler) && !w.hasUnmarshaler(t) || w.hasUnmarshaler(t) && t.Kind() != reflect.Struct {
		w.unknown[typeName(t)] = true
		return &Field{Type: "custom", GoType: typeName(t)}
	}
	if w.hasUnmarshaler(t) {
		// Without a yaml tag the struct is a wrapper (a map, a regexp, a URL) decoding itself from another shape.
		if !hasYAMLTags(t) {
			w.unknown[typeName(t)] = true
			return &Field{Type: "custom", GoType: typeName(t)}
		}
		w.customStructs[typeName(t)] = true
	}
	switch t.Kind() {
	case reflect.Bool:
		return w.basic("bool", t)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return w.basic(fmt.Sprintf("int%d", t.Bits()), t)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return w.basic(fmt.Sprintf("uint%d", t.Bits()), t)
	case reflect.Float32, reflect.Float64:
		return w.basic("float", t)
	case reflect.String:
		return w.basic("string", t)
	case reflect.Interface:
		return &Field{Type: "any", GoType: typeName(t)}
	case reflect.Slice, reflect.Array:
		return &Field{Type: "list", GoType: typeName(t), Items: w.fieldType(t.Elem(), reflect.Value{})}
	case reflect.Map:
		return &Field{Type: "map", GoType: typeName(t), Values: w.fieldType(t.Elem(), reflect.Value{})}
	case reflect.Struct:
		if !v.IsValid() {
			v = reflect.New(t).Elem()
		}
		return &Field{Type: "block", GoType: typeName(t), Ref: w.block(v)}
	}
	w.unknown[typeName(t)] = true
	return &Field{Type: "any", GoType: typeName(t)}
}

func hasYAMLTags(t reflect.Type) bool {
	for i := 0; i < t.NumField(); i++ {
		if t.Field(i).Tag.Get("yaml") != "" {
			return true
		}
	}
	return false
}

func (w *walker) basic(id string, t reflect.Type) *Field {
	if _, ok := w.goTypes[id]; !ok && t.PkgPath() == "" {
		w.goTypes[id] = t
	}
	return &Field{Type: id, GoType: typeName(t)}
}

func (w *walker) addFields(b *Block, v reflect.Value) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		fv := v.Field(i)
		if f.Type.Kind() == reflect.Func || f.Type.Kind() == reflect.Chan {
			continue
		}
		name, inline := yamlName(f)
		if inline {
			switch {
			case f.Type.Kind() == reflect.Map:
				b.AnyKeys = w.fieldType(f.Type.Elem(), reflect.Value{})
			case f.Type.Kind() == reflect.Pointer:
				w.addFields(b, reflect.New(f.Type.Elem()).Elem())
			default:
				w.addFields(b, fv)
			}
			continue
		}
		if name == "" {
			continue
		}
		tags := docTag(f)
		var fl *flag.Flag
		if fv.CanAddr() {
			fl = w.flags[fv.Addr().Pointer()]
		}
		field := w.fieldType(f.Type, fv)
		field.Name = name
		field.Description = description(v.Addr(), f, tags, fl)
		_, field.Hidden = tags["hidden"]
		_, field.Deprecated = tags["deprecated"]
		if d, ok := tags["default"]; ok {
			field.Default = d
		} else if fl != nil {
			field.Default = fl.DefValue
		}
		b.Fields = append(b.Fields, field)
	}
}

// block returns the id of the struct held at v; blocks of the same type with the same content share an id.
func (w *walker) block(v reflect.Value) string {
	t := v.Type()
	b := &Block{Fields: []*Field{}}
	base := t.Name()
	if root, ok := w.roots[t]; ok {
		base = root.Name
		b.Description = root.Desc
	} else {
		base = strings.ToLower(base[:1]) + base[1:]
		if pkg := t.PkgPath(); pkg != "" {
			base = pkg[strings.LastIndex(pkg, "/")+1:] + "." + base
		}
	}
	if v.CanAddr() {
		w.addFields(b, v)
	} else {
		w.addFields(b, reflect.New(t).Elem())
	}
	content, _ := json.Marshal(b)
	for _, id := range w.byType[t] {
		existing, _ := json.Marshal(w.blocks[id])
		if string(existing) == string(content) {
			return id
		}
	}
	id := base
	if n := len(w.byType[t]); n > 0 {
		id = fmt.Sprintf("%s#%d", base, n+1)
	}
	for w.blocks[id] != nil {
		id += "'"
	}
	w.blocks[id] = b
	w.byType[t] = append(w.byType[t], id)
	return id
}

func generate(version string) (*Schema, map[string]reflect.Type, error) {
	cfg := &loki.Config{}
	flags := parse.Flags(cfg)
	w := &walker{
		flags:         flags,
		roots:         map[reflect.Type]parse.RootBlock{},
		blocks:        map[string]*Block{},
		byType:        map[reflect.Type][]string{},
		goTypes:       map[string]reflect.Type{},
		unknown:       map[string]bool{},
		customStructs: map[string]bool{},
	}
	for _, r := range parse.RootBlocks {
		for _, t := range r.StructType {
			w.roots[t] = r
		}
	}
	root := w.block(reflect.ValueOf(cfg).Elem())
	if err := crossCheck(cfg, flags, w.blocks, root); err != nil {
		return nil, nil, err
	}
	if *report {
		fmt.Fprintf(os.Stderr, "types decoded by their own code, not checked: %s\n", sortedKeys(w.unknown))
		fmt.Fprintf(os.Stderr, "structs with UnmarshalYAML, checked as blocks: %s\n", sortedKeys(w.customStructs))
	}
	facts, err := startFacts(cfg)
	if err != nil {
		return nil, nil, err
	}
	return &Schema{
		Loki:   version,
		Note:   "Generated by scripts/loki-schema from Loki's Go source; do not edit.",
		Root:   root,
		Facts:  facts,
		Blocks: w.blocks,
	}, w.goTypes, nil
}

var report = flag.Bool("report", false, "list the types with their own YAML decoding on stderr")

func sortedKeys(m map[string]bool) string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// crossCheck fails when Loki's doc generator documents a key the schema does not have.
func crossCheck(cfg *loki.Config, flags map[uintptr]*flag.Flag, blocks map[string]*Block, root string) error {
	docBlocks, err := parse.Config(cfg, flags, parse.RootBlocks)
	if err != nil {
		return err
	}
	var missing []string
	var visit func(db *parse.ConfigBlock, id string, path string)
	visit = func(db *parse.ConfigBlock, id string, path string) {
		b := blocks[id]
		if b == nil {
			return
		}
		for _, e := range db.Entries {
			if e.Inline && e.Block != nil {
				visit(e.Block, id, path)
				continue
			}
			if e.Name == "" {
				continue
			}
			var f *Field
			for _, candidate := range b.Fields {
				if candidate.Name == e.Name {
					f = candidate
				}
			}
			if f == nil {
				missing = append(missing, path+e.Name)
				continue
			}
			if e.Kind == parse.KindBlock && e.Block != nil && f.Type == "block" {
				visit(e.Block, f.Ref, path+e.Name+".")
			}
		}
	}
	visit(docBlocks[0], root, "")
	if len(missing) > 0 {
		return fmt.Errorf("keys documented by Loki but missing from the schema: %s", strings.Join(missing, ", "))
	}
	return nil
}

// check answers, per input line, whether yaml.v2's strict decoding into a field of the type accepts the value.
func check(types map[string]reflect.Type) error {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var req struct {
			Type string `json:"type"`
			YAML string `json:"yaml"`
		}
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			return err
		}
		t, ok := types[req.Type]
		if !ok {
			return fmt.Errorf("no Go type for schema type %q", req.Type)
		}
		holder := reflect.New(reflect.StructOf([]reflect.StructField{{Name: "V", Type: t, Tag: `yaml:"v"`}}))
		err := yaml.UnmarshalStrict([]byte("v: "+req.YAML+"\n"), holder.Interface())
		res := map[string]any{"ok": err == nil}
		if err != nil {
			res["error"] = err.Error()
		} else {
			res["value"] = fmt.Sprint(holder.Elem().Field(0).Interface())
		}
		if err := out.Encode(res); err != nil {
			return err
		}
	}
	return in.Err()
}

func main() {
	version := flag.String("version", "", "Loki version the module requires (recorded in the schema)")
	checkMode := flag.Bool("check", false, "judge values read from stdin instead of printing the schema")
	flag.Parse()
	schema, goTypes, err := generate(*version)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if *checkMode {
		if err := check(goTypes); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(schema); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
