// Label values from local run logs for completion without Loki: lb's label fields of the newest runs' JSONL
// files, reading only a bounded prefix of each file.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { runLogLabelValues } from '../../core/logql/runLogLabels';

function record(fields: Record<string, unknown>): string {
  return JSON.stringify({ timestamp: '2026-11-21T13:56:39.603580Z', level: 'INFO', logger: 'lb', message: 'm', ...fields }) + '\n';
}

test('values of lb labels from the runs under benchmark_results, run ids newest first', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-runlabels-'));
  const logs = (run: string) => {
    const dir = path.join(folder, 'benchmark_results', run, 'logs');
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  };
  fs.writeFileSync(
    path.join(logs('run-20261120-100000'), 'controller-ctl.jsonl'),
    record({ component: 'controller', host: 'ctl', run_id: 'run-20261120-100000', workload: 'cpu', repetition: 1, tags: { phase: 'setup' } }) +
      'not json\n' +
      record({ component: 'controller', host: 'ctl', run_id: 'run-20261120-100000', package: 'lb_controller' }),
  );
  fs.writeFileSync(path.join(logs('run-20261121-100000'), 'runner-node-1.jsonl'), record({ component: 'runner', host: 'node-1', run_id: 'run-20261121-100000', plugin: 'dfaas', scenario: 's1' }));
  // Beyond the bytes read per file: never seen.
  fs.writeFileSync(path.join(logs('run-20261121-100000'), 'k6-node-2.jsonl'), 'x'.repeat(1100) + '\n' + record({ component: 'k6', host: 'node-2', run_id: 'run-20261121-100000' }));
  const values = await runLogLabelValues([folder], { bytesPerFile: 1000 });
  assert.deepEqual(Object.fromEntries(values), {
    component: ['controller', 'runner'],
    host: ['ctl', 'node-1'],
    run_id: ['run-20261121-100000', 'run-20261120-100000'],
    workload: ['cpu'],
    package: ['lb_controller'],
    plugin: ['dfaas'],
    scenario: ['s1'],
    repetition: ['1'],
    phase: ['setup'],
  });
});

test('a folder without runs gives empty value lists', async () => {
  const values = await runLogLabelValues([fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-empty-'))]);
  assert.deepEqual([...values.values()].flat(), []);
});
