// The Runs view's model: runs found on disk, newest first, with status, tasks per host / workload /
// repetition and durations as the view shows them; and where the view looks for runs.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { discoverRuns } from '../../core/runs/discover';
import { readConfigOutputDir, readPlatformOutputDir, runsOutputDirs } from '../../core/runs/outputDirs';
import { buildRunTree, formatDuration, RunNode, RunTreeNode } from '../../core/runs/runTree';

const T0 = Date.parse('2026-11-21T10:00:00Z');
const iso = (offsetS: number) => new Date(T0 + offsetS * 1000).toISOString();

interface TaskSpec {
  host: string;
  workload: string;
  repetition: number;
  status: string;
  start?: number;
  end?: number;
  error?: string;
  action?: string;
}

function journal(runId: string, createdAt: string, tasks: TaskSpec[]): string {
  return JSON.stringify({
    run_id: runId,
    tasks: tasks.map((t) => ({
      host: t.host,
      workload: t.workload,
      repetition: t.repetition,
      status: t.status,
      current_action: t.action ?? null,
      timestamp: t.start === undefined ? null : iso(t.start),
      error: t.error ?? null,
      error_type: t.error ? 'WorkloadError' : null,
      started_at: t.start === undefined ? null : iso(t.start),
      finished_at: t.end === undefined ? null : iso(t.end),
      duration_seconds: t.start !== undefined && t.end !== undefined ? t.end - t.start : null,
    })),
    metadata: { created_at: createdAt, repetitions: 2, config_hash: 'abc', execution_mode: 'remote', node_count: 2 },
  });
}

let root: string;
const outputDir = () => path.join(root, 'benchmark_results');

function writeRun(name: string, text: string | null, withLogs = false): string {
  const dir = path.join(outputDir(), name);
  fs.mkdirSync(dir, { recursive: true });
  if (text !== null) fs.writeFileSync(path.join(dir, 'run_journal.json'), text);
  if (withLogs) fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
  return dir;
}

before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-runs-'));
  // A finished run with one failure, two hosts, two workloads, two repetitions.
  writeRun(
    'run-20261121-100000',
    journal('run-20261121-100000', '2026-11-21T10:00:00', [
      { host: 'node-1', workload: 'stress_ng', repetition: 1, status: 'COMPLETED', start: 0, end: 65 },
      { host: 'node-1', workload: 'stress_ng', repetition: 2, status: 'COMPLETED', start: 70, end: 130 },
      { host: 'node-1', workload: 'fio', repetition: 1, status: 'FAILED', start: 140, end: 150, error: 'fio exited with 1' },
      { host: 'node-1', workload: 'fio', repetition: 2, status: 'SKIPPED' },
      { host: 'node-2', workload: 'stress_ng', repetition: 1, status: 'COMPLETED', start: 0, end: 61 },
      { host: 'node-2', workload: 'stress_ng', repetition: 2, status: 'COMPLETED', start: 62, end: 3725 },
    ]),
  );
  // A running run, created later.
  writeRun(
    'run-20261121-120000',
    journal('run-20261121-120000', '2026-11-21T12:00:00', [
      { host: 'node-1', workload: 'dfaas', repetition: 1, status: 'COMPLETED', start: 7200, end: 7500 },
      { host: 'node-1', workload: 'dfaas', repetition: 2, status: 'RUNNING', start: 7510, action: 'k6 load 120 rps' },
      { host: 'node-1', workload: 'dfaas', repetition: 3, status: 'PENDING' },
    ]),
  );
  // A run whose journal is being written (invalid JSON), and one with only logs.
  writeRun('run-20261121-110000', '{"run_id": "run-20261121-110000", "tasks": [', true);
  // Not runs: a plain folder and a file.
  fs.mkdirSync(path.join(outputDir(), 'reports'), { recursive: true });
  fs.writeFileSync(path.join(outputDir(), 'notes.txt'), 'x');
});

after(() => fs.rmSync(root, { recursive: true, force: true }));

function find(nodes: RunTreeNode[], ...labels: string[]): RunTreeNode {
  let node: RunTreeNode | undefined;
  let level = nodes;
  for (const label of labels) {
    node = level.find((n) => n.label === label);
    assert.ok(node, `no node ${labels.join(' > ')}`);
    level = node.children;
  }
  return node!;
}

describe('Runs tree', () => {
  let runs: RunNode[];
  const NOW = T0 + 7600 * 1000;

  before(async () => {
    runs = buildRunTree(await discoverRuns([outputDir(), path.join(root, 'missing')]), NOW);
  });

  test('lists the runs newest first; the unreadable journal sorts by folder time', () => {
    const withJournal = runs.filter((r) => r.status !== 'UNKNOWN').map((r) => r.runId);
    assert.deepEqual(withJournal, ['run-20261121-120000', 'run-20261121-100000']);
    assert.equal(runs.length, 3);
    assert.ok(!runs.some((r) => r.runId === 'reports'));
  });

  test('a finished run: status, counts and its whole span', () => {
    const run = find(runs, 'run-20261121-100000') as RunNode;
    assert.equal(run.status, 'FAILED');
    assert.equal(run.active, false);
    assert.equal(run.description, 'failed · 4/6 · 1 h 02 min');
    assert.deepEqual(
      run.children.map((h) => [h.label, h.status, h.description]),
      [
        ['node-1', 'FAILED', 'failed · 2/4 · 2 min 30 s'],
        ['node-2', 'COMPLETED', 'completed · 2/2 · 1 h 02 min'],
      ],
    );
    assert.deepEqual(
      find(runs, 'run-20261121-100000', 'node-1').children.map((w) => [w.label, w.status, w.description]),
      [
        ['stress_ng', 'COMPLETED', 'completed · 2/2 · 2 min 10 s'],
        ['fio', 'FAILED', 'failed · 0/2 · 10 s'],
      ],
    );
    assert.deepEqual(
      find(runs, 'run-20261121-100000', 'node-1', 'fio').children.map((t) => [t.label, t.status, t.description]),
      [
        ['rep 1', 'FAILED', 'failed · 10 s · fio exited with 1'],
        ['rep 2', 'SKIPPED', 'skipped'],
      ],
    );
    assert.deepEqual(run.tooltip.at(-1), ['First error', 'node-1 / fio rep 1: fio exited with 1']);
  });

  test('a running run: active, durations up to now, the current action', () => {
    const run = find(runs, 'run-20261121-120000') as RunNode;
    assert.equal(run.status, 'RUNNING');
    assert.equal(run.active, true);
    assert.equal(run.description, 'running · 1/3 · 6 min 40 s');
    const reps = find(runs, 'run-20261121-120000', 'node-1', 'dfaas').children;
    assert.deepEqual(
      reps.map((t) => [t.label, t.status, t.description]),
      [
        ['rep 1', 'COMPLETED', 'completed · 5 min 00 s'],
        ['rep 2', 'RUNNING', 'running · 1 min 30 s · k6 load 120 rps'],
        ['rep 3', 'PENDING', 'pending'],
      ],
    );
  });

  test('a run with an unreadable journal says why and still offers its folder', () => {
    const run = runs.find((r) => r.status === 'UNKNOWN')!;
    assert.equal(run.runId, 'run-20261121-110000');
    assert.equal(run.runDir, path.join(outputDir(), 'run-20261121-110000'));
    assert.equal(run.description, 'no readable run_journal.json');
    assert.equal(run.children.length, 1);
    assert.equal(run.children[0].kind, 'note');
    assert.match(run.children[0].label, /^invalid JSON: /);
  });

  test('node ids are stable and unique, and every node knows its run', () => {
    const ids: string[] = [];
    const walk = (nodes: RunTreeNode[], run: RunNode) => {
      for (const n of nodes) {
        ids.push(n.id);
        assert.equal(n.runDir, run.runDir);
        walk(n.children, run);
      }
    };
    for (const run of runs) {
      ids.push(run.id);
      walk(run.children, run);
    }
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.includes(`${path.join(outputDir(), 'run-20261121-100000')}#node-1#fio#2`));
  });

  test('durations read like a person would say them', () => {
    assert.deepEqual(
      [0, 999, 45_000, 59_600, 60_000, 192_000, 3_600_000, 7_500_000, 90_000_000, 3 * 86_400_000 + 4 * 3_600_000].map(formatDuration),
      ['0 s', '1 s', '45 s', '1 min 00 s', '1 min 00 s', '3 min 12 s', '1 h 00 min', '2 h 05 min', '1 d 1 h', '3 d 4 h'],
    );
  });
});

describe('where the Runs view looks', () => {
  test('configured folders per workspace folder, plus the run config output_dir', () => {
    assert.deepEqual(
      runsOutputDirs(
        [
          { cwd: '/w/a', configured: ['benchmark_results', '/data/runs', '~/lb-runs'], configOutputDir: './out' },
          { cwd: '/w/b', configured: ['benchmark_results', ''] },
        ],
        undefined,
        '/home/u',
      ),
      ['/w/a/benchmark_results', '/data/runs', '/home/u/lb-runs', '/w/a/out', '/w/b/benchmark_results'],
    );
  });

  test("the platform config's output_dir replaces the run config's", () => {
    assert.deepEqual(
      runsOutputDirs([{ cwd: '/w/a', configured: ['benchmark_results'], configOutputDir: './out' }], '~/results', '/home/u'),
      ['/w/a/benchmark_results', '/home/u/results'],
    );
  });

  test('reads output_dir from benchmark_config.json with comments and trailing commas, and platform.json', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-config-'));
    try {
      assert.equal(await readConfigOutputDir(dir), undefined);
      fs.writeFileSync(
        path.join(dir, 'benchmark_config.json'),
        '{\n  // where runs go\n  "repetitions": 3,\n  "output_dir": "./my_results",\n  "workloads": {},\n}\n',
      );
      assert.equal(await readConfigOutputDir(dir), './my_results');
      fs.writeFileSync(path.join(dir, 'benchmark_config.json'), '{"output_dir": 42}');
      assert.equal(await readConfigOutputDir(dir), undefined);

      assert.equal(await readPlatformOutputDir(dir, path.join(dir, 'xdg')), undefined);
      fs.mkdirSync(path.join(dir, 'xdg', 'lb'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'xdg', 'lb', 'platform.json'), '{"output_dir": "/srv/lb", /* set by ops */ "plugins": {}}');
      assert.equal(await readPlatformOutputDir(dir, path.join(dir, 'xdg')), '/srv/lb');
      fs.mkdirSync(path.join(dir, '.config', 'lb'), { recursive: true });
      fs.writeFileSync(path.join(dir, '.config', 'lb', 'platform.json'), '{"output_dir": "/home-config"}');
      assert.equal(await readPlatformOutputDir(dir), '/home-config');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
