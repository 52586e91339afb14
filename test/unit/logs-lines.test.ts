// readLines: complete lines with byte offsets, resumable from a previous nextOffset, the way the push
// module reads run files; and its agreement with the index on which lines exist.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { FileLine, readLines } from '../../core/logs/lineReader';

async function collect(file: string, options: Parameters<typeof readLines>[1] = {}): Promise<FileLine[]> {
  const lines: FileLine[] = [];
  for await (const line of readLines(file, options)) lines.push(line);
  return lines;
}

describe('readLines', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-lines-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('complete lines with offsets; CR stripped; an unterminated last line is not yielded', async () => {
    const file = path.join(dir, 'a.jsonl');
    fs.writeFileSync(file, 'one\r\n\ntwo\nthree');
    const lines = await collect(file);
    assert.deepEqual(
      lines.map((l) => [l.offset, l.nextOffset, l.bytes.toString(), l.length, l.truncated]),
      [
        [0, 5, 'one', 3, false],
        [5, 6, '', 0, false],
        [6, 10, 'two', 3, false],
      ],
    );
    const resumed = await collect(file, { fromOffset: lines[1].nextOffset });
    assert.deepEqual(resumed.map((l) => l.bytes.toString()), ['two']);
  });

  test('a line longer than maxLineBytes keeps its beginning, its length and its place', async () => {
    const file = path.join(dir, 'long.jsonl');
    fs.writeFileSync(file, `short\n${'x'.repeat(3_000_000)}\nafter\n`);
    const lines = await collect(file, { maxLineBytes: 1000 });
    assert.deepEqual(
      lines.map((l) => [l.offset, l.bytes.length, l.length, l.truncated]),
      [
        [0, 5, 5, false],
        [6, 1000, 3_000_000, true],
        [3_000_007, 5, 5, false],
      ],
    );
  });

  test('property: for any content, start and chunk size, the lines are exactly those of a split on newlines', async () => {
    const file = path.join(dir, 'p.jsonl');
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.nat(), fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 100 }), async (bytes, startAt, maxLine, chunkBytes) => {
        const data = Buffer.from(bytes);
        fs.writeFileSync(file, data);
        const starts = [0, ...[...data.entries()].filter(([, b]) => b === 0x0a).map(([i]) => i + 1)];
        const from = starts[startAt % starts.length];
        const expected: Array<[number, string]> = [];
        for (let s = from; s < data.length; ) {
          const nl = data.indexOf(0x0a, s);
          if (nl < 0) break;
          let line = data.subarray(s, nl);
          if (line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
          expected.push([s, line.subarray(0, maxLine).toString('latin1')]);
          s = nl + 1;
        }
        const got = await collect(file, { fromOffset: from, maxLineBytes: maxLine, chunkBytes });
        assert.deepEqual(got.map((l) => [l.offset, l.bytes.toString('latin1')]), expected);
      }),
      { numRuns: 300 },
    );
  });
});
