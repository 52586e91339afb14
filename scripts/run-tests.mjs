// Builds, type-checks and runs the test suites with node's built-in test runner.
// Usage: node scripts/run-tests.mjs [suite...]   suites: unit, lsp, integration, e2e (default: all)
// Integration and e2e suites skip only outside CI when a prerequisite is missing, and say so
// (see test/support/prerequisites.ts); with CI=true a missing prerequisite fails the run.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const ALL_SUITES = ['unit', 'lsp', 'integration', 'e2e'];
const suites = process.argv.slice(2).length ? process.argv.slice(2) : ALL_SUITES;
for (const s of suites) {
  if (!ALL_SUITES.includes(s)) {
    console.error(`unknown suite "${s}"; known: ${ALL_SUITES.join(', ')}`);
    process.exit(2);
  }
}

function step(title, cmd, args) {
  const started = Date.now();
  console.log(`\n== ${title}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`== ${title} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
  console.log(`== ${title} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// Screenshots of an earlier run (including failed-*.png) must not be mistaken for this run's.
fs.rmSync(path.join(root, 'test-results'), { recursive: true, force: true });
step('bundle', process.execPath, ['scripts/build.mjs']);
// Every layer in its own environment (tsconfig.json references one tsconfig per layer).
step('type-check (per layer)', process.execPath, ['node_modules/typescript/bin/tsc', '-b']);
step('lint (layer rules, eslint.config.mjs)', process.execPath, ['node_modules/eslint/bin/eslint.js', 'core', 'cli', 'server', 'client', 'protocol']);
step('bundle tests', process.execPath, ['scripts/build.mjs', '--tests']);

function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return findTests(p);
    return e.name.endsWith('.test.js') ? [p] : [];
  });
}

const files = suites.flatMap((s) => findTests(path.join(root, 'out', 'test', s))).sort();
if (files.length === 0) {
  console.error('no test files found: refusing to report success for a run that executes no test');
  process.exit(1);
}
console.log(`\n== running ${files.length} test files (${suites.join(', ')})`);
const r = spawnSync(process.execPath, ['--enable-source-maps', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files.map((f) => path.relative(root, f))], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, LB_OBS_ROOT: root },
});
process.exit(r.status ?? 1);
