// The run config lb is pointed at as a label source of the language server: $LB_CONFIG_PATH from the server's
// environment, and lb's pointer file `$XDG_CONFIG_HOME/lb/config_path` (stripped, `~` expanded, a relative path
// resolved against the workspace folder) written, changed and removed, and its target changed on disk, each seen
// in the exact warnings of an open .logql file; the target is watched while it is pointed at.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { emptyHomeEnv } from '../support/emptyHome';
import { LspClient } from '../support/lspClient';

const home = emptyHomeEnv();
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-label-pointer-'));
const workspace = path.join(root, 'workspace');
const lbUserDir = path.join(home.XDG_CONFIG_HOME, 'lb');
const pointer = path.join(lbUserDir, 'config_path');
const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
};
const uri = (file: string) => pathToFileURL(file).toString();
const runConfig = (labels: Record<string, string>) => JSON.stringify({ workloads: {}, loki: { enabled: true, labels } }, null, 2);

write(path.join(workspace, 'benchmark_config.json'), runConfig({ env: 'ci' }));
const fromEnv = path.join(root, 'env-config.json');
write(fromEnv, runConfig({ owner: 'perf' }));
// In the home folder, pointed at as `~/...`.
const nightly = path.join(home.HOME, 'configs', 'nightly.json');
write(nightly, runConfig({ suite: 'nightly' }));
// Relative: resolved against the workspace folder (outside it, so that only the pointer makes it a source).
const relative = path.join(root, 'shared', 'tiers.json');
write(relative, runConfig({ tier: 'gold' }));
const query = path.join(workspace, 'queries', 'labels.logql');
const QUERY = '{env="ci", owner="perf", suite="nightly", tier="gold"}\n';
write(query, QUERY);

let client: LspClient;
before(async () => {
  client = await LspClient.start({ workspaceFolders: [workspace], env: { ...home, LB_OBS_LOKI_URL: '', LB_CONFIG_PATH: fromEnv }, workspaceFeatures: true });
});
after(async () => {
  await client.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

const show = (diagnostics: Diagnostic[]) => diagnostics.map((d) => /^no label source produces `(\w+)` \(labels here come from ([^)]*\))\)/.exec(String(d.message))?.slice(1).join(' from ') ?? String(d.message));
const unknown = (names: string[], files: string) => names.map((n) => `${n} from lb (${files})`);

function settled(expected: string[]): Promise<string[]> {
  return client.settledDiagnostics(uri(query), show, expected);
}

async function changed(file: string, type: 1 | 2 | 3): Promise<void> {
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(file), type }] });
}

/** The watchers of lb's pointed-at run configs: `folder/name` each. */
function targetWatchers(): string[] {
  return client.registrations
    .filter((r) => r.method === 'workspace/didChangeWatchedFiles')
    .flatMap((r) => (r.registerOptions as { watchers: Array<{ globPattern: string | { baseUri: string; pattern: string } }> }).watchers)
    .flatMap((w) => (typeof w.globPattern === 'string' || w.globPattern.baseUri === uri(lbUserDir) ? [] : [`${w.globPattern.baseUri}/${w.globPattern.pattern}`]));
}

test('$LB_CONFIG_PATH is a source from the start; without a pointer the other names are unknown', async () => {
  const expected = unknown(['suite', 'tier'], 'benchmark_config.json, env-config.json');
  assert.deepEqual(show(await client.open(uri(query), 'logql', QUERY)), expected);
  assert.deepEqual(await settled(expected), expected);
  assert.deepEqual(targetWatchers(), [uri(fromEnv)]);
});

test('the pointer written (blanks around, `~`): its target is a source and watched', async () => {
  write(pointer, '  ~/configs/nightly.json\n');
  await changed(pointer, 1);
  const expected = unknown(['tier'], 'benchmark_config.json, env-config.json, nightly.json');
  assert.deepEqual(await settled(expected), expected);
  assert.deepEqual(targetWatchers().sort(), [uri(fromEnv), uri(nightly)].sort());
});

test('the pointer changed to a relative path: resolved against the workspace folder; the old target is forgotten', async () => {
  write(pointer, '../shared/tiers.json');
  await changed(pointer, 2);
  const expected = unknown(['suite'], 'benchmark_config.json, env-config.json, tiers.json');
  assert.deepEqual(await settled(expected), expected);
});

test('the target changed on disk: its labels follow', async () => {
  write(relative, runConfig({ tier: 'gold', suite: 'nightly' }));
  await changed(relative, 2);
  assert.deepEqual(await settled([]), []);
});

test('the pointer removed, or naming a file that does not exist (lb ignores it): back to the environment alone', async () => {
  const expected = unknown(['suite', 'tier'], 'benchmark_config.json, env-config.json');
  fs.rmSync(pointer);
  await changed(pointer, 3);
  assert.deepEqual(await settled(expected), expected);
  write(pointer, path.join(root, 'missing.json'));
  await changed(pointer, 1);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.deepEqual(await settled(expected), expected);
  assert.deepEqual(targetWatchers(), [uri(fromEnv)]);
});
