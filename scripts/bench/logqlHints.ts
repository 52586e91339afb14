// Query hints and Explain cost per query, as the language server pays it on a code action or hover request:
// hints validate every edited query with Loki's parser (WebAssembly), so they cost several validations.
// Goal: under 20 ms a query (a code action request must feel instant); Explain under 1 ms.
// Usage: npm run bench:logql-hints   (BENCH_SECONDS=2 per measurement by default)
import { performance } from 'perf_hooks';
import { explainQuery } from '../../core/logql/explain';
import { queryHints } from '../../core/logql/hints/queryHints';
import { loadLokiParser } from '../../core/logql/lokiParser';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);

const LB_RECORD = (i: number) =>
  JSON.stringify({ timestamp: '2026-11-21T13:56:39.603580Z', level: 'INFO', component: 'runner', host: 'node-1', run_id: 'run-1', logger: 'lb', message: `step ${i}`, tags: { phase: 'setup' } });
const SAMPLE = Array.from({ length: 50 }, (_, i) => LB_RECORD(i));

const QUERIES: Array<[string, string, string[] | undefined]> = [
  ['lb selector, no Loki', '{run_id="run-1"}', undefined],
  ['lb selector, 50 sampled lines', '{run_id="run-1"}', SAMPLE],
  ['filters and parser', '{app="api"} |~ "timeout" | json | job="nightly"', undefined],
  ['metric query', 'sum by (level) (count_over_time({component="runner"} | json | level="ERROR" [5m]))', undefined],
];

/** Milliseconds per call of `run(i)` over about SECONDS. */
function msPerCall(run: (i: number) => void): number {
  for (let i = 0; i < 50; i++) run(i);
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < SECONDS * 1000) run(count++);
  return (performance.now() - started) / count;
}

async function main(): Promise<void> {
  const loaded = performance.now();
  if (!(await loadLokiParser())) throw new Error("Loki's parser did not load: run node scripts/build.mjs first");
  console.log(`Loki's parser loaded in ${(performance.now() - loaded).toFixed(0)} ms`);
  for (const [name, query, sample] of QUERIES) {
    // A matcher with the call's number makes each query new to the verdict cache, as an edited document is.
    const nth = (i: number) => query.replace('"}', `", bench="${i}"}`);
    const hints = msPerCall((i) => queryHints(nth(i), {}, sample));
    const explain = msPerCall((i) => explainQuery(nth(i)));
    console.log(`${name.padEnd(32)} hints ${hints.toFixed(2)} ms   explain ${explain.toFixed(3)} ms`);
  }
}

void main();
