// What a log panel opens: a run's folder, picked files (linked to their run when they are its logs), or a run
// read from Loki with its id quoted into the query.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { filesTarget, lokiRunTarget, runTarget } from '../../client/src/logs/logTarget';

let root: string;
const run = () => path.join(root, 'benchmark_results', 'run-20261121-100000');

before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-targets-'));
  fs.mkdirSync(path.join(run(), 'logs'), { recursive: true });
  fs.writeFileSync(
    path.join(run(), 'run_journal.json'),
    JSON.stringify({
      run_id: 'custom id',
      tasks: [
        { host: 'h', workload: 'w', repetition: 1, status: 'COMPLETED', started_at: '2026-11-21T10:00:00Z', finished_at: '2026-11-21T10:30:00Z' },
      ],
      metadata: {},
    }),
  );
  for (const f of ['controller-ctl.jsonl', 'runner-h.jsonl']) fs.writeFileSync(path.join(run(), 'logs', f), '');
  fs.mkdirSync(path.join(root, 'elsewhere', 'logs'), { recursive: true });
  fs.writeFileSync(path.join(root, 'elsewhere', 'logs', 'a.jsonl'), '');
});

after(() => fs.rmSync(root, { recursive: true, force: true }));

test('a run folder: its id comes from the journal', async () => {
  assert.deepEqual(await runTarget(run() + '/'), {
    key: `run:${run()}`,
    title: 'Logs: custom id',
    runDir: run(),
    runId: 'custom id',
  });
  assert.equal((await runTarget(path.join(root, 'elsewhere'))).runId, 'elsewhere', 'no journal: the folder name');
});

test("files in one run's logs/ folder keep their run; the same panel whatever the selection order", async () => {
  const logs = path.join(run(), 'logs');
  const a = await filesTarget([path.join(logs, 'runner-h.jsonl'), path.join(logs, 'controller-ctl.jsonl')]);
  const b = await filesTarget([path.join(logs, 'controller-ctl.jsonl'), path.join(logs, 'runner-h.jsonl'), path.join(logs, 'runner-h.jsonl')]);
  assert.deepEqual(a, b);
  assert.equal(a.title, 'Logs: controller-ctl.jsonl +1');
  assert.equal(a.runDir, run());
  assert.equal(a.runId, 'custom id');
});

test('files outside a run, or from several folders, have no run to link', async () => {
  const lone = await filesTarget([path.join(root, 'elsewhere', 'logs', 'a.jsonl')]);
  assert.equal(lone.title, 'Logs: a.jsonl');
  assert.equal(lone.runDir, undefined, 'a logs/ folder without a journal is not a run');
  const mixed = await filesTarget([path.join(root, 'elsewhere', 'logs', 'a.jsonl'), path.join(run(), 'logs', 'runner-h.jsonl')]);
  assert.equal(mixed.runDir, undefined);
  assert.equal(mixed.runId, undefined);
});

test('from Loki: the run id is quoted into the selector and the journal gives the time range', async () => {
  const target = await lokiRunTarget(run(), 'a"} |= "x', { url: 'http://loki:3100', tenant: 't1' });
  assert.equal(target.key, `loki:${run()}`);
  assert.equal(target.title, 'Logs: a"} |= "x (Loki)');
  assert.deepEqual(target.loki, {
    connection: { url: 'http://loki:3100', tenant: 't1' },
    query: '{run_id=`a"} |= "x`}',
    start: Date.parse('2026-11-21T09:55:00Z'),
    end: Date.parse('2026-11-21T10:35:00Z'),
    newestFirst: true,
  });
  const noJournal = await lokiRunTarget(path.join(root, 'elsewhere'), 'run-1', { url: 'http://loki:3100' });
  assert.equal(noJournal.loki?.query, '{run_id="run-1"}');
  assert.equal(noJournal.loki?.start, undefined);
  assert.equal(noJournal.loki?.end, undefined, 'no end: the session follows new lines');
});
