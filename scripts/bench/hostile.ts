// The built `lb-obs` on the hostile inputs of issue 13: wall time and peak memory (max RSS) of each run, with
// the goals the issue sets (a 2 MB unknown key under 3 s and 500 MB; 80,000 quotes checked under 1 s). LogQL runs
// load Loki's parser first: their goals are judged on the time over the one-line query's (the baseline).
// Usage: npm run bench:hostile
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';

const root = process.cwd();
const cli = path.join(root, 'dist', 'cli', 'lb-obs.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-bench-hostile-'));
// Reports the child's peak memory on exit, where the parent can read it.
const preload = path.join(dir, 'max-rss.js');
fs.writeFileSync(preload, "process.on('exit', () => process.stderr.write(`\\nMAX_RSS_KB=${process.resourceUsage().maxRSS}\\n`));\n");

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const cases: Array<{ name: string; args: string[]; goal?: { seconds: number; megabytes?: number; overBaseline?: boolean } }> = [
  { name: 'baseline: a one-line query (start-up cost)', args: ['logql', 'check', '--query', '{app="a"}'] },
  { name: '2 MB unknown key in lb/platform.json', args: ['validate', write('lb/platform.json', JSON.stringify({ ['k'.repeat(2_000_000)]: 1 }))], goal: { seconds: 3, megabytes: 500 } },
  { name: '100 KB unknown LogQL function name', args: ['logql', 'check', '--query', `sum(${'x'.repeat(100_000)}({app="a"}[5m]))`] },
  { name: '{app=" + 80,000 quotes + "} |= "a"', args: ['logql', 'check', write('quotes.logql', `{app="${'"'.repeat(80_000)}"} |= "a"\n`)], goal: { seconds: 1, overBaseline: true } },
  { name: '5,000-deep array in a dashboard', args: ['validate', write('dashboard.json', `{"panels": [], "x": ${deep(5000)}}`)] },
  { name: '50,000-deep object, logql check', args: ['logql', 'check', write('other.json', `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`)] },
  { name: '20,000 `|` in a .logql file', args: ['logql', 'check', write('pipes.logql', `{app="a"} ${'|'.repeat(20_000)}\n`)] },
];
const huge = path.join(dir, 'huge.logql');
fs.writeFileSync(huge, '');
fs.truncateSync(huge, 200 * 1024 * 1024);
cases.push({ name: '200 MB .logql file (refused)', args: ['validate', huge] });

console.log('case'.padEnd(42), 'exit', 'seconds'.padStart(8), 'over baseline'.padStart(14), 'max RSS MB'.padStart(11), ' goal');
let baseline = 0;
for (const c of cases) {
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--require', preload, cli, ...c.args], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  const rss = Number(/MAX_RSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
  if (c === cases[0]) baseline = seconds;
  const judged = c.goal?.overBaseline ? seconds - baseline : seconds;
  const goal = c.goal
    ? `${judged <= c.goal.seconds && (c.goal.megabytes === undefined || rss <= c.goal.megabytes) ? 'met' : 'MISSED'} (< ${c.goal.seconds} s${c.goal.overBaseline ? ' over baseline' : ''}${c.goal.megabytes ? `, < ${c.goal.megabytes} MB` : ''})`
    : '';
  const over = c === cases[0] ? '' : (seconds - baseline).toFixed(2);
  console.log(c.name.padEnd(42), String(r.status).padStart(4), seconds.toFixed(2).padStart(8), over.padStart(14), rss.toFixed(0).padStart(11), ` ${goal}`);
}
fs.rmSync(dir, { recursive: true, force: true });
