// Entry point of `npm run test:vscode` (scripts/test-vscode.mjs), run by VS Code desktop's extension host with
// the sample workspace test/fixtures/e2e-workspace open. Tests use node:test; a failure rejects run(), which
// makes @vscode/test-electron report a failed run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as vscode from 'vscode';

const EXTENSION_ID = 'lb-observability.lb-observability';

async function diagnosticsOf(uri: vscode.Uri, timeoutMs: number): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'lb-obs');
    if (found.length || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function run(): Promise<void> {
  const failed: string[] = [];
  const check = (name: string, fn: () => Promise<void>) =>
    test(name, async () => {
      try {
        await fn();
      } catch (err) {
        failed.push(name);
        throw err;
      }
    });

  await check('the extension activates in a workspace with an lb config', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    await extension.activate();
    assert.equal(extension.isActive, true);
    assert.ok((await vscode.commands.getCommands(true)).includes('lbObs.showLogs'));
  });

  await check('a misspelled key gets a warning suggesting "repetitions" on the key', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the sample workspace is not open');
    const uri = vscode.Uri.joinPath(folder.uri, 'benchmark_config.json');
    await vscode.window.showTextDocument(uri);
    const diagnostics = await diagnosticsOf(uri, 30_000);
    const typo = diagnostics.find((d) => d.message.includes('"repetiton"'));
    assert.ok(typo, `no diagnostic on "repetiton": ${JSON.stringify(diagnostics)}`);
    assert.equal(typo.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(typo.message, /repetitions/);
    assert.deepEqual(
      [typo.range.start.line, typo.range.start.character, typo.range.end.line, typo.range.end.character],
      [1, 2, 1, 13],
    );
  });

  if (failed.length) throw new Error(`${failed.length} test(s) failed: ${failed.join('; ')}`);
}
