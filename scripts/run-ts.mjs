// Runs a TypeScript script: bundles it with esbuild (packages stay external) into a temporary CommonJS file
// under node_modules/.cache, so that its imports resolve from this project, and runs that with node, passing
// the arguments through and exiting with the script's exit code.
// Usage: node scripts/run-ts.mjs <file.ts> [args...]
import * as esbuild from 'esbuild';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <file.ts> [args...]');
  process.exit(2);
}

const cacheDir = path.join(root, 'node_modules', '.cache');
fs.mkdirSync(cacheDir, { recursive: true });
const tempDir = fs.mkdtempSync(path.join(cacheDir, 'run-ts-'));
const outfile = path.join(tempDir, `${path.basename(entry, '.ts')}.cjs`);
let status = 1;
try {
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  const r = spawnSync(process.execPath, ['--enable-source-maps', outfile, ...args], { stdio: 'inherit' });
  if (r.error) console.error(`run-ts: cannot run node: ${r.error.message}`);
  status = r.status ?? 1;
} finally {
  fs.rmSync(tempDir, { recursive: true, force: true });
}
process.exit(status);
