// Generates schemas/alloy/components.json, the catalog of Alloy components the language support checks against,
// from Alloy's own source at one version (the module in the Go module cache): every registered component's name,
// and for each its arguments, blocks and exports read from the Go struct tags (`alloy:"name,attr,optional"`),
// with types from the Go field types, and descriptions and defaults from the component's reference page in
// docs/sources/reference/components. Only Go's own parser is used (go/parser), no type checking, so that the
// generator runs without downloading Alloy's ~1,000 dependencies; a type it cannot resolve becomes "any" and a
// struct it cannot resolve is marked open (its contents are then not checked).
//
// Usage: go run . <alloy module dir> <version> <sprig module dir> > schemas/alloy/components.json
package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

const modulePath = "github.com/grafana/alloy"

type Attr struct {
	Type     string `json:"type"`
	Required bool   `json:"required,omitempty"`
	Default  string `json:"default,omitempty"`
	Doc      string `json:"doc,omitempty"`
}

type Block struct {
	Required bool   `json:"required,omitempty"`
	Multiple bool   `json:"multiple,omitempty"`
	Doc      string `json:"doc,omitempty"`
	*Body
}

type Body struct {
	Attrs  map[string]*Attr  `json:"attrs,omitempty"`
	Blocks map[string]*Block `json:"blocks,omitempty"`
	// Open: part of the body could not be resolved, so unknown names must not be reported.
	Open bool `json:"open,omitempty"`
	// Labeled: the block takes a label (`walk_param "public" { ... }`), its struct has an `alloy:",label"` field.
	Labeled bool `json:"labeled,omitempty"`
}

type Export struct {
	Type string `json:"type"`
	Doc  string `json:"doc,omitempty"`
}

type Component struct {
	Doc       string             `json:"doc,omitempty"`
	Stability string             `json:"stability"`
	Args      *Body              `json:"args,omitempty"`
	Exports   map[string]*Export `json:"exports,omitempty"`
}

type Catalog struct {
	Generator    string `json:"generator"`
	AlloyVersion string `json:"alloyVersion"`
	// ConfigBlocks: the top-level blocks that are not components (logging, declare, import.file, ...), one
	// reference page each in docs/sources/reference/config-blocks.
	ConfigBlocks []string `json:"configBlocks"`
	// TemplateFunctions: the functions stage.template knows (sprig's text functions and Alloy's own), for parsing.
	TemplateFunctions []string              `json:"templateFunctions"`
	Components        map[string]*Component `json:"components"`
}

type pkg struct {
	dir     string
	files   []*ast.File
	types   map[string]*ast.TypeSpec
	imports map[*ast.File]map[string]string
	texty   map[string]bool // named types with MarshalText or UnmarshalText: Alloy reads them as strings
	capsule map[string]bool // named types declaring AlloyCapsule
}

var (
	root     string
	fset     = token.NewFileSet()
	packages = map[string]*pkg{}
)

func load(dir string) *pkg {
	if p, ok := packages[dir]; ok {
		return p
	}
	p := &pkg{dir: dir, types: map[string]*ast.TypeSpec{}, imports: map[*ast.File]map[string]string{}, texty: map[string]bool{}, capsule: map[string]bool{}}
	packages[dir] = p
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			continue
		}
		p.files = append(p.files, f)
		imports := map[string]string{}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			local := path[strings.LastIndex(path, "/")+1:]
			if imp.Name != nil {
				local = imp.Name.Name
			}
			imports[local] = path
		}
		p.imports[f] = imports
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if ts, ok := s.(*ast.TypeSpec); ok {
						if ts.Doc == nil && len(d.Specs) == 1 {
							ts.Doc = d.Doc
						}
						p.types[ts.Name.Name] = ts
					}
				}
			case *ast.FuncDecl:
				if d.Recv == nil || len(d.Recv.List) != 1 {
					continue
				}
				recv := d.Recv.List[0].Type
				if star, ok := recv.(*ast.StarExpr); ok {
					recv = star.X
				}
				if id, ok := recv.(*ast.Ident); ok {
					switch d.Name.Name {
					case "MarshalText", "UnmarshalText":
						p.texty[id.Name] = true
					case "AlloyCapsule":
						p.capsule[id.Name] = true
					}
				}
			}
		}
	}
	return p
}

func (p *pkg) fileOf(ts *ast.TypeSpec) *ast.File {
	for _, f := range p.files {
		if f.Pos() <= ts.Pos() && ts.Pos() <= f.End() {
			return f
		}
	}
	return nil
}

// resolve finds the package and type spec a (possibly qualified) type name refers to, inside Alloy's module.
func resolve(p *pkg, f *ast.File, e ast.Expr) (*pkg, *ast.TypeSpec, string) {
	switch e := e.(type) {
	case *ast.Ident:
		if ts, ok := p.types[e.Name]; ok {
			return p, ts, e.Name
		}
		return nil, nil, e.Name
	case *ast.SelectorExpr:
		x, ok := e.X.(*ast.Ident)
		if !ok {
			return nil, nil, ""
		}
		path := p.imports[f][x.Name]
		name := x.Name + "." + e.Sel.Name
		if !strings.HasPrefix(path, modulePath+"/") || strings.HasPrefix(path, modulePath+"/syntax") {
			return nil, nil, path + "." + e.Sel.Name
		}
		q := load(filepath.Join(root, strings.TrimPrefix(path, modulePath+"/")))
		if ts, ok := q.types[e.Sel.Name]; ok {
			return q, ts, name
		}
		return nil, nil, name
	}
	return nil, nil, ""
}

var knownExternal = map[string]string{
	"time.Duration": "duration",
	"github.com/grafana/alloy/syntax/alloytypes.Secret":         "secret",
	"github.com/grafana/alloy/syntax/alloytypes.OptionalSecret": "string",
	"github.com/prometheus/common/model.Duration":               "duration",
	"github.com/prometheus/common/model.LabelName":              "string",
	"github.com/prometheus/common/model.LabelSet":               "map(string)",
	"github.com/prometheus/common/model.LabelValue":             "string",
	"github.com/alecthomas/units.Base2Bytes":                    "string",
	"regexp.Regexp":                                             "string",
}

// alloyType names the Alloy type of a Go field type, following Alloy's value.AlloyType rules as far as syntax
// alone allows.
func alloyType(p *pkg, f *ast.File, e ast.Expr, depth int) string {
	if depth > 12 {
		return "any"
	}
	switch e := e.(type) {
	case *ast.StarExpr:
		return alloyType(p, f, e.X, depth+1)
	case *ast.ArrayType:
		if id, ok := e.Elt.(*ast.Ident); ok && id.Name == "byte" {
			return "string"
		}
		return "list(" + alloyType(p, f, e.Elt, depth+1) + ")"
	case *ast.MapType:
		if id, ok := e.Key.(*ast.Ident); ok && id.Name == "string" {
			return "map(" + alloyType(p, f, e.Value, depth+1) + ")"
		}
		return "capsule"
	case *ast.InterfaceType:
		return "any"
	case *ast.StructType:
		return "object"
	case *ast.FuncType:
		return "function"
	case *ast.Ident:
		switch e.Name {
		case "string":
			return "string"
		case "bool":
			return "bool"
		case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "float32", "float64", "uintptr":
			return "number"
		case "any":
			return "any"
		}
	}
	q, ts, name := resolve(p, f, e)
	if t, ok := knownExternal[name]; ok {
		return t
	}
	if sel, ok := e.(*ast.SelectorExpr); ok {
		if x, ok := sel.X.(*ast.Ident); ok {
			if t, ok := knownExternal[p.imports[f][x.Name]+"."+sel.Sel.Name]; ok {
				return t
			}
		}
	}
	if ts == nil {
		return "any"
	}
	if q.capsule[ts.Name.Name] {
		return "capsule(" + name + ")"
	}
	if q.texty[ts.Name.Name] {
		return "string"
	}
	if _, isStruct := ts.Type.(*ast.StructType); isStruct {
		return "object"
	}
	if _, isIface := ts.Type.(*ast.InterfaceType); isIface {
		return "capsule(" + name + ")"
	}
	return alloyType(q, q.fileOf(ts), ts.Type, depth+1)
}

func docText(groups ...*ast.CommentGroup) string {
	for _, g := range groups {
		if g != nil {
			if t := strings.TrimSpace(g.Text()); t != "" {
				return strings.Join(strings.Fields(t), " ")
			}
		}
	}
	return ""
}

// structOf finds the struct type behind a field type: T, *T, []T, []*T, q.T.
func structOf(p *pkg, f *ast.File, e ast.Expr) (*pkg, *ast.File, *ast.StructType, bool) {
	multiple := false
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
			continue
		case *ast.ArrayType:
			e = t.Elt
			multiple = true
			continue
		case *ast.StructType:
			return p, f, t, multiple
		}
		break
	}
	q, ts, _ := resolve(p, f, e)
	if ts == nil {
		return nil, nil, nil, multiple
	}
	st, ok := ts.Type.(*ast.StructType)
	if !ok {
		// A named slice of structs, e.g. `type Rules []*Rule`.
		if arr, ok := ts.Type.(*ast.ArrayType); ok {
			q2, f2, st2, _ := structOf(q, q.fileOf(ts), arr.Elt)
			return q2, f2, st2, true
		}
		return nil, nil, nil, multiple
	}
	return q, q.fileOf(ts), st, multiple
}

func body(p *pkg, f *ast.File, st *ast.StructType, depth int) *Body {
	b := &Body{Attrs: map[string]*Attr{}, Blocks: map[string]*Block{}}
	if depth > 10 {
		b.Open = true
		return b
	}
	for _, field := range st.Fields.List {
		tag := ""
		if field.Tag != nil {
			raw, _ := strconv.Unquote(field.Tag.Value)
			tag = reflect.StructTag(raw).Get("alloy")
		}
		if tag == "" {
			if len(field.Names) == 0 { // embedded: its fields are the outer struct's
				if q, qf, inner, _ := structOf(p, f, field.Type); inner != nil {
					merge(b, body(q, qf, inner, depth+1))
				} else {
					b.Open = true
				}
			}
			continue
		}
		parts := strings.Split(tag, ",")
		name, flags := parts[0], strings.Join(parts[1:], ",")
		optional := strings.HasSuffix(flags, ",optional")
		kind := strings.TrimSuffix(flags, ",optional")
		doc := docText(field.Doc, field.Comment)
		switch kind {
		case "attr":
			b.Attrs[name] = &Attr{Type: alloyType(p, f, field.Type, 0), Required: !optional, Doc: doc}
		case "block":
			q, qf, inner, multiple := structOf(p, f, field.Type)
			blk := &Block{Required: !optional, Multiple: multiple, Doc: doc}
			if inner != nil {
				blk.Body = body(q, qf, inner, depth+1)
			} else {
				blk.Body = &Body{Open: true}
			}
			b.Blocks[name] = blk
		case "enum":
			// `stage,enum` over a struct of `regex,block,optional` fields: blocks named stage.regex, ...
			q, qf, inner, _ := structOf(p, f, field.Type)
			if inner == nil {
				b.Open = true
				continue
			}
			for n, blk := range body(q, qf, inner, depth+1).Blocks {
				blk.Multiple = true
				b.Blocks[name+"."+n] = blk
			}
		case "label":
			b.Labeled = true
		case "squash":
			if q, qf, inner, _ := structOf(p, f, field.Type); inner != nil {
				merge(b, body(q, qf, inner, depth+1))
			} else {
				b.Open = true
			}
		}
	}
	return b
}

func merge(into, from *Body) {
	for k, v := range from.Attrs {
		into.Attrs[k] = v
	}
	for k, v := range from.Blocks {
		into.Blocks[k] = v
	}
	into.Open = into.Open || from.Open
}

// registration finds component.Register(component.Registration{...}) calls in a package.
func registrations(p *pkg, visit func(name, stability string, f *ast.File, args, exports ast.Expr)) {
	for _, f := range p.files {
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			sel, ok := lit.Type.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Registration" {
				return true
			}
			var name, stability string
			var args, exports ast.Expr
			for _, elt := range lit.Elts {
				kv, ok := elt.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				key, _ := kv.Key.(*ast.Ident)
				if key == nil {
					continue
				}
				switch key.Name {
				case "Name":
					name = p.stringConst(kv.Value)
				case "Stability":
					if s, ok := kv.Value.(*ast.SelectorExpr); ok {
						stability = strings.ToLower(strings.TrimPrefix(s.Sel.Name, "Stability"))
					}
				case "Args":
					args = kv.Value
				case "Exports":
					exports = kv.Value
				}
			}
			if name != "" {
				visit(name, stability, f, args, exports)
			}
			return true
		})
	}
}

// stringConst reads a string literal or the package constant it names (`Name: name`).
func (p *pkg) stringConst(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		for _, f := range p.files {
			for _, d := range f.Decls {
				gd, ok := d.(*ast.GenDecl)
				if !ok || gd.Tok != token.CONST {
					continue
				}
				for _, s := range gd.Specs {
					vs := s.(*ast.ValueSpec)
					for i, n := range vs.Names {
						if n.Name == id.Name && i < len(vs.Values) {
							return p.stringConst(vs.Values[i])
						}
					}
				}
			}
		}
	}
	if bl, ok := e.(*ast.BasicLit); ok && bl.Kind == token.STRING {
		s, _ := strconv.Unquote(bl.Value)
		return s
	}
	return ""
}

// mapKeys lists the string keys of the map literal assigned to package variable `name` in a Go file.
func mapKeys(file, name string) []string {
	f, err := parser.ParseFile(fset, file, nil, 0)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var keys []string
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || vs.Names[0].Name != name || len(vs.Values) != 1 {
			return true
		}
		if lit, ok := vs.Values[0].(*ast.CompositeLit); ok {
			for _, elt := range lit.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok {
					if bl, ok := kv.Key.(*ast.BasicLit); ok && bl.Kind == token.STRING {
						key, _ := strconv.Unquote(bl.Value)
						keys = append(keys, key)
					}
				}
			}
		}
		return false
	})
	if len(keys) == 0 {
		fmt.Fprintf(os.Stderr, "%s: no map literal %s\n", file, name)
		os.Exit(1)
	}
	return keys
}

func compositeType(e ast.Expr) ast.Expr {
	if u, ok := e.(*ast.UnaryExpr); ok {
		e = u.X
	}
	if c, ok := e.(*ast.CompositeLit); ok {
		return c.Type
	}
	return nil
}

// The reference pages: `### `block` ... | `name` | `type` | description | default | required |`.
var (
	headingRe = regexp.MustCompile("^#{2,4} (.*)$")
	rowRe     = regexp.MustCompile("^\\|\\s*`([a-z0-9_.]+)`\\s*\\|\\s*(.*?)\\s*\\|\\s*(.*?)\\s*\\|\\s*(.*?)\\s*\\|\\s*(yes|no)\\s*\\|\\s*$")
	blockRow  = regexp.MustCompile("^\\|\\s*\\[?`([a-z0-9_. >]+)`\\]?(?:\\[[^\\]]*\\])?\\s*\\|\\s*(.*?)\\s*\\|\\s*(yes|no)\\s*\\|\\s*$")
	linkRe    = regexp.MustCompile(`\[([^\]]*)\]\[[^\]]*\]|\[([^\]]*)\]\([^)]*\)`)
)

type pageDocs struct {
	intro  string
	args   map[string]map[string][2]string // section (block name or "") -> argument -> {description, default}
	blocks map[string]string               // block name -> description
}

func cleanDoc(s string) string {
	s = linkRe.ReplaceAllStringFunc(s, func(m string) string {
		sub := linkRe.FindStringSubmatch(m)
		return sub[1] + sub[2]
	})
	s = strings.ReplaceAll(s, "<br>", " ")
	return strings.TrimSpace(s)
}

func readPage(path string) pageDocs {
	d := pageDocs{args: map[string]map[string][2]string{}, blocks: map[string]string{}}
	data, err := os.ReadFile(path)
	if err != nil {
		return d
	}
	section := ""
	inFront := false
	var intro []string
	for i, line := range strings.Split(string(data), "\n") {
		if i == 0 && line == "---" {
			inFront = true
			continue
		}
		if inFront {
			if line == "---" {
				inFront = false
			}
			continue
		}
		if m := headingRe.FindStringSubmatch(line); m != nil {
			names := regexp.MustCompile("`([^`]+)`").FindAllStringSubmatch(m[1], -1)
			switch {
			case strings.TrimSpace(m[1]) == "Arguments":
				section = ""
			case len(names) > 0:
				section = names[len(names)-1][1]
			default:
				section = "#" + m[1]
			}
			continue
		}
		if section == "" && len(d.args) == 0 && !strings.HasPrefix(line, "#") && !strings.HasPrefix(line, "{{") && strings.TrimSpace(line) != "" && len(intro) < 3 && !strings.HasPrefix(line, "|") {
			intro = append(intro, strings.TrimSpace(line))
		}
		if m := rowRe.FindStringSubmatch(line); m != nil {
			if d.args[section] == nil {
				d.args[section] = map[string][2]string{}
			}
			def := strings.Trim(m[4], " ")
			d.args[section][m[1]] = [2]string{cleanDoc(m[3]), strings.Trim(def, "`")}
		} else if m := blockRow.FindStringSubmatch(line); m != nil {
			parts := strings.Split(m[1], ">")
			d.blocks[strings.TrimSpace(parts[len(parts)-1])] = cleanDoc(m[2])
		}
	}
	d.intro = cleanDoc(strings.Join(intro, " "))
	return d
}

func annotate(b *Body, docs pageDocs, section string) {
	if b == nil {
		return
	}
	for name, a := range b.Attrs {
		if row, ok := docs.args[section][name]; ok {
			if row[0] != "" {
				a.Doc = row[0]
			}
			a.Default = row[1]
		}
	}
	for name, blk := range b.Blocks {
		if d, ok := docs.blocks[name]; ok {
			blk.Doc = d
		}
		annotate(blk.Body, docs, name)
	}
}

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: go run . <alloy module dir> <version> <sprig module dir>")
		os.Exit(2)
	}
	root = os.Args[1]
	catalog := Catalog{Generator: "scripts/alloy/catalog", AlloyVersion: os.Args[2], Components: map[string]*Component{}}
	componentRoot := filepath.Join(root, "internal", "component")
	var dirs []string
	filepath.WalkDir(componentRoot, func(path string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, path)
		}
		return nil
	})
	sort.Strings(dirs)
	for _, dir := range dirs {
		p := load(dir)
		registrations(p, func(name, stability string, f *ast.File, args, exports ast.Expr) {
			c := &Component{Stability: stability}
			if t := compositeType(args); t != nil {
				if q, qf, st, _ := structOf(p, f, t); st != nil {
					c.Args = body(q, qf, st, 0)
				}
			}
			if t := compositeType(exports); t != nil {
				if q, qf, st, _ := structOf(p, f, t); st != nil {
					c.Exports = map[string]*Export{}
					for n, a := range body(q, qf, st, 0).Attrs {
						c.Exports[n] = &Export{Type: a.Type, Doc: a.Doc}
					}
				}
			}
			if c.Args == nil {
				c.Args = &Body{Open: true}
			}
			namespace := strings.SplitN(name, ".", 2)[0]
			docs := readPage(filepath.Join(root, "docs", "sources", "reference", "components", namespace, name+".md"))
			c.Doc = docs.intro
			annotate(c.Args, docs, "")
			for n, e := range c.Exports {
				if row, ok := docs.args["Exported fields"][n]; ok && row[0] != "" {
					e.Doc = row[0]
				}
			}
			catalog.Components[name] = c
		})
	}
	pages, _ := filepath.Glob(filepath.Join(root, "docs", "sources", "reference", "config-blocks", "*.md"))
	for _, page := range pages {
		if name := strings.TrimSuffix(filepath.Base(page), ".md"); !strings.HasPrefix(name, "_") {
			catalog.ConfigBlocks = append(catalog.ConfigBlocks, name)
		}
	}
	catalog.TemplateFunctions = append(
		mapKeys(filepath.Join(os.Args[3], "functions.go"), "genericMap"),
		mapKeys(filepath.Join(root, "internal", "component", "loki", "process", "stages", "template.go"), "extraFunctionMap")...,
	)
	sort.Strings(catalog.TemplateFunctions)
	out := json.NewEncoder(os.Stdout)
	out.SetIndent("", " ")
	out.SetEscapeHTML(false)
	if err := out.Encode(catalog); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
