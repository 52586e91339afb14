// `npm run test:vscode`: the extension tests in VS Code desktop, through @vscode/test-electron, for machines
// that can download VS Code (or have one: VSCODE_EXECUTABLE_PATH). Where VS Code cannot be downloaded, use the
// e2e suite (code-server): `node scripts/run-tests.mjs e2e`. On a headless Linux run it under `xvfb-run -a`.
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import * as esbuild from 'esbuild';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
await esbuild.build({
  entryPoints: [path.join(root, 'test/vscode/index.ts')],
  outfile: path.join(root, 'out/vscode/index.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  external: ['vscode'],
  logLevel: 'warning',
});

let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE_PATH;
if (!vscodeExecutablePath) {
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version: 'stable', timeout: 30_000 });
  } catch (err) {
    console.error(
      `test:vscode needs VS Code desktop, and downloading it failed: ${err instanceof Error ? err.message : err}\n` +
        'This machine may not reach the VS Code download servers. Set VSCODE_EXECUTABLE_PATH to an installed ' +
        'VS Code, or run the same checks in code-server, which installs from npm: node scripts/run-tests.mjs e2e',
    );
    process.exit(1);
  }
}

// A fresh profile and a copy of the sample workspace, so that nothing of the user's VS Code is involved.
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-vscode-'));
const workspace = path.join(temp, 'workspace');
fs.cpSync(path.join(root, 'test/fixtures/e2e-workspace'), workspace, { recursive: true });
let status = 0;
try {
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out/vscode/index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(temp, 'user-data')],
  });
} catch (err) {
  console.error(`test:vscode failed: ${err instanceof Error ? err.message : err}`);
  status = 1;
} finally {
  fs.rmSync(temp, { recursive: true, force: true });
}
process.exit(status);
