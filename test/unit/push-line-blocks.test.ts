// The push reads files a block of whole lines at a time (readLineBlocks); readLines is built on it. Both against
// the plain split of the whole file, for every chunk size and line limit around the lines' lengths: lines across
// chunks, CRLF, lines over the limit, a last line without its newline, a start offset.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, test } from 'node:test';
import { FileLine, readLineBlocks, readLines } from '../../core/logs/lineReader';

/** The complete lines of `data` from `from` on, as readLines must give them. */
function expectedLines(data: Buffer, from: number, maxLine: number): FileLine[] {
  const lines: FileLine[] = [];
  for (let start = from, nl = data.indexOf(0x0a, start); nl >= 0; start = nl + 1, nl = data.indexOf(0x0a, start)) {
    let length = nl - start;
    let bytes = data.subarray(start, start + Math.min(length, maxLine));
    if (length <= maxLine && bytes[bytes.length - 1] === 0x0d) {
      bytes = bytes.subarray(0, -1);
      length--;
    }
    lines.push({ offset: start, nextOffset: nl + 1, bytes: Buffer.from(bytes), truncated: length > bytes.length, length });
  }
  return lines;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describe('reading whole lines a block at a time', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-line-blocks-'));
  const file = path.join(dir, 'x.jsonl');
  const data = Buffer.from(['{"a":1}', 'short', '', 'crlf line\r', 'x'.repeat(40), 'é漢🎉 multibyte', '\r', 'y'.repeat(17), 'last without newline'].join('\n'));
  fs.writeFileSync(file, data);

  test('readLines gives what the whole file split at its newlines gives, for every chunk size and line limit', async () => {
    for (const chunkBytes of [1, 2, 3, 7, 16, 41, 64, 1 << 20]) {
      for (const maxLineBytes of [5, 17, 40, 64 << 20]) {
        for (const fromOffset of [0, 8]) {
          const got = await collect(readLines(file, { chunkBytes, maxLineBytes, fromOffset }));
          assert.deepEqual(got, expectedLines(data, fromOffset, maxLineBytes), `chunk ${chunkBytes}, limit ${maxLineBytes}, from ${fromOffset}`);
        }
      }
    }
  });

  test('blocks hold whole lines with their newlines, back to back, and stop before the incomplete last line', async () => {
    for (const chunkBytes of [1, 5, 16, 1 << 20]) {
      const blocks = await collect(readLineBlocks(file, { chunkBytes }));
      let offset = 0;
      for (const block of blocks) {
        assert.equal(block.offset, offset);
        assert.equal(block.cutLength, undefined);
        assert.equal(block.bytes[block.bytes.length - 1], 0x0a);
        assert.deepEqual(block.bytes, data.subarray(block.offset, block.nextOffset));
        offset = block.nextOffset;
      }
      assert.equal(offset, data.lastIndexOf(0x0a) + 1, `chunk ${chunkBytes}`);
    }
  });

  test('reading into one reused buffer gives the same blocks, each read before the next is asked for', async () => {
    for (const chunkBytes of [1, 5, 16, 1 << 20]) {
      for (const toOffset of [data.length, 30]) {
        const copied = async (reuseBuffer: boolean) => {
          const blocks = [];
          for await (const block of readLineBlocks(file, { chunkBytes, toOffset, reuseBuffer })) blocks.push({ ...block, bytes: Buffer.from(block.bytes) });
          return blocks;
        };
        assert.deepEqual(await copied(true), await copied(false), `chunk ${chunkBytes}, to ${toOffset}`);
      }
    }
  });

  test('a line over the limit comes alone, cut, with its length', async () => {
    const blocks = await collect(readLineBlocks(file, { chunkBytes: 8, maxLineBytes: 10 }));
    const cut = blocks.filter((b) => b.cutLength !== undefined);
    assert.deepEqual(
      cut.map((b) => [b.offset, b.bytes.toString(), b.cutLength, b.nextOffset]),
      [
        [data.indexOf('x'), 'x'.repeat(10), 40, data.indexOf('x') + 41],
        [data.indexOf('é'), data.subarray(data.indexOf('é'), data.indexOf('é') + 10).toString(), Buffer.byteLength('é漢🎉 multibyte'), data.indexOf('é') + Buffer.byteLength('é漢🎉 multibyte') + 1],
        [data.indexOf('yyy'), 'y'.repeat(10), 17, data.indexOf('yyy') + 18],
      ],
    );
  });
});
