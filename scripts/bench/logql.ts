// LogQL validation throughput: queries validated per second by validateLogQL (the function behind diagnostics,
// `lb-obs logql check` and the link builder's query check), with Loki's own parser (WebAssembly) loaded as in
// the language server, next to the bare grammar parse and the bare Loki parse as baselines.
// Goal: over 20,000 typical queries per second on this machine.
// Usage: npm run bench:logql   (BENCH_SECONDS=2 per measurement by default)
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { logqlFileQueries } from '../../core/logql/embedded/logqlFile';
import { dashboardQueries } from '../../core/logql/embedded/dashboardQueries';
import { parseLogQL } from '../../core/logql/syntaxTree';
import { loadLokiParser, lokiVerdict } from '../../core/logql/lokiParser';
import { validateLogQL } from '../../core/logql/validateQuery';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const GOAL = 20_000;
// npm runs scripts from the project root (run-ts bundles this file elsewhere, so __dirname is not usable).
const fixtures = path.join(process.cwd(), 'test', 'fixtures', 'logql');

interface Rate {
  /** Calls per second of elapsed time. */
  wall: number;
  /** Calls per second of this process's CPU time: steadier than `wall` on a machine shared with other work. */
  cpu: number;
}

/** Calls `run(i)` for about SECONDS. */
function rate(run: (i: number) => void): Rate {
  for (let i = 0; i < 2000; i++) run(i);
  let count = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < SECONDS * 1000) {
    for (let i = 0; i < 500; i++) run(count++);
    elapsed = performance.now() - started;
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { wall: (count / elapsed) * 1000, cpu: count / ((cpu.user + cpu.system) / 1e6) };
}

/** Typical dashboard queries with values that differ on every call, so no regex is ever seen twice. */
function generated(i: number): string {
  const run = `run-20261121-${String(i).padStart(6, '0')}`;
  switch (i % 5) {
    case 0:
      return `{run_id="${run}", component=~"controller|runner-${i}"} |= "error" | json | level=~"ERROR|CRITICAL"`;
    case 1:
      return `sum by (component) (count_over_time({run_id="${run}"} | json | level="ERROR" [5m]))`;
    case 2:
      return `{app=~"f${i.toString(16)}.*"} |~ "fail(ed)? ${i}" | logfmt | duration > 250ms`;
    case 3:
      return `topk(10, sum by (host) (rate({namespace="airflow", dag_id="dag_${i}"} |= "task_id=t${i}" [$__auto])))`;
    default:
      return `quantile_over_time(0.99, {job="k6", run_id="${run}"} | json | unwrap latency_ms [1m]) by (scenario)`;
  }
}

function dashboard(panels: number): string {
  const list = Array.from({ length: panels }, (_, i) => ({
    type: 'timeseries',
    datasource: { type: 'loki', uid: 'loki' },
    targets: [{ refId: 'A', expr: generated(i) }, { refId: 'B', expr: `{run_id=~"$run_id", host=\"node-${i}\"} |= \"\\tjob\"` }],
  }));
  return JSON.stringify({ title: 'bench', panels: list }, null, 2);
}

async function main(): Promise<void> {
  const loadStarted = performance.now();
  if (!(await loadLokiParser())) throw new Error("Loki's parser did not load: run `node scripts/build.mjs` first");
  const loadMs = performance.now() - loadStarted;
  const corpus = logqlFileQueries(fs.readFileSync(path.join(fixtures, 'valid.logql'), 'utf8')).map((q) => q.text);
  const invalid = (JSON.parse(fs.readFileSync(path.join(fixtures, 'invalid.json'), 'utf8')) as Array<{ query: string }>).map((c) => c.query);
  const distinct = Array.from({ length: 200_000 }, (_, i) => generated(i));
  for (const q of corpus) if (validateLogQL(q).length > 0) throw new Error(`corpus query not valid: ${q}`);
  for (const q of distinct.slice(0, 50)) if (validateLogQL(q).length > 0) throw new Error(`generated query not valid: ${q}`);

  const rows: Array<[string, Rate]> = [
    ['grammar parse only, typical queries (baseline)', rate((i) => parseLogQL(distinct[i % distinct.length]))],
    ["Loki's parser only, typical queries (baseline)", rate((i) => lokiVerdict(distinct[i % distinct.length]))],
    ['validateLogQL, typical queries, all distinct values', rate((i) => validateLogQL(distinct[i % distinct.length]))],
    ['validateLogQL, valid corpus (184 queries, repeated)', rate((i) => validateLogQL(corpus[i % corpus.length]))],
    ['validateLogQL, invalid corpus (errors and fixes)', rate((i) => validateLogQL(invalid[i % invalid.length]))],
  ];
  const text = dashboard(200);
  const started = performance.now();
  let problems = 0;
  for (const q of dashboardQueries(text)) problems += validateLogQL(q.text, q.options).length;
  const dashboardMs = performance.now() - started;

  console.log(`LogQL validation on ${process.platform}/${process.arch}, node ${process.version}, ${SECONDS} s per measurement`);
  const n = (x: number) => Math.round(x).toLocaleString('en-US').padStart(9);
  for (const [name, r] of rows) console.log(`  ${name.padEnd(54)} ${n(r.wall)} queries/s ${n(r.cpu)} per CPU second`);
  const [[, { wall: baseline }], , [, { wall: typical }]] = rows;
  console.log(`  validation costs ${(baseline / typical).toFixed(2)}x the bare parse of the grammar`);
  console.log(`  a 200-panel dashboard (400 queries, ${problems} problems): ${dashboardMs.toFixed(1)} ms`);
  console.log(`  loading Loki's parser (WebAssembly, once per process): ${loadMs.toFixed(0)} ms`);
  for (const n of [20_000, 80_000]) {
    const quotes = `{app="${'"'.repeat(n)}"} |= "a"`;
    const t = performance.now();
    validateLogQL(quotes);
    console.log(`  {app=" + ${n.toLocaleString('en-US')} quotes + "} |= "a": ${(performance.now() - t).toFixed(0)} ms`);
  }
  console.log(`goal: > ${GOAL.toLocaleString('en-US')} typical queries/s: ${typical >= GOAL ? 'met' : 'NOT met'} (${(typical / GOAL).toFixed(2)}x the goal)`);
}

void main();
