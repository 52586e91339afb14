// Comparing two runs against ground truth: run B is run A's templates with known changes (one only in B, one
// gone, one many more, one fewer, one changed within noise, a new failed task); the comparison lists exactly
// those changes and every other pattern as "same". Counts are normalised by the tasks run.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, test } from 'node:test';
import { compareRuns, NotARunError } from '../../core/compare/compareRuns';
import { classifyChange, normalisation } from '../../core/compare/patternChanges';
import { RESULT_METRIC } from '../../core/compare/taskChanges';
import { GROUND_TRUTH_TEMPLATES, PatternTask, TemplateSpec, writePatternRun } from '../support/patternRuns';

const byPattern = (pattern: string, component?: string) => GROUND_TRUTH_TEMPLATES.find((t) => t.pattern === pattern && (!component || t.component === component))!;
const CONNECTED = byPattern('Connected to host <*> in <*> ms');
const HEARTBEAT = byPattern('Heartbeat from <*> at <*>');
const PROMETHEUS = byPattern('Prometheus query returned no samples for <*>');
const ANSIBLE = byPattern('ansible task <*> changed=<*> on <*>');
const SEGFAULT: TemplateSpec = { pattern: 'Segmentation fault in worker <*> at <*>', level: 'ERROR', component: 'runner', count: 5 };

/** Run B: A's templates with the changes above. */
const TEMPLATES_B: TemplateSpec[] = [
  ...GROUND_TRUTH_TEMPLATES.filter((t) => t !== PROMETHEUS).map((t) =>
    t === CONNECTED ? { ...t, count: 600 } : t === HEARTBEAT ? { ...t, count: 20 } : t === ANSIBLE ? { ...t, count: 95 } : t,
  ),
  SEGFAULT,
];

const tasks = (durations: number[], failed?: number): PatternTask[] =>
  durations.map((durationSeconds, k) => ({
    host: 'node-1',
    workload: 'stress_ng',
    repetition: k + 1,
    durationSeconds,
    ...(failed === k + 1 ? { status: 'FAILED' as const, error: 'exit status 137' } : {}),
  }));

describe('compare runs: ground truth', () => {
  let dir: string;
  let runA: string;
  let runB: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-compare-'));
    runA = writePatternRun(dir, { runId: 'run-a', templates: GROUND_TRUTH_TEMPLATES, tasks: tasks([60, 60, 60]), seed: 11 }).runDir;
    runB = writePatternRun(dir, { runId: 'run-b', templates: TEMPLATES_B, tasks: tasks([61, 62, 65], 3), seed: 12 }).runDir;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('exactly the changed patterns are new, gone, more or fewer; errors and warnings first', async () => {
    const c = await compareRuns(runA, runB);
    assert.deepEqual(c.normalisation.by, 'tasks');
    assert.deepEqual([c.normalisation.a, c.normalisation.b], [3, 3]);
    const changed = c.patterns.filter((p) => p.change !== 'same').map((p) => [p.level, p.component, p.pattern, p.a, p.b, p.change]);
    assert.deepEqual(changed, [
      ['ERROR', 'runner', SEGFAULT.pattern, 0, 5, 'new'],
      ['WARNING', 'dfaas', PROMETHEUS.pattern, 1, 0, 'gone'],
      ['INFO', 'controller', CONNECTED.pattern, 300, 600, 'more'],
      ['DEBUG', 'controller', HEARTBEAT.pattern, 75, 20, 'fewer'],
    ]);
    const same = c.patterns.filter((p) => p.change === 'same').map((p) => `${p.component} ${p.pattern} ${p.a} ${p.b}`);
    const expectedSame = GROUND_TRUTH_TEMPLATES.filter((t) => ![CONNECTED, HEARTBEAT, PROMETHEUS].includes(t)).map(
      (t) => `${t.component} ${t.pattern} ${t.count} ${t === ANSIBLE ? 95 : t.count}`,
    );
    assert.deepEqual(same.sort(), expectedSame.sort());
    assert.equal(c.patterns.length, GROUND_TRUTH_TEMPLATES.length + 1);
    // Errors, then warnings, then the rest.
    const ranks = c.patterns.map((p) => ['CRITICAL', 'ERROR', 'WARNING', 'INFO', 'DEBUG'].indexOf(p.level));
    assert.deepEqual(ranks, [...ranks].sort((x, y) => x - y));
  });

  test('the journals side by side: durations, deltas and the new failure', async () => {
    const c = await compareRuns(runA, runB);
    assert.deepEqual(
      c.tasks.map((t) => [t.repetition, t.a?.status, t.b?.status, t.deltaSeconds, t.newFailure, t.b?.error]),
      [
        [1, 'COMPLETED', 'COMPLETED', 1, false, undefined],
        [2, 'COMPLETED', 'COMPLETED', 2, false, undefined],
        [3, 'COMPLETED', 'FAILED', 5, true, 'exit status 137'],
      ],
    );
    assert.deepEqual(c.results, [{ host: 'node-1', workload: 'stress_ng', metric: RESULT_METRIC, a: 60, b: 61.5, change: 1.5, relative: 0.025 }]);
    assert.deepEqual([c.a.runId, c.a.status, c.b.runId, c.b.status], ['run-a', 'COMPLETED', 'run-b', 'FAILED']);
  });

  test('per-component level counts of both runs', async () => {
    const c = await compareRuns(runA, runB);
    const count = (templates: TemplateSpec[], component: string, level: string) =>
      templates.filter((t) => t.component === component && t.level === level).reduce((n, t) => n + t.count, 0);
    const expected = [];
    for (const component of ['controller', 'dfaas', 'k6', 'runner']) {
      for (const level of ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL']) {
        const a = count(GROUND_TRUTH_TEMPLATES, component, level);
        const b = count(TEMPLATES_B, component, level);
        if (a || b) expected.push({ component, level, a, b });
      }
    }
    assert.deepEqual(c.levels, expected);
  });

  test('a folder that is not a run is refused with its path', async () => {
    const empty = fs.mkdtempSync(path.join(dir, 'empty-'));
    await assert.rejects(compareRuns(runA, empty), (err: Error) => err instanceof NotARunError && err.message === `${empty} is not an lb run folder (it has neither run_journal.json nor logs/)`);
  });
});

describe("compare runs: lb's per-repetition result.json", () => {
  test('numeric results are averaged over repetitions and compared; arrays, text and unreadable files are left out', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-compare-results-'));
    try {
      const spec: TemplateSpec = { pattern: 'Sample batch <*> flushed', level: 'INFO', component: 'runner', count: 3 };
      const a = writePatternRun(dir, { runId: 'a', templates: [spec], tasks: tasks([60, 60]) }).runDir;
      const b = writePatternRun(dir, { runId: 'b', templates: [spec], tasks: tasks([60, 70]) }).runDir;
      const write = (run: string, rep: number, result: unknown) => {
        const repDir = path.join(run, 'node-1', 'stress_ng', `rep${rep}`);
        fs.mkdirSync(repDir, { recursive: true });
        fs.writeFileSync(path.join(repDir, 'result.json'), typeof result === 'string' ? result : JSON.stringify(result));
      };
      const result = (rep: number, bogoOps: number, duration: number) => ({
        test_name: 'stress_ng',
        repetition: rep,
        duration_seconds: duration,
        success: true,
        generator_result: { returncode: 0, bogo_ops: bogoOps, stdout: 'text', samples: [1, 2, 3] },
        metrics: { psutil: { cpu_percent: { mean: 50 + rep } } },
      });
      write(a, 1, result(1, 1000, 60));
      write(a, 2, result(2, 1200, 60));
      write(b, 1, result(1, 880, 60));
      write(b, 2, '{"truncated": ');
      const c = await compareRuns(a, b);
      assert.deepEqual(
        c.results.map((r) => [r.metric, r.a, r.b, r.change, r.relative]),
        [
          [RESULT_METRIC, 60, 65, 5, 5 / 60],
          ['result.json duration_seconds', 60, 60, 0, 0],
          ['result.json generator_result.bogo_ops', 1100, 880, -220, -0.2],
          ['result.json generator_result.returncode', 0, 0, 0, null],
          ['result.json metrics.psutil.cpu_percent.mean', 51.5, 51, -0.5, -0.5 / 51.5],
        ],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('compare runs: normalisation', () => {
  test('twice the tasks and twice the count is the same; the same count is fewer', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-compare-norm-'));
    try {
      const steady: TemplateSpec = { pattern: 'Sample batch <*> flushed', level: 'INFO', component: 'runner', count: 100 };
      const fixed: TemplateSpec = { pattern: 'Config loaded from <*>', level: 'INFO', component: 'controller', count: 100 };
      const a = writePatternRun(dir, { runId: 'a', templates: [steady, fixed], tasks: tasks([60, 60, 60]) }).runDir;
      const b = writePatternRun(dir, { runId: 'b', templates: [{ ...steady, count: 200 }, fixed], tasks: tasks([60, 60, 60, 60, 60, 60]) }).runDir;
      const c = await compareRuns(a, b);
      assert.deepEqual([c.normalisation.by, c.normalisation.a, c.normalisation.b], ['tasks', 3, 6]);
      assert.deepEqual(
        c.patterns.map((p) => [p.pattern, p.a, p.b, p.change]),
        [
          ['Config loaded from <*>', 100, 100, 'fewer'],
          ['Sample batch <*> flushed', 100, 200, 'same'],
        ],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the noise rule: three standard deviations or a tenth, whichever is larger', () => {
    const norm = normalisation([3, 3], [0, 0]);
    assert.deepEqual(
      [[100, 130], [100, 131], [10000, 10900], [10000, 11001], [1, 4], [1, 5], [0, 0]].map(([a, b]) => classifyChange(a, b, norm)),
      ['same', 'more', 'same', 'more', 'same', 'more', 'same'],
    );
    assert.equal(normalisation([0, 3], [10, 20]).by, 'log-seconds');
    assert.equal(normalisation([0, 3], [0, 20]).by, 'none');
  });
});
