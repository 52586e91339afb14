// Writes a deterministic lb-shaped run (run_journal.json and logs/*.jsonl) for demos and manual testing.
// Usage: node scripts/run-ts.mjs scripts/generate-run.ts <output-dir> [--lines-per-file N] [--hosts a,b]
//        [--workloads stress_ng,dfaas] [--repetitions N] [--malformed-rate 0.01] [--seed N] [--run-id ID]
// Prints the run folder and the counts `lb-obs logs stats` must report for it.
import { parseArgs } from 'util';
import { generateRun } from '../test/support/runGenerator';

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) === 0) throw new Error(`--${name} must be a positive integer (got "${value}")`);
  return Number(value);
}

function main(): number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'lines-per-file': { type: 'string' },
      hosts: { type: 'string' },
      workloads: { type: 'string' },
      repetitions: { type: 'string' },
      'malformed-rate': { type: 'string' },
      seed: { type: 'string' },
      'run-id': { type: 'string' },
    },
  });
  if (positionals.length !== 1) {
    console.error('usage: generate-run.ts <output-dir> [--lines-per-file N] [--hosts a,b] [--workloads w1,w2] [--repetitions N] [--malformed-rate R] [--seed N] [--run-id ID]');
    return 2;
  }
  const rate = values['malformed-rate'] === undefined ? 0 : Number(values['malformed-rate']);
  if (!(rate >= 0 && rate <= 1)) throw new Error(`--malformed-rate must be between 0 and 1 (got "${values['malformed-rate']}")`);
  const run = generateRun(positionals[0], {
    linesPerFile: positiveInt(values['lines-per-file'], 'lines-per-file', 1000),
    hosts: values.hosts?.split(',').filter(Boolean),
    workloads: values.workloads?.split(',').filter(Boolean),
    repetitions: positiveInt(values.repetitions, 'repetitions', 3),
    malformedRate: rate,
    seed: positiveInt(values.seed, 'seed', 1),
    runId: values['run-id'],
  });
  const { bytes, firstTime, lastTime, ...counts } = run.truth;
  console.log(run.runDir);
  console.log(JSON.stringify({ ...counts, bytes, first: firstTime && new Date(firstTime).toISOString(), last: lastTime && new Date(lastTime).toISOString() }, null, 2));
  return 0;
}

try {
  process.exitCode = main();
} catch (err) {
  console.error(`generate-run: ${(err as Error).message}`);
  process.exitCode = 2;
}
