// The pipeline preview's engine: the first preview (wasm/alloy, parser and engine, loaded), then previews of the
// Airflow pipeline on 1,000 and 10,000 lines, in lines per second, the same way the CLI and the worker call it.
// Usage: npm run bench:alloy
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { previewPipeline } from '../../core/alloy/pipeline/preview';

const documentText = fs.readFileSync(path.join(process.cwd(), 'test', 'fixtures', 'alloy-pipeline', 'helmrelease.yaml'), 'utf8');
const line = (i: number) =>
  `[2024-01-01T00:00:${String(i % 60).padStart(2, '0')}.000+0000] {taskinstance.py:${i}} INFO - dag_id=dag_${i % 7} task_id=task_${i % 13} execution_date=2024-01-01T00:00:00+00:00`;

async function timed(lines: number): Promise<number> {
  const entries = Array.from({ length: lines }, (_, i) => ({ line: line(i), labels: { namespace: 'airflow' } }));
  const started = performance.now();
  const result = await previewPipeline({ documentText, yaml: true, entries });
  if (!result.ok) throw new Error(result.message);
  return performance.now() - started;
}

async function main(): Promise<void> {
  console.log(`first preview, 1 line, modules loaded on the way: ${(await timed(1)).toFixed(0)} ms`);
  for (const lines of [1_000, 10_000]) {
    const runs = [await timed(lines), await timed(lines), await timed(lines)].sort((a, b) => a - b);
    console.log(`${lines.toLocaleString('en-US')} lines: median ${runs[1].toFixed(0)} ms, ${Math.round(lines / (runs[1] / 1000)).toLocaleString('en-US')} lines/s`);
  }
}

void main();
