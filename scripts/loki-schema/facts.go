package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/grafana/loki/v3/pkg/loki"
	"github.com/grafana/loki/v3/pkg/storage/bucket"
	"github.com/grafana/loki/v3/pkg/storage/types"
)

// startFacts collects the values checked only at start: index and object store types from Loki's exported
// lists, KV store names from dskit's client switch, and targets as the module names Loki registers.
func startFacts(cfg *loki.Config) (Facts, error) {
	var f Facts
	f.IndexTypes = concat(types.SupportedIndexTypes, types.DeprecatedIndexTypes, types.TestingStorageTypes)
	f.ObjectStores = concat(types.SupportedStorageTypes, types.DeprecatedStorageTypes, types.TestingStorageTypes)
	f.ThanosBackends = concat(bucket.SupportedBackends)

	dskitDir, err := moduleDir("github.com/grafana/dskit")
	if err != nil {
		return f, err
	}
	f.KVStores, err = switchCases(filepath.Join(dskitDir, "kv", "client.go"), "createClient")
	if err != nil {
		return f, err
	}

	lokiDir, err := moduleDir("github.com/grafana/loki/v3")
	if err != nil {
		return f, err
	}
	names, err := stringConstants(filepath.Join(lokiDir, "pkg", "loki", "modules.go"))
	if err != nil {
		return f, err
	}
	l, err := loki.New(*cfg)
	if err != nil {
		return f, err
	}
	for _, n := range concat(names) {
		if l.ModuleManager.IsModuleRegistered(n) {
			f.Targets = append(f.Targets, n)
		}
	}
	sort.Strings(f.Targets)
	return f, nil
}

func concat(lists ...[]string) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range lists {
		for _, v := range l {
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	return out
}

func moduleDir(module string) (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", module).Output()
	if err != nil {
		return "", fmt.Errorf("go list -m %s: %w", module, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// switchCases lists the string cases of the switch statements in function fn of file path.
func switchCases(path, fn string) ([]string, error) {
	file, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, decl := range file.Decls {
		fd, ok := decl.(*ast.FuncDecl)
		if !ok || fd.Name.Name != fn {
			continue
		}
		ast.Inspect(fd, func(n ast.Node) bool {
			if cc, ok := n.(*ast.CaseClause); ok {
				for _, e := range cc.List {
					if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						v, _ := strconv.Unquote(lit.Value)
						out = append(out, v)
					}
				}
			}
			return true
		})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no string cases in %s of %s", fn, path)
	}
	return out, nil
}

// stringConstants lists the values of the string constants declared in the file.
func stringConstants(path string) ([]string, error) {
	file, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, decl := range file.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			for _, v := range spec.(*ast.ValueSpec).Values {
				if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, _ := strconv.Unquote(lit.Value)
					out = append(out, s)
				}
			}
		}
	}
	return out, nil
}
