// No cycles between the folders of core/: each folder is a capability that can be read, and loaded, after the
// folders it imports. Imports of types only count too: a folder that names another's types is read after it
// (types several folders share live in a leaf, e.g. labelModel/, diagnostics/embeddedDiagnostic.ts's EmbeddedText).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { REPO_ROOT } from '../support/paths';

const CORE = path.join(REPO_ROOT, 'core');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The modules a file imports: import and export declarations, of types only too. */
function importedModules(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
  return source.statements.flatMap((s) =>
    (ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && s.moduleSpecifier ? [(s.moduleSpecifier as ts.StringLiteral).text] : [],
  );
}

/** core/'s first-level folder of a file, or undefined for files directly in core/ or outside it. */
function folderOf(file: string): string | undefined {
  const parts = path.relative(CORE, file).split(path.sep);
  return parts.length > 1 && parts[0] !== '..' ? parts[0] : undefined;
}

function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(CORE)) {
    const from = folderOf(file);
    if (!from) continue;
    for (const specifier of importedModules(file)) {
      if (!specifier.startsWith('.')) continue;
      const to = folderOf(path.resolve(path.dirname(file), specifier));
      if (to && to !== from) graph.set(from, (graph.get(from) ?? new Set()).add(to));
    }
  }
  return graph;
}

/** The strongly connected components of more than one folder (Tarjan), each sorted. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found.sort((a, b) => a[0].localeCompare(b[0]));
}

test('the folders of core/ import each other in no cycle', () => {
  assert.deepEqual(cycles(folderGraph()), []);
});

test('the config path is acyclic: validation, diagnostics, documents and config are in no cycle', () => {
  const inCycles = new Set(cycles(folderGraph()).flat());
  assert.deepEqual(['validation', 'diagnostics', 'documents', 'config', 'lokiConfig', 'grafanaProvisioning', 'tasks', 'health'].filter((f) => inCycles.has(f)), []);
});
