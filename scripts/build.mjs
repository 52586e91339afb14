// Bundles the extension client, the language server and the CLI with esbuild.
import * as esbuild from 'esbuild';
import { buildWasm } from './wasm/build.mjs';

import * as fs from 'fs';
import * as path from 'path';

const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // jsonc-parser and vscode-json-languageservice ship UMD builds whose dynamic requires esbuild cannot follow;
  // their ESM builds bundle cleanly.
  mainFields: ['module', 'main'],
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  // pino loads optional transports by name at run time; none is used, so keep them out of the bundle.
  external: ['vscode', 'pino-pretty', 'bufferutil', 'utf-8-validate'],
};

const builds = [
  { entryPoints: { 'client/extension': 'client/src/extension.ts' } },
  { entryPoints: { 'server/server': 'server/src/server.ts' } },
  // The CLI: its own build below (cliBuild).
  // Log sessions off the extension host's main thread, and parallel indexing of large log files.
  { entryPoints: { logWorker: 'core/logs/worker/logWorkerMain.ts' } },
  { entryPoints: { logScanWorker: 'core/logs/worker/scanWorkerMain.ts' } },
  // Pushes of run logs to Loki, off the extension host's main thread.
  { entryPoints: { pushWorker: 'core/push/worker/pushWorkerMain.ts' } },
  // Alloy pipeline previews (Alloy's parser and the stage engine in WebAssembly), off the extension host's main thread.
  { entryPoints: { alloyPipelineWorker: 'core/alloy/pipeline/worker/previewWorkerMain.ts' } },
  // Run comparisons (mining two runs' logs), off the extension host's main thread.
  { entryPoints: { compareWorker: 'core/compare/worker/compareWorkerMain.ts' } },
  // The log panel's webview script; its CSS import becomes dist/webview/logPanel.css.
  { entryPoints: { 'webview/logPanel': 'client/webview/logPanel/main.ts' }, platform: 'browser', format: 'iife', target: 'chrome114' },
  // The pipeline preview's webview script (and dist/webview/alloyPreview.css).
  { entryPoints: { 'webview/alloyPreview': 'client/webview/alloyPreview/main.ts' }, platform: 'browser', format: 'iife', target: 'chrome114' },
  // The run comparison's webview script (and dist/webview/compare.css).
  { entryPoints: { 'webview/compare': 'client/webview/compare/main.ts' }, platform: 'browser', format: 'iife', target: 'chrome114' },
];

// `lb-obs` as ES modules split by import: dist/cli/program.mjs, one chunk per command (import() in cli/lb-obs.ts)
// and the code several share in chunks of their own, nothing twice; so a command loads and compiles only its own
// code (`lb-obs logs stats` none of the schemas, parsers and HTTP clients other commands need).
const cliBuild = {
  ...common,
  entryPoints: { program: 'cli/program.ts' },
  outdir: 'dist/cli',
  format: 'esm',
  splitting: true,
  outExtension: { '.js': '.mjs' },
  // Every chunk directly in dist/cli, so that __dirname (dist/ found from it) is the same in all.
  chunkNames: '[name]-[hash]',
  // ES modules have neither require (the bundled CommonJS packages call it for Node's modules) nor __dirname.
  banner: {
    js: [
      "import { createRequire as __lbObsCreateRequire } from 'node:module';",
      "import { dirname as __lbObsDirname } from 'node:path';",
      "import { fileURLToPath as __lbObsFileURLToPath } from 'node:url';",
      'const require = __lbObsCreateRequire(import.meta.url);',
      'const __dirname = __lbObsDirname(__lbObsFileURLToPath(import.meta.url));',
    ].join('\n'),
  },
  metafile: true,
  plugins: [{ name: 'prune-stale-chunks', setup: (build) => build.onEnd(pruneStaleChunks) }],
};

/**
 * Chunk names carry a hash: remove an older build's chunks, which the package would otherwise hold too. Outside a
 * production build only those replaced some minutes ago, so that a CLI started before this build (tests running
 * beside it) still finds the chunks it imports later.
 */
function pruneStaleChunks(result) {
  if (!result.metafile) return;
  const built = new Set(Object.keys(result.metafile.outputs).map((f) => path.resolve(f)));
  const before = Date.now() - (production ? 0 : 10 * 60_000);
  for (const name of fs.readdirSync('dist/cli')) {
    const file = path.resolve('dist/cli', name);
    if (/\.mjs(\.map)?$/.test(name) && !built.has(file) && fs.statSync(file).mtimeMs < before) fs.rmSync(file);
  }
}

/** dist/cli/lb-obs.js, the path every caller starts (package.json bin, the lb tasks, scripts): CommonJS, whatever Node's default. */
const CLI_LAUNCHER = `#!/usr/bin/env node
// lb-obs: the program is ./program.mjs and its chunks (ES modules, built by scripts/build.mjs).
import('./program.mjs').catch((err) => {
  process.stderr.write(\`lb-obs: cannot load \${require('path').join(__dirname, 'program.mjs')}: \${err && err.message}\\n\`);
  process.exit(2);
});
`;

function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : findTests(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

if (tests) {
  // Tests are bundled too (our code inlined, packages required at run time), so that they run exactly the
  // code that ships; test/support helpers are inlined into each test file. Named test files are bundled
  // alone (and out/ kept), so that several people can build their own tests at once.
  const named = process.argv.slice(2).filter((a) => a.endsWith('.test.ts'));
  if (named.length === 0) fs.rmSync('out', { recursive: true, force: true });
  await esbuild.build({
    ...common,
    entryPoints: named.length ? named : findTests('test'),
    outdir: 'out/test',
    outbase: 'test',
    sourcemap: true,
    packages: 'external',
    logLevel: 'warning',
  });
  process.exit(0);
}

// The Go parsers compiled to WebAssembly (dist/wasm/), cached by source hash.
try {
  buildWasm();
} catch (e) {
  console.error(`[wasm] error: ${e.message}`);
  process.exit(1);
}

fs.mkdirSync('dist/cli', { recursive: true });
fs.writeFileSync('dist/cli/lb-obs.js', CLI_LAUNCHER, { mode: 0o755 });

for (const b of [...builds.map((b) => ({ ...common, ...b, outdir: 'dist' })), cliBuild]) {
  if (watch) {
    const ctx = await esbuild.context(b);
    await ctx.watch();
  } else {
    await esbuild.build(b);
  }
}
