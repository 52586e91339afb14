package main

import (
	"regexp"
	"strconv"
	"syscall/js"
	"text/template"
)

// Parsing a template only needs to know which function names exist (text/template checks arguments when it
// runs): every name Alloy's stage.template knows (sprig's and Alloy's own, listed in the catalog the TypeScript
// side passes) maps to this stand-in, which is never called.
func standIn(...any) any { return nil }

var (
	funcsFor   string
	funcsCache template.FuncMap
)

func funcMap(names []js.Value) template.FuncMap {
	key := strconv.Itoa(len(names))
	if len(names) > 0 {
		key += names[0].String() + names[len(names)-1].String()
	}
	if key != funcsFor {
		funcsCache = template.FuncMap{}
		for _, n := range names {
			funcsCache[n.String()] = standIn
		}
		funcsFor = key
	}
	return funcsCache
}

// text/template's errors carry "template: NAME:LINE:COL: ..." or "template: NAME:LINE: ...".
var templateError = regexp.MustCompile(`(?s)^template: pipeline_template:(\d+)(?::(\d+))?: (.*)$`)

// templateCheck parses a stage.template template as Alloy does: template(text, functionNames). Result:
// {ok: true} or {ok: false, error, line, col} (col 0 when Go gives only the line; line 0 without a position).
func templateCheck(_ js.Value, args []js.Value) any {
	if len(args) != 2 || args[0].Type() != js.TypeString || args[1].Type() != js.TypeObject {
		return map[string]any{"ok": false, "error": "template expects a string and a list of function names", "line": 0, "col": 0}
	}
	names := make([]js.Value, args[1].Length())
	for i := range names {
		names[i] = args[1].Index(i)
	}
	_, err := template.New("pipeline_template").Funcs(funcMap(names)).Parse(args[0].String())
	if err == nil {
		return map[string]any{"ok": true}
	}
	if m := templateError.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		return map[string]any{"ok": false, "error": m[3], "line": line, "col": col}
	}
	return map[string]any{"ok": false, "error": err.Error(), "line": 0, "col": 0}
}
