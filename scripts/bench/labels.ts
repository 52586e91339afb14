// The workspace label model's costs, as the language server pays them: reading one Alloy pipeline into the model
// (on every edit of an open pipeline), the label warnings of one query (every query of every checked document),
// and the start-up read of a workspace folder (in the background; the server answers before).
// Goal: a pipeline under 5 ms, a query's warnings under 0.5 ms.
// Usage: node scripts/run-ts.mjs scripts/bench/labels.ts [folder to read]   (BENCH_SECONDS=2 per measurement)
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { loadAlloyParser } from '../../core/alloy/syntaxWasm';
import { WorkspaceLabels } from '../../core/labels/workspaceLabels';
import { labelWarnings } from '../../core/logql/labelWarnings';
import { readLabelFiles } from '../../core/labels/labelSources';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
// Run from the repository's root.
const FIXTURE = path.resolve('test/fixtures/labels-workspace');

function msPerCall(run: (i: number) => void): number {
  for (let i = 0; i < 20; i++) run(i);
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < SECONDS * 1000) run(count++);
  return (performance.now() - started) / count;
}

async function main(): Promise<void> {
  await loadAlloyParser();
  const pipeline = fs.readFileSync(path.join(FIXTURE, 'pipeline.alloy'), 'utf8');
  const model = new WorkspaceLabels();
  model.setDocument(path.join(FIXTURE, 'benchmark_config.json'), fs.readFileSync(path.join(FIXTURE, 'benchmark_config.json'), 'utf8'));
  // A different text each time, so that every call reads and compares a new label set.
  const setMs = msPerCall((i) => model.setDocument('/ws/pipeline.alloy', `${pipeline}\n// ${i}\n`));
  console.log(`pipeline.alloy into the model: ${setMs.toFixed(3)} ms`);
  for (const query of ['{namespace="airflow", dag_id="x", try_number="1"} |= "error"', 'sum by (hots) (count_over_time({run_id="r", compnent="runner"}[5m]))']) {
    console.log(`label warnings of ${query}: ${msPerCall(() => labelWarnings(query, model)).toFixed(4)} ms`);
  }
  const folder = path.resolve(process.argv[2] ?? '.');
  const read = new WorkspaceLabels();
  let files = 0;
  const started = performance.now();
  await readLabelFiles([folder], async (file, text) => {
    files++;
    read.setDocument(file, text);
  });
  console.log(`start-up read of ${folder}: ${files} candidate files, ${read.streamLabelNames().length} label names, ${(performance.now() - started).toFixed(0)} ms`);
}

void main();
