// What a command loads (issue 18): `lb-obs` is built as ES modules split by import (scripts/build.mjs, import() per
// command in cli/lb-obs.ts), so a command reads and compiles only its own code, and no code is on disk twice.
// Measured on the built CLI run for real, with a module hook that records every file Node loads; the development
// build names each bundled source in a comment (`// core/logs/logView.ts`), which tells what a file holds.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { CLI_JS } from '../support/paths';

const CLI_DIR = path.dirname(CLI_JS);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-cli-modules-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

// Node's module hooks (run in a thread of their own): append each file URL loaded to $LOADED_LOG.
fs.writeFileSync(path.join(dir, 'hooks.mjs'), `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(process.env.LOADED_LOG, url + '\\n');
  return next(url, context);
}
`);
fs.writeFileSync(path.join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`);

const LOG = path.join(dir, 'run.jsonl');
fs.writeFileSync(
  LOG,
  Array.from({ length: 3 }, (_, i) => JSON.stringify({ timestamp: `2026-01-01T00:00:0${i}Z`, level: 'INFO', component: 'runner', host: 'h1', run_id: 'r1', logger: 'lb', message: `step ${i}` }) + '\n').join(''),
);

const SOURCE_COMMENT = /^\/\/ ([\w@.-]+\/\S+\.(?:ts|js|mjs|cjs|json))$/gm;

/** The sources bundled into a built file, by the comments esbuild writes before each. */
function sourcesOf(file: string): string[] {
  return [...fs.readFileSync(file, 'utf8').matchAll(SOURCE_COMMENT)].map((m) => m[1]);
}

/** Runs the built CLI and returns the files of dist/cli it loaded, their bytes and the sources they hold. */
function loads(...args: string[]) {
  const logFile = path.join(dir, `loaded-${args[0]}.txt`);
  fs.rmSync(logFile, { force: true });
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(path.join(dir, 'register.mjs')).href, CLI_JS, ...args], {
    cwd: dir,
    env: { ...process.env, LOADED_LOG: logFile },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  const files = [...new Set(fs.readFileSync(logFile, 'utf8').trim().split('\n').map((u) => fileURLToPath(u)))].filter((f) => path.dirname(f) === CLI_DIR);
  return {
    stdout: r.stdout,
    files,
    bytes: files.reduce((n, f) => n + fs.statSync(f).size, 0),
    sources: files.flatMap(sourcesOf),
  };
}

test('lb-obs help and --version load the dispatcher and the usage text, no command', () => {
  for (const args of [['help'], ['--version']]) {
    const run = loads(...args);
    assert.ok(run.sources.includes('cli/usage.ts'), `${args}: ${run.files.join(', ')}`);
    assert.deepEqual(run.sources.filter((s) => !/^(cli\/[\w-]+\.ts|core\/text\/)/.test(s)), [], `${args}: ${run.files.join(', ')}`);
    assert.ok(run.bytes < 64 * 1024, `${args} loads ${run.bytes} bytes`);
  }
});

test('lb-obs logs stats loads the log engine only: no schema, config validation, Alloy, Loki client or other command', () => {
  const run = loads('logs', 'stats', LOG);
  assert.match(run.stdout, /^lines +3\nrecords +3\n/);
  assert.ok(run.sources.includes('cli/commands/logs.ts'), run.sources.join(', '));
  const foreign = run.sources.filter((s) =>
    /^(schemas\/|core\/(alloy|validation|lokiConfig|grafanaProvisioning|links|push|compare|loki|logql)\/|core\/logs\/loki|node_modules\/(ajv|yaml|jsonc-parser|@jmespath-community|node-fetch|ws|@lezer|@grafana)\/)/.test(s) ||
    (/^cli\/commands\//.test(s) && s !== 'cli/commands/logs.ts'),
  );
  assert.deepEqual(foreign, []);
  // The single bundle every command loaded before was 4.1 MB.
  assert.ok(run.bytes < 320 * 1024, `logs stats loads ${run.bytes} bytes: ${run.files.join(', ')}`);
});

/** Every file the CLI can load: the entry and the chunks it imports, statically or by import(), transitively. */
function cliFiles(): string[] {
  const files = new Set(['program.mjs']);
  for (const name of files) {
    for (const m of fs.readFileSync(path.join(CLI_DIR, name), 'utf8').matchAll(/"\.\/([\w-]+\.mjs)"/g)) files.add(m[1]);
  }
  return [...files];
}

test('every source is bundled into one file of the CLI only: commands share chunks, nothing is on disk twice', () => {
  const where = new Map<string, string[]>();
  for (const name of cliFiles()) {
    for (const source of new Set(sourcesOf(path.join(CLI_DIR, name)))) where.set(source, [...(where.get(source) ?? []), name]);
  }
  assert.ok(where.has('core/logs/lineClassifier.ts') && where.has('schemas/alloy/components.json'), [...where.keys()].join(', '));
  assert.deepEqual([...where].filter(([, files]) => files.length > 1), []);
});
