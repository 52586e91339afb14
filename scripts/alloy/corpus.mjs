// Builds test/fixtures/alloy/corpus/: Alloy configurations from Alloy's own sources (the parser's and printer's
// test data, the ```alloy examples of the reference docs) and broken variants of some of them, then records
// the verdict of Alloy's own parser on each (scripts/alloy/verdicts, native Go) in verdicts.json.
// Usage: node scripts/alloy/corpus.mjs   (needs Go; downloads the modules from the Go module proxy)
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = path.join(ROOT, 'test', 'fixtures', 'alloy', 'corpus');
const VERDICTS = path.join(ROOT, 'scripts', 'alloy', 'verdicts');
const DOC_EXAMPLES = 120;
const MUTATED = 60;

function moduleDir(spec) {
  const info = JSON.parse(execFileSync('go', ['mod', 'download', '-json', spec], { cwd: VERDICTS, encoding: 'utf8' }));
  return info.Dir;
}

function* walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else yield p;
  }
}

// Deterministic breakages, each a kind of mistake people make (or a fuzzer finds).
const MUTATIONS = [
  ['drop-last-brace', (t) => t.replace(/\}(\s*)$/, '$1')],
  ['double-assign', (t) => t.replace(/ = /, ' = = ')],
  ['unterminated-string', (t) => t.replace(/"([^"\n]*)"/, '"$1')],
  ['single-quotes', (t) => t.replace(/"([^"\n]*)"/, "'$1'")],
  ['stray-at', (t) => t.replace(/\n/, '\n@\n')],
  ['dotted-attribute', (t) => t.replace(/^(\s*)([a-z_]+) = /m, '$1$2.x = ')],
  ['label-not-identifier', (t) => t.replace(/"([A-Za-z_]\w*)" \{/, '"$1-x" {')],
  ['missing-value', (t) => t.replace(/ = [^\n]*\n/, ' =\n')],
  ['bad-escape', (t) => t.replace(/"([^"\n]*)"/, '"$1\\q"')],
  ['unclosed-list', (t) => t.replace(/\]/, '')],
  ['extra-closing', (t) => `${t}\n}\n`],
  ['block-in-expression', (t) => t.replace(/ = /, ' = { a = }')],
];

const files = new Map();
const add = (name, text) => {
  if (!text.trim() || [...files.values()].includes(text)) return;
  files.set(name.replace(/[^\w.-]+/g, '_'), text);
};

const syntax = moduleDir('github.com/grafana/alloy/syntax@v0.1.0');
for (const f of walk(path.join(syntax, 'parser', 'testdata'))) {
  if (f.endsWith('.alloy')) add(`parser-${path.relative(path.join(syntax, 'parser', 'testdata'), f)}`, fs.readFileSync(f, 'utf8'));
}
for (const f of walk(path.join(syntax, 'printer', 'testdata'))) {
  if (f.endsWith('.in')) add(`printer-${path.basename(f, '.in')}.alloy`, fs.readFileSync(f, 'utf8'));
}
const alloy = moduleDir('github.com/grafana/alloy@v1.11.0');
add('example-config.alloy', fs.readFileSync(path.join(alloy, 'example-config.alloy'), 'utf8'));
const examples = [];
for (const f of walk(path.join(alloy, 'docs', 'sources', 'reference'))) {
  if (!f.endsWith('.md')) continue;
  const md = fs.readFileSync(f, 'utf8');
  let i = 0;
  for (const m of md.matchAll(/```alloy\n([\s\S]*?)```/g)) examples.push([`docs-${path.basename(f, '.md')}-${++i}.alloy`, m[1]]);
}
// Every n-th example, so that the sample spans the whole reference.
const step = Math.max(1, Math.floor(examples.length / DOC_EXAMPLES));
const sampled = examples.filter((_, i) => i % step === 0).slice(0, DOC_EXAMPLES);
for (const [name, text] of sampled) add(name, text);
let mutated = 0;
for (const [i, [name, text]] of sampled.entries()) {
  if (mutated >= MUTATED) break;
  const [kind, mutate] = MUTATIONS[i % MUTATIONS.length];
  const broken = mutate(text);
  if (broken !== text) {
    add(`broken-${kind}-${name}`, broken);
    mutated++;
  }
}

fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(OUT, { recursive: true });
for (const [name, text] of files) fs.writeFileSync(path.join(OUT, name.endsWith('.alloy') ? name : `${name}.alloy`), text);
const verdicts = execFileSync('go', ['run', '.', OUT], { cwd: VERDICTS, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
fs.writeFileSync(path.join(OUT, 'verdicts.json'), verdicts);
const parsed = JSON.parse(verdicts);
const broken = Object.values(parsed).filter((v) => v.errors.length > 0).length;
console.error(`[alloy corpus] ${files.size} configurations, ${broken} refused by Alloy's parser`);
