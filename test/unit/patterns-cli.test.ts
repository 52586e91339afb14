// `lb-obs logs patterns` and `lb-obs compare` (JSON contract: issue 15) in-process through the CLI's entry point:
// exact JSON on ground-truth runs, the text report, and clear errors with exit code 2 for bad arguments.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, test } from 'node:test';
import { main } from '../../cli/lb-obs';
import type { CliIo } from '../../cli/io';
import { formatTimestamp } from '../../core/logs/timestamp';
import { PatternRun, TemplateSpec, writePatternRun } from '../support/patternRuns';

async function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTTY: false, env: {}, cwd };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

const CONNECTED: TemplateSpec = { pattern: 'Connected to host <*> in <*> ms', level: 'INFO', component: 'controller', count: 30 };
const FAILED: TemplateSpec = { pattern: 'Task <*> failed: exit status <*>', level: 'ERROR', component: 'runner', count: 4 };
const FLUSHED: TemplateSpec = { pattern: 'Sample batch <*> flushed', level: 'DEBUG', component: 'runner', count: 12 };
const TASKS = [{ host: 'node-1', workload: 'fio', repetition: 1, durationSeconds: 40 }];

describe('lb-obs logs patterns and compare', () => {
  let dir: string;
  let a: PatternRun;
  let b: PatternRun;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-patterns-cli-'));
    a = writePatternRun(dir, { runId: 'run-a', templates: [CONNECTED, FLUSHED], tasks: TASKS, seed: 1 });
    b = writePatternRun(dir, { runId: 'run-b', templates: [CONNECTED, FAILED], tasks: [{ ...TASKS[0], durationSeconds: 50, status: 'FAILED', error: 'exit status 2' }], seed: 2 });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('logs patterns --format json prints the contract, most frequent first; --top keeps the first N', async () => {
    const r = await run(['logs', 'patterns', 'run-b', '--format', 'json'], dir);
    assert.equal(r.code, 0, r.stderr);
    const parsed = JSON.parse(r.stdout) as { patterns: Array<Record<string, unknown>> };
    const t = (spec: TemplateSpec) => b.times.get(spec)!;
    assert.deepEqual(
      parsed.patterns.map(({ sample: _sample, ...p }) => p),
      [
        { pattern: CONNECTED.pattern, level: 'INFO', component: 'controller', count: 30, first: formatTimestamp(t(CONNECTED).first), last: formatTimestamp(t(CONNECTED).last) },
        { pattern: FAILED.pattern, level: 'ERROR', component: 'runner', count: 4, first: formatTimestamp(t(FAILED).first), last: formatTimestamp(t(FAILED).last) },
      ],
    );
    assert.match(String(parsed.patterns[1].sample), /^Task \S+ failed: exit status \S+$/);
    const top = await run(['logs', 'patterns', path.join(b.runDir, 'logs', 'runner-node-1.jsonl'), path.join(b.runDir, 'logs', 'controller-node-1.jsonl'), '--top', '1', '--format', 'json'], '/');
    assert.deepEqual((JSON.parse(top.stdout) as { patterns: Array<{ pattern: string }> }).patterns.map((p) => p.pattern), [CONNECTED.pattern]);
  });

  test('logs patterns text: count, level, component and pattern per line, then a total', async () => {
    const r = await run(['logs', 'patterns', 'run-a'], dir);
    assert.equal(r.stdout, `   30  INFO     controller: ${CONNECTED.pattern}\n   12  DEBUG    runner: ${FLUSHED.pattern}\n42 records in 2 patterns\n`);
  });

  test('compare --format json: the runs, the changed patterns, tasks and results', async () => {
    const r = await run(['compare', 'run-a', 'run-b', '--format', 'json'], dir);
    assert.equal(r.code, 0, r.stderr);
    const c = JSON.parse(r.stdout);
    assert.deepEqual(
      c.patterns.map((p: Record<string, unknown>) => [p.pattern, p.level, p.component, p.a, p.b, p.change]),
      [
        [FAILED.pattern, 'ERROR', 'runner', 0, 4, 'new'],
        [CONNECTED.pattern, 'INFO', 'controller', 30, 30, 'same'],
        [FLUSHED.pattern, 'DEBUG', 'runner', 12, 0, 'gone'],
      ],
    );
    assert.deepEqual([c.a.runId, c.a.status, c.b.runId, c.b.status, c.a.start], ['run-a', 'COMPLETED', 'run-b', 'FAILED', '2026-11-21T13:56:00.000000Z']);
    assert.deepEqual(c.tasks, [
      { host: 'node-1', workload: 'fio', repetition: 1, a: { status: 'COMPLETED', durationSeconds: 40 }, b: { status: 'FAILED', durationSeconds: 50, error: 'exit status 2' }, deltaSeconds: 10, newFailure: true },
    ]);
    // Only completed repetitions make the workload's mean duration: B has none.
    assert.deepEqual(c.results.map((x: Record<string, unknown>) => [x.a, x.b, x.change]), [[40, null, null]]);
  });

  test('compare text report names the new failure and the changed patterns', async () => {
    const r = await run(['compare', 'run-a', 'run-b'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.includes(`  new     ERROR  runner     0   4  ${FAILED.pattern}\n`), r.stdout);
    assert.ok(r.stdout.includes(`  gone    DEBUG  runner     12  0  ${FLUSHED.pattern}\n`), r.stdout);
    assert.ok(r.stdout.includes('Patterns: 2 changed, 1 the same\n'), r.stdout);
    assert.ok(r.stdout.includes('NEW FAILURE: exit status 2'), r.stdout);
  });

  test('bad arguments: exit 2 with what is wrong and where', async () => {
    assert.deepEqual(await run(['compare', 'run-a'], dir), {
      code: 2,
      stdout: '',
      stderr: 'lb-obs compare: give two runs: folders or loki:<query> (got 1)\nRun "lb-obs compare --help" for its usage.\n',
    });
    assert.deepEqual(await run(['compare', 'run-a', 'nowhere'], dir), { code: 2, stdout: '', stderr: 'lb-obs compare: cannot read nowhere: ENOENT\n' });
    fs.mkdirSync(path.join(dir, 'not-a-run'), { recursive: true });
    assert.deepEqual(await run(['compare', 'run-a', 'not-a-run'], dir), {
      code: 2,
      stdout: '',
      stderr: `lb-obs compare: ${path.join(dir, 'not-a-run')} is not an lb run folder (it has neither run_journal.json nor logs/)\n`,
    });
    assert.deepEqual(await run(['logs', 'patterns', 'run-a', '--top', '0'], dir), {
      code: 2,
      stdout: '',
      stderr: 'lb-obs logs patterns: --top must be a positive whole number (got "0")\n',
    });
    assert.deepEqual(await run(['logs', 'patterns', 'not-a-run'], dir), { code: 2, stdout: '', stderr: 'lb-obs logs patterns: no lb logs (*.jsonl) in not-a-run or its logs/ folder\n' });
  });

  test('lines that are not lb records are counted on stderr, not mined', async () => {
    const file = path.join(dir, 'mixed.jsonl');
    fs.writeFileSync(file, `${fs.readFileSync(path.join(a.runDir, 'logs', 'runner-node-1.jsonl'), 'utf8')}not json\n`);
    const r = await run(['logs', 'patterns', file], dir);
    assert.equal(r.stdout, `   12  DEBUG    runner: ${FLUSHED.pattern}\n12 records in 1 pattern\n`);
    assert.equal(r.stderr, 'lb-obs logs patterns: 1 line is not an lb record (not mined); "lb-obs logs stats" says where\n');
  });
});
