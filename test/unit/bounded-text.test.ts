// The bounded helpers behind every message that quotes user text (issue 13): the banded edit distance agrees
// with the full table wherever it answers, suggestions stop at a length cap, and quoted text is shortened with
// its length and control characters shown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { didYouMean, editDistance, MAX_SUGGEST_LENGTH } from '../../core/text/didYouMean';
import { printable, quoteUserText, shortenCodeSpans, shortenQuoted } from '../../core/text/userText';

/** Optimal string alignment distance by the full table: the reference. */
function fullDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

test('the banded distance is the full distance when within the band, else band + 1', () => {
  const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 10 });
  fc.assert(
    fc.property(word, word, fc.integer({ min: 0, max: 5 }), (a, b, max) => {
      assert.equal(editDistance(a, b, max), Math.min(fullDistance(a, b), max + 1));
    }),
    { seed: 13, numRuns: 3000 },
  );
});

test('suggestions: typos find their key, words past the cap get none', () => {
  assert.equal(didYouMean('repetiton', ['repetitions', 'workloads']), 'repetitions');
  assert.equal(didYouMean('wrokloads', ['repetitions', 'workloads']), 'workloads');
  assert.equal(didYouMean('k'.repeat(MAX_SUGGEST_LENGTH + 1), ['k'.repeat(MAX_SUGGEST_LENGTH)]), undefined);
  assert.equal(didYouMean('k'.repeat(2_000_000), ['plugins', 'output_dir']), undefined);
});

test('quoted text: shortened with its length, control characters shown, surrogate pairs kept whole', () => {
  assert.equal(shortenQuoted('short'), 'short');
  assert.equal(shortenQuoted('k'.repeat(2_000_000)), `${'k'.repeat(60)}… (2,000,000 characters)`);
  assert.equal(shortenQuoted(`${'a'.repeat(59)}😀tail`, 60), `${'a'.repeat(59)}… (65 characters)`);
  assert.equal(printable('a\x1b[2J\x07\r\0\x7f\x9bz\n\t'), 'a\u241b[2J\u2407\u240d\u2400\u2421\ufffdz\n\t');
  assert.equal(quoteUserText('line\nbreak\ttab'), 'line\u240abreak\u2409tab');
  assert.equal(shortenCodeSpans(`unexpected \`${'x'.repeat(500)}\`: expected \`)\``), `unexpected \`${'x'.repeat(60)}… (500 characters)\`: expected \`)\``);
  const once = `unknown function \`${quoteUserText('x'.repeat(100_000))}\``;
  assert.equal(shortenCodeSpans(once), once, 'a quote shortened already is not cut again');
});
