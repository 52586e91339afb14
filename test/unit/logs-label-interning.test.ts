// The indexer finds a line's label set from interned field values (no strings on the common path). Lines whose
// labels change on every line, more distinct hosts than are interned, escaped values equal to unescaped ones
// and repetitions beyond the interned range must still give every row exactly the labels JSON.parse reads.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { test } from 'node:test';
import { createLogSession } from '../../core/logs/openLogSession';
import { allRows } from '../support/logTruth';

interface Labels {
  component?: string;
  host?: string;
  workload?: string;
  repetition?: number;
  phase?: string;
}

function record(i: number): string {
  const host = i % 3 === 0 ? `node-${100 + ((i / 3) % 1500)}` : `node-${i % 2}`;
  const fields: Record<string, unknown> = {
    timestamp: `2026-11-21T13:56:${String(Math.floor(i / 1000) % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}Z`,
    level: 'INFO',
    component: ['runner', 'controller', 'dfaas'][i % 3],
    host,
    run_id: 'run-1',
    logger: 'lb',
    // Long enough for the file to span several of the indexer's read chunks (buffers reused between reads).
    message: `line ${i} ${'x'.repeat(2000)}`,
  };
  if (i % 4 !== 0) fields.workload = i % 4 === 1 ? 'fio' : 'stress_ng';
  if (i % 5 !== 0) fields.repetition = i % 7 === 0 ? 5000 + i : 1 + (i % 3);
  if (i % 6 === 0) fields.tags = { phase: i % 12 === 0 ? 'setup' : 'teardown', host: 'not-a-label' };
  const text = JSON.stringify(fields);
  // Every eleventh line writes its host with an escape: the same value, so the same label set.
  return i % 11 === 0 ? text.replace(`"host":"node-`, `"host":"node\\u002d`) : text;
}

function expected(line: string): Labels {
  const r = JSON.parse(line) as Record<string, unknown>;
  const labels: Labels = { component: r.component as string, host: r.host as string };
  if (typeof r.workload === 'string') labels.workload = r.workload;
  if (typeof r.repetition === 'number') labels.repetition = r.repetition;
  const phase = (r.tags as { phase?: string } | undefined)?.phase;
  if (phase !== undefined) labels.phase = phase;
  return labels;
}

test('labels changing on every line, 1,500 hosts, escaped values and large repetitions: every row has its own labels', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-label-interning-'));
  const lines = Array.from({ length: 6000 }, (_, i) => record(i));
  const file = path.join(dir, 'runner-node-1.jsonl');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  const session = await createLogSession({ files: [file], follow: false });
  try {
    const rows = (await allRows(session)).sort((a, b) => a.offset - b.offset);
    assert.equal(rows.length, lines.length);
    rows.forEach((row, i) => {
      const got: Labels = {};
      for (const k of ['component', 'host', 'workload', 'repetition', 'phase'] as const) if (row[k] !== undefined) Object.assign(got, { [k]: row[k] });
      assert.deepEqual(got, expected(lines[i]), `line ${i + 1}: ${lines[i]}`);
    });
    const facets = await session.facets();
    assert.equal(Object.keys(facets.host).length, 1502);
    assert.equal(facets.host['node-0'], lines.filter((l) => expected(l).host === 'node-0').length);
  } finally {
    await session.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
