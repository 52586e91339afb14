// Our Alloy parser (Alloy's own, compiled to WebAssembly) agrees with Alloy's parser run natively on every
// configuration of test/fixtures/alloy/corpus (Alloy's own test data and reference examples, and broken
// variants): same verdict, same messages, same positions. verdicts.json was produced by the native parser
// (scripts/alloy/verdicts; regenerate with node scripts/alloy/corpus.mjs).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { checkAlloy } from '../../core/alloy/check';
import { parseAlloy } from '../../core/alloy/parse';
import { loadAlloyParser } from '../../core/alloy/syntaxWasm';
import { FIXTURES } from '../support/paths';

const CORPUS = path.join(FIXTURES, 'alloy', 'corpus');
const verdicts: Record<string, { errors: Array<{ message: string; start: number; end: number }> }> = JSON.parse(
  fs.readFileSync(path.join(CORPUS, 'verdicts.json'), 'utf8'),
);
const files = Object.keys(verdicts);

before(async () => {
  assert.equal(await loadAlloyParser(), true);
});

/** UTF-8 byte offset of a UTF-16 offset, as the native parser counts. */
const byteOffset = (text: string, offset: number) => Buffer.byteLength(text.slice(0, offset), 'utf8');

test('the corpus holds at least 100 configurations, valid and broken', () => {
  assert.deepEqual(fs.readdirSync(CORPUS).filter((f) => f.endsWith('.alloy')).sort(), files.sort());
  const broken = files.filter((f) => verdicts[f].errors.length > 0).length;
  assert.ok(files.length >= 100 && broken >= 30 && files.length - broken >= 30, `${files.length} files, ${broken} broken`);
});

test('every configuration gets exactly the native parser’s verdict: messages and positions', () => {
  const disagreements: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(CORPUS, file), 'utf8');
    const result = parseAlloy(text);
    const ours = result.errors.map((e) => ({ message: e.message, start: byteOffset(text, e.range.start), end: byteOffset(text, e.range.end) }));
    const expected = verdicts[file].errors.map((e) => ({ ...e, end: Math.min(e.end, Buffer.byteLength(text, 'utf8')) }));
    if (JSON.stringify(ours) !== JSON.stringify(expected)) disagreements.push(`${file}: ours ${JSON.stringify(ours)}, Alloy ${JSON.stringify(expected)}`);
    if ((result.ast === undefined) !== expected.length > 0) disagreements.push(`${file}: tree ${result.ast ? 'present' : 'absent'}`);
  }
  assert.deepEqual(disagreements, []);
});

test('the checks never crash on the corpus, and add no syntax error to what Alloy accepts', () => {
  for (const file of files) {
    const text = fs.readFileSync(path.join(CORPUS, file), 'utf8');
    const problems = checkAlloy(text).problems;
    if (verdicts[file].errors.length === 0) assert.deepEqual(problems.filter((p) => p.code === 'alloy/syntax'), [], file);
  }
});
