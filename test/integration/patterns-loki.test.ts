// Our template miner against Loki's own (its pattern ingester, /loki/api/v1/patterns) on the same lines: the
// ground-truth run pushed as lb pushes it (a stream per component and host, the JSONL record as the line).
// A Loki pattern matches ours when both have the same level and the same constant tokens once Loki's `<_>` is
// read as our `<*>` (core/compare/lokiPatterns.ts). How many match is printed; the floor asserted is the one
// measured with Loki v3.7.6, not 100%: Loki's Drain keeps some variable words ours masks, and the reverse.
// Then `lb-obs compare` of two runs that live only in Loki (loki:<query>): from Loki's patterns, and mined from
// the lines fetched (the same counts as comparing the run folders), capped by --max-lines.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, test } from 'node:test';
import { main } from '../../cli/lb-obs';
import type { CliIo } from '../../cli/io';
import { compareRuns } from '../../core/compare/compareRuns';
import { constantTokens, lokiPatternLevel, templateKey } from '../../core/compare/lokiPatterns';
import { patternFilter } from '../../core/compare/patternFilter';
import { compareInWorker } from '../../core/compare/worker/compareInWorker';
import { JOURNAL_FILE } from '../../core/runs/journal';
import { runQuery } from '../../core/links/runLinks';
import { LokiPattern, lokiPush } from '../../core/loki/api';
import { mineLogFiles, runLogPaths } from '../../core/logs/patterns/minePatterns';
import { LogPattern, TemplateMiner } from '../../core/logs/patterns/templateMiner';
import { ns, uniqueRunId } from '../support/lbStreams';
import { runStreams, settledLokiPatterns } from '../support/patternRunsInLoki';
import { allEntries } from '../support/lokiEntries';
import { RunningLoki, startLoki } from '../support/loki';
import { GROUND_TRUTH_TEMPLATES, TemplateSpec, writePatternRun } from '../support/patternRuns';
import { REPO_ROOT } from '../support/paths';
import { lokiBinary, needs } from '../support/prerequisites';

const SUITE = 'integration/patterns-loki';
/** Measured with Loki v3.7.6 on the ground-truth run (see the printed report). */
const MATCH_FLOOR = 0.7;

const SEGFAULT: TemplateSpec = { pattern: 'Segmentation fault in worker <*> at <*>', level: 'ERROR', component: 'runner', count: 50 };
/** Run B: the ground truth with a new error, one template gone and one twice as frequent. */
const TEMPLATES_B: TemplateSpec[] = [
  ...GROUND_TRUTH_TEMPLATES.filter((t) => !t.pattern.startsWith('Prometheus')).map((t) => (t.pattern.startsWith('Connected') ? { ...t, count: 600 } : t)),
  SEGFAULT,
];

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTTY: false, env: {}, cwd };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe("log patterns agree with Loki's pattern ingester", needs(SUITE, lokiBinary()), () => {
  let loki: RunningLoki;
  let dir: string;
  let ours: LogPattern[];
  let theirs: LokiPattern[];
  const runId = uniqueRunId();
  const runIdB = uniqueRunId();
  let dirA: string;
  let dirB: string;

  before(async () => {
    loki = await startLoki();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-patterns-loki-'));
    const startMs = Date.now() - 30 * 60_000;
    const run = writePatternRun(dir, { runId, templates: GROUND_TRUTH_TEMPLATES, tasks: [{ host: 'node-1', workload: 'stress_ng', repetition: 1 }], seed: 5, startMs });
    const runB = writePatternRun(dir, { runId: runIdB, templates: TEMPLATES_B, tasks: [{ host: 'node-1', workload: 'stress_ng', repetition: 1 }], seed: 6, startMs: startMs + 60_000 });
    dirA = run.runDir;
    dirB = runB.runDir;
    const miner = new TemplateMiner();
    await mineLogFiles(runLogPaths(run.runDir), miner);
    ours = miner.patterns();
    const { streams, lines } = runStreams(run.runDir);
    await lokiPush({ url: loki.url }, [...streams, ...runStreams(runB.runDir).streams]);
    theirs = await settledLokiPatterns(loki.url, `{run_id="${runId}"}`, startMs - 60_000);
    console.log(`# ${SUITE}: ${lines} lines pushed; Loki's patterns count ${theirs.reduce((n, p) => n + p.count, 0)} of them`);
  });
  after(async () => {
    await loki?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('most of Loki\'s patterns are ours (same level and constant tokens)', () => {
    const ourKeys = new Set(ours.map((p) => templateKey(p.level, p.pattern)));
    const matched = theirs.filter((p) => ourKeys.has(templateKey(lokiPatternLevel(p), p.pattern)));
    const unmatched = theirs.filter((p) => !matched.includes(p));
    const share = matched.length / theirs.length;
    console.log(
      `# ${SUITE}: ${matched.length} of Loki's ${theirs.length} patterns match ours (${(share * 100).toFixed(0)}%); ours: ${ours.length}, ground truth: ${GROUND_TRUTH_TEMPLATES.length}`,
    );
    for (const p of unmatched) console.log(`#   Loki only: [${p.level}] ${p.pattern} (${p.count}); constant tokens ${JSON.stringify(constantTokens(p.pattern))}`);
    assert.ok(share >= MATCH_FLOOR, `only ${matched.length} of ${theirs.length} Loki patterns match ours (floor ${MATCH_FLOOR * 100}%)`);
  });

  test('a matched pattern has the same count in Loki as in ours', () => {
    const ourCounts = new Map<string, number>();
    for (const p of ours) ourCounts.set(templateKey(p.level, p.pattern), (ourCounts.get(templateKey(p.level, p.pattern)) ?? 0) + p.count);
    const differing = theirs
      .filter((p) => ourCounts.has(templateKey(lokiPatternLevel(p), p.pattern)))
      .filter((p) => ourCounts.get(templateKey(lokiPatternLevel(p), p.pattern)) !== p.count)
      .map((p) => `${p.pattern}: Loki ${p.count}, ours ${ourCounts.get(templateKey(lokiPatternLevel(p), p.pattern))}`);
    console.log(`# ${SUITE}: ${differing.length} matched patterns count differently${differing.length ? `: ${differing.join('; ')}` : ''}`);
    assert.ok(differing.length <= 1, differing.join('\n'));
  });

  test("each pattern row's Grafana query (the run's, with the pattern as a line filter) finds exactly its lines in Loki", async () => {
    const compared = await compareRuns(dirA, dirB);
    const wrong: string[] = [];
    for (const p of compared.patterns.filter((row) => row.b > 0)) {
      const query = runQuery(runIdB, patternFilter(p, 'line'));
      const found = (await allEntries({ url: loki.url }, query, Date.now() - 2 * 3600_000, Date.now())).length;
      if (found !== p.b) wrong.push(`${query}: ${found} lines, the pattern has ${p.b}`);
    }
    assert.deepEqual(wrong, []);
  });

  test("a run folder whose logs are only in Loki: its journal from the folder, its lines from Loki (in the extension's worker)", async () => {
    // Run A as the Runs view sees a remote run before lb collects its logs: the journal only.
    const remote = path.join(dir, 'remote', runId);
    fs.mkdirSync(remote, { recursive: true });
    fs.copyFileSync(path.join(dirA, JOURNAL_FILE), path.join(remote, JOURNAL_FILE));
    const lokiLogs = { connection: { url: loki.url }, query: `{run_id="${runId}"}`, start: BigInt(Date.now() - 2 * 3600_000) * 1_000_000n, end: BigInt(Date.now()) * 1_000_000n, maxLines: 100_000 };
    const progress: number[] = [];
    const c = await compareInWorker(path.join(REPO_ROOT, 'dist', 'compareWorker.js'), { a: { dir: remote, lokiLogs }, b: { dir: dirB } }, undefined, {
      onProgress: (run, p) => progress.push(run === 'A' ? p.lines : -1),
    });
    const folders = await compareRuns(dirA, dirB);
    assert.deepEqual(c.patterns, folders.patterns);
    assert.deepEqual(c.tasks, folders.tasks);
    assert.deepEqual([c.a.loki, c.a.lines, c.a.logFiles], [{ query: lokiLogs.query, capped: false }, folders.a.lines, 0]);
    assert.equal(progress.at(-1), folders.a.lines);
  });

  describe('lb-obs compare of runs in Loki', () => {
    const specs = () => ['compare', `loki:{run_id="${runId}"}`, `loki:{run_id="${runIdB}"}`, '--loki', loki.url, '--since', '2h', '--format', 'json'];

    test("with the pattern ingester on, Loki's patterns: the new error and the doubled pattern", async () => {
      const r = await cli(specs(), dir);
      assert.equal(r.code, 0, r.stderr);
      const c = JSON.parse(r.stdout) as { patternsFrom: string; patterns: Array<{ pattern: string; level: string; a: number; b: number; change: string }> };
      assert.equal(c.patternsFrom, 'loki');
      const row = (start: string) => c.patterns.find((p) => p.pattern.startsWith(start));
      assert.deepEqual(row('Segmentation fault'), { pattern: 'Segmentation fault in worker <*> at <*>', level: 'ERROR', component: '', a: 0, b: 50, change: 'new' });
      assert.deepEqual(row('Connected to host'), { pattern: 'Connected to host <*> in <*> ms', level: 'INFO', component: '', a: 300, b: 600, change: 'more' });
      assert.equal(c.patterns[0].level, 'ERROR', 'errors first');
    });

    test('--patterns miner mines the lines fetched: the same counts as comparing the run folders', async () => {
      const r = await cli([...specs(), '--patterns', 'miner'], dir);
      assert.equal(r.code, 0, r.stderr);
      const c = JSON.parse(r.stdout) as { patternsFrom: string; a: { lines: number }; patterns: Array<{ pattern: string; level: string; component: string; a: number; b: number }> };
      assert.equal(c.patternsFrom, 'miner');
      const folders = await compareRuns(dirA, dirB);
      const counts = (rows: Array<{ pattern: string; level: string; component: string; a: number; b: number }>) =>
        rows.map(({ pattern, level, component, a, b }) => `${level} ${component} ${pattern} ${a} ${b}`).sort();
      assert.deepEqual(counts(c.patterns), counts(folders.patterns));
      assert.equal(c.a.lines, folders.a.lines);
    });

    test("without Loki's pattern ingester: our miner over the lines fetched, saying why; --patterns loki fails with Loki's answer", async () => {
      const plain = await startLoki({ patternIngester: false });
      try {
        await lokiPush({ url: plain.url }, [...runStreams(dirA).streams, ...runStreams(dirB).streams]);
        const args = specs().map((a) => (a === loki.url ? plain.url : a));
        const r = await cli(args, dir);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(JSON.parse(r.stdout).patternsFrom, 'miner');
        assert.match(r.stderr, /^lb-obs compare: Loki's pattern ingester did not answer \(Loki answered \d+ for .*\/loki\/api\/v1\/patterns.*\): mining the lines fetched instead$/m);
        const refused = await cli([...args, '--patterns', 'loki'], dir);
        assert.equal(refused.code, 2);
        assert.match(refused.stderr, /^lb-obs compare: Loki's pattern ingester did not answer: Loki answered \d+ for /);
        console.log(`# ${SUITE}: without the pattern ingester: ${refused.stderr.trim()}`);
      } finally {
        await plain.stop();
      }
    });

    test("workflow lines (not lb records) are mined whole, with Loki's detected level and the namespace as component", async () => {
      const t0 = Date.now() - 10 * 60_000;
      const lines = (dag: string, failures: number) => [
        ...Array.from({ length: 10 }, (_, i): [string, string] => [ns(t0 + i * 1000), `INFO Task started task_id=extract_${i} try=${i + 1}`]),
        // Within the same time span: the runs' sizes (log time spans, no journals) are equal.
        ...Array.from({ length: failures }, (_, i): [string, string] => [ns(t0 + 500 + i * 1000), `ERROR Connection refused to 10.0.0.${i}:5432 after ${i + 1}s`]),
      ].map(([t, line]): [string, string] => [t, `${line} dag=${dag}`]);
      await lokiPush({ url: loki.url }, [
        { stream: { namespace: 'airflow', dag_id: `etl-a-${runId}` }, values: lines('etl', 0) },
        { stream: { namespace: 'airflow', dag_id: `etl-b-${runId}` }, values: lines('etl', 4) },
      ]);
      const r = await cli(['compare', `loki:{dag_id="etl-a-${runId}"}`, `loki:{dag_id="etl-b-${runId}"}`, '--loki', loki.url, '--since', '1h', '--patterns', 'miner', '--format', 'json'], dir);
      assert.equal(r.code, 0, r.stderr);
      const c = JSON.parse(r.stdout) as { patterns: Array<{ pattern: string; level: string; component: string; a: number; b: number; change: string }> };
      assert.deepEqual(
        c.patterns.map((p) => [p.change, p.level, p.component, p.a, p.b, p.pattern]),
        [
          ['new', 'ERROR', 'airflow', 0, 4, 'ERROR Connection refused to <*> after <*> dag=etl'],
          ['same', 'INFO', 'airflow', 10, 10, 'INFO Task started task_id=<*> try=<*> dag=etl'],
        ],
      );
    });

    test('--max-lines caps the lines fetched per run, and says so', async () => {
      const r = await cli([...specs(), '--patterns', 'miner', '--max-lines', '100'], dir);
      assert.equal(r.code, 0, r.stderr);
      const c = JSON.parse(r.stdout) as { a: { lines: number; loki: { capped: boolean } } };
      assert.deepEqual([c.a.lines, c.a.loki.capped], [100, true]);
      assert.match(r.stderr, /run A has more than 100 lines in Loki: only the first 100 were mined \(raise --max-lines\)/);
      assert.match(r.stderr, /run A: 100 of at most 100 lines fetched from Loki/);
    });
  });
});
