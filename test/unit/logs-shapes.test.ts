// Every data shape of bench:logs (field orders, timestamp precisions and zones, tags, long and non-ASCII messages,
// CRLF, malformed lines) is indexed to exactly the counts its generator wrote, and the byte scanner decides the
// records of every shape (the fast path covers them all; JSON.parse is left the malformed lines).
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { test } from 'node:test';
import { LineClassifier, LineInfo } from '../../core/logs/lineClassifier';
import { createLogSession } from '../../core/logs/openLogSession';
import { LOG_SHAPES, writeShapeFile } from '../../scripts/bench/logShapes';

for (const [k, shape] of LOG_SHAPES.entries()) {
  test(`shape ${k} (${shape.name}): counts as written, records decided by the byte scanner`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-shapes-'));
    try {
      const file = path.join(dir, 'runner-node-1.jsonl');
      const truth = writeShapeFile(file, shape, 3000, 7 + k);
      const session = await createLogSession({ files: [file], follow: false });
      try {
        const info = await session.info();
        assert.deepEqual([info.lines, info.records, info.unparsed], [truth.lines, truth.records, truth.malformed]);
        const facets = await session.facets();
        assert.deepEqual(facets.level, truth.byLevel);
        assert.deepEqual(facets.component, truth.byComponent);
      } finally {
        await session.dispose();
      }
      const data = fs.readFileSync(file);
      const classifier = new LineClassifier();
      const info = new LineInfo();
      let scanned = 0;
      for (let start = 0; start < data.length; ) {
        const end = data.indexOf(0x0a, start);
        classifier.classify(data, start, end, info, false);
        if (classifier.scannedRecord) scanned++;
        start = end + 1;
      }
      assert.equal(scanned, truth.records);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
