// `npm run package` builds a .vsix that holds exactly what the extension needs: every file package.json
// refers to, the bundles and workers, the shipped scripts, and no sources, tests, maps or node_modules.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../support/paths';
import { buildVsix } from '../support/vsix';

interface Manifest {
  main: string;
  bin: Record<string, string>;
  contributes: {
    jsonValidation: Array<{ url: string }>;
    snippets: Array<{ path: string }>;
    grammars: Array<{ path: string }>;
    languages: Array<{ configuration?: string; icon?: { light: string; dark: string } }>;
    viewsContainers?: { activitybar?: Array<{ icon: string }> };
  };
}

/** The Go programs in WebAssembly (wasm/<name>/), each loaded by core/wasm/goWasm.ts. */
const WASM_MODULES = ['dist/wasm/logql.wasm', 'dist/wasm/alloy.wasm'];

test('the vsix contains every file package.json refers to and nothing it does not need', async () => {
  const vsix = await buildVsix(fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-vsix-')));
  const entries = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .filter((e) => e.startsWith('extension/'))
    .map((e) => e.slice('extension/'.length));
  const files = new Set(entries);
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
  const c = manifest.contributes;
  const referenced = [
    manifest.main,
    ...Object.values(manifest.bin),
    ...c.jsonValidation.map((j) => j.url),
    ...c.snippets.map((s) => s.path),
    ...c.grammars.map((g) => g.path),
    ...c.languages.flatMap((l) => [l.configuration, l.icon?.light, l.icon?.dark]),
    ...(c.viewsContainers?.activitybar ?? []).map((v) => v.icon),
    'dist/server/server.js',
    'dist/logWorker.js',
    'dist/logScanWorker.js',
    'dist/pushWorker.js',
    'dist/alloyPipelineWorker.js',
    'dist/webview/logPanel.js',
    'dist/webview/logPanel.css',
    'dist/webview/alloyPreview.js',
    'dist/webview/alloyPreview.css',
    'dist/compareWorker.js',
    'dist/webview/compare.js',
    'dist/webview/compare.css',
    // Loki's LogQL parser, Alloy's parsers with its stage engine, and Go's loader for them (core/wasm/goWasm.ts).
    ...WASM_MODULES,
    'dist/wasm/wasm_exec.js',
    'install/install-loki.sh',
    'install/uninstall-loki.sh',
    'install/install-grafana.sh',
    'install/uninstall-grafana.sh',
    'install/lib/observability.sh',
    // vsce stores these two under its own names.
    'readme.md',
    'LICENSE.txt',
  ]
    .filter((p): p is string => !!p)
    .map((p) => path.posix.normalize(p.replace(/^\.\//, '')));
  for (const file of referenced) assert.ok(files.has(file), `${file} is referenced but not packaged`);

  // The CLI's ES modules (scripts/build.mjs): every chunk its entry can import, and no other (an older build's).
  const unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-vsix-cli-'));
  try {
    execFileSync('unzip', ['-q', vsix, 'extension/dist/cli/*', '-d', unpacked]);
    const cliDir = path.join(unpacked, 'extension', 'dist', 'cli');
    const reachable = new Set(['program.mjs']);
    for (const name of reachable) {
      assert.ok(fs.existsSync(path.join(cliDir, name)), `dist/cli/${name} is imported but not packaged`);
      for (const m of fs.readFileSync(path.join(cliDir, name), 'utf8').matchAll(/"\.\/([\w-]+\.mjs)"/g)) reachable.add(m[1]);
    }
    assert.ok(reachable.size > 2, [...reachable].join(', '));
    assert.deepEqual(fs.readdirSync(cliDir).sort(), ['lb-obs.js', ...reachable].sort());
  } finally {
    fs.rmSync(unpacked, { recursive: true, force: true });
  }

  // No other module: one left in dist/wasm/ by an older build would weigh megabytes for nothing.
  assert.deepEqual(entries.filter((e) => e.endsWith('.wasm')).sort(), [...WASM_MODULES].sort());
  const unwanted = entries.filter((e) => /(^|\/)node_modules\//.test(e) || /^(test|out|core|server\/src|client\/src|client\/webview|cli|docs|demo)\//.test(e) || /\.(ts|map)$/.test(e));
  assert.deepEqual(unwanted, []);
  const size = fs.statSync(vsix).size;
  // The real programs' parsers in WebAssembly (dist/wasm/) are most of it.
  assert.ok(size < 15_000_000, `the vsix is ${size} bytes`);
});
