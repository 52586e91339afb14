// `lb-obs validate` agrees with lb 0.67 itself on the configs of ../shared/corpora/lb-verdicts, whose verdicts
// were recorded by loading each config with lb's own pydantic models (see the corpus's README.md): no error on
// a config lb accepts, an error on every config lb rejects (or fails on at run time), a warning on every key lb
// ignores. The corpus lives beside the repository (CI checks it out there): with CI=true a missing corpus fails.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { findNodeAtLocation, JSONPath, Node, parseTree } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { emptyHomeEnv } from '../support/emptyHome';
import { runLbObsSync } from '../support/lbObsCli';
import { REPO_ROOT } from '../support/paths';
import { needs } from '../support/prerequisites';

const CORPUS = path.resolve(REPO_ROOT, '..', 'shared', 'corpora', 'lb-verdicts');
const EXPECTATIONS = path.join(CORPUS, 'expectations.json');

/**
 * `$schema` is the one key lb ignores that gets no warning: it is there for editors (the schema describes it as
 * ignored by lb), and warning about it would push users to remove the schema their editor validates with.
 */
const IGNORED_WITHOUT_WARNING = ['$schema'];

interface Verdict {
  lb: 'accept' | 'reject' | 'plugin_reject';
  runtime_reject?: unknown;
  ignored?: string[];
}

interface ContractDiagnostic {
  severity: string;
  message: string;
  code: string;
  range: { start: { line: number; character: number } };
}

/** `functions.0.methdo` as a jsonc-parser path: a number where the value there is a list. */
function pathIn(root: Node, dotted: string): JSONPath {
  const out: JSONPath = [];
  for (const segment of dotted.split('.')) {
    const parent = findNodeAtLocation(root, out);
    out.push(parent?.type === 'array' && /^\d+$/.test(segment) ? Number(segment) : segment);
  }
  return out;
}

/** Where an ignored key's name starts, as the validator's diagnostics give positions. */
function keyPosition(file: string, dotted: string): { line: number; character: number } {
  const text = fs.readFileSync(path.join(CORPUS, file), 'utf8');
  const root = parseTree(text);
  assert.ok(root, `${file} does not parse`);
  const value = findNodeAtLocation(root, pathIn(root, dotted));
  const key = value?.parent?.children?.[0];
  assert.ok(key, `${file}: the ignored key ${dotted} is not in the file`);
  return TextDocument.create('file:///x', 'json', 1, text).positionAt(key.offset);
}

const corpus = { name: 'lb-verdicts corpus', path: fs.existsSync(EXPECTATIONS) ? CORPUS : undefined, missing: `${EXPECTATIONS} not found (the shared corpora sit beside the repository: ../shared/corpora)` };

describe('lb-obs validate agrees with lb 0.67 on its own verdicts', needs('lb-verdicts', corpus), () => {
  test('no error where lb accepts, an error where lb rejects, a warning on each key lb ignores', () => {
    const files = (JSON.parse(fs.readFileSync(EXPECTATIONS, 'utf8')) as { files: Record<string, Verdict> }).files;
    const names = Object.keys(files);
    const r = runLbObsSync(['validate', '--format', 'json', ...names], { cwd: CORPUS, env: { ...process.env, ...emptyHomeEnv() } });
    assert.ok(r.code === 0 || r.code === 1, `lb-obs validate exited ${r.code}: ${r.stderr}`);
    const results = JSON.parse(r.stdout) as Array<{ file: string; diagnostics: ContractDiagnostic[] }>;
    assert.deepEqual(results.map((x) => x.file), names);

    const failures: string[] = [];
    const counts = { accept: 0, reject: 0, agree: 0, falseErrors: 0, missed: 0, ignoredKeys: 0, ignoredWarned: 0 };
    for (const { file, diagnostics } of results) {
      const verdict = files[file];
      const lbRefuses = verdict.lb !== 'accept' || !!verdict.runtime_reject;
      const errors = diagnostics.filter((d) => d.severity === 'error');
      const shown = diagnostics.map((d) => `\n    ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.message} [${d.code}]`).join('');
      counts[lbRefuses ? 'reject' : 'accept']++;
      if (lbRefuses && errors.length === 0) {
        counts.missed++;
        failures.push(`${file}: lb ${verdict.runtime_reject ? 'fails at run time' : verdict.lb}s it, but no error:${shown || ' (no diagnostics)'}`);
      } else if (!lbRefuses && errors.length > 0) {
        counts.falseErrors++;
        failures.push(`${file}: lb accepts it, but errors:${shown}`);
      } else counts.agree++;
      for (const key of verdict.ignored ?? []) {
        if (IGNORED_WITHOUT_WARNING.includes(key)) continue;
        counts.ignoredKeys++;
        const at = keyPosition(file, key);
        const warned = diagnostics.some((d) => d.severity === 'warning' && d.range.start.line === at.line && d.range.start.character === at.character);
        if (warned) counts.ignoredWarned++;
        else failures.push(`${file}: lb ignores ${key}, but no warning on it at ${at.line + 1}:${at.character + 1}:${shown || ' (no diagnostics)'}`);
      }
    }
    console.log(
      `lb-verdicts: ${results.length} configs (${counts.accept} lb accepts, ${counts.reject} lb rejects or fails at run time): ` +
        `${counts.agree} agree (${((100 * counts.agree) / results.length).toFixed(1)}%), ${counts.falseErrors} false errors, ${counts.missed} missed errors; ` +
        `${counts.ignoredWarned}/${counts.ignoredKeys} ignored keys warned (${IGNORED_WITHOUT_WARNING.join(', ')} excepted)`,
    );
    assert.deepEqual(failures, []);
  });
});
