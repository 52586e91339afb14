// The language server's label model with a real Loki: a label only Loki has seen is accepted in the editor, one
// nobody produces is warned with Loki named and a did-you-mean from Loki's names, and hover gives Loki's number
// of values of a label.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { lokiLabels, lokiPush } from '../../core/loki/api';
import { emptyHomeEnv } from '../support/emptyHome';
import { ns } from '../support/lbStreams';
import { RunningLoki, startLoki } from '../support/loki';
import { LspClient } from '../support/lspClient';
import { lokiBinary, needs } from '../support/prerequisites';
import { rangeOfText } from '../support/textRanges';
import { waitUntil } from '../support/waitUntil';

const SUITE = 'integration/server-labels-loki';

describe('the language server with a real Loki', needs(SUITE, lokiBinary()), () => {
  let loki: RunningLoki;
  let client: LspClient;
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-server-labels-'));
  const uri = pathToFileURL(path.join(workspace, 'q.logql')).toString();
  let version = 1;

  before(async () => {
    loki = await startLoki();
    const t0 = Date.now() - 60_000;
    await lokiPush({ url: loki.url }, [
      { stream: { app: 'web', container: 'base' }, values: [[ns(t0), 'one']] },
      { stream: { app: 'api', container: 'base' }, values: [[ns(t0 + 1), 'two']] },
    ]);
    await waitUntil('Loki listing app', async () => (await lokiLabels({ url: loki.url }, { start: new Date(t0 - 60_000), end: new Date() })).includes('app'));
    client = await LspClient.start({ workspaceFolders: [workspace], settings: { loki: { url: loki.url } }, env: { ...emptyHomeEnv(), LB_OBS_LOKI_URL: '' } });
  });
  after(async () => {
    await client?.stop();
    await loki?.stop();
  });

  /** The query's diagnostics once the server has Loki's names (the first check runs while Loki is asked). */
  async function settled(text: string, expectedCount: number): Promise<Diagnostic[]> {
    let last: Diagnostic[] = await client.open(uri, 'logql', text);
    return waitUntil(
      `${expectedCount} diagnostics`,
      async () => {
        if (last.length === expectedCount) return last;
        last = await client.change(uri, text + ' '.repeat(++version % 2));
        return last.length === expectedCount && last;
      },
      { seen: async () => JSON.stringify(last) },
    );
  }

  test("a label only Loki has seen is accepted; an unknown one is warned with Loki's names", async () => {
    const text = '{app="web", ap="x"}';
    const diagnostics = await settled(text, 1);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range, d.message]), [
      [
        'logql/unknown-label',
        { start: { line: 0, character: 12 }, end: { line: 0, character: 14 } },
        "no label source produces `ap` (labels here come from Loki's labels of the last 24 hours), and Loki has not seen it in the last 24 hours: the selector matches no stream; did you mean `app`?",
      ],
    ]);
  });

  test("hover gives Loki's number of values", async () => {
    const text = '{container="base"}';
    await client.change(uri, text);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: rangeOfText(text, 'container').start });
    assert.equal((hover?.contents as { value: string }).value, '**container**\n\n- no source in the workspace produces it\n- Loki: 1 value in the last 24 hours');
  });
});
