// LogQL completion and formatting against a real Loki that has received lb streams: the language server asks
// Loki for label names and values (answering from its cache or fallback while a lookup runs), and formats
// .logql queries with Loki's format_query.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CompletionList, TextEdit } from 'vscode-languageserver-protocol';
import { lokiPush } from '../../core/loki/api';
import { lbStream, uniqueRunId } from '../support/lbStreams';
import { RunningLoki, startLoki } from '../support/loki';
import { LspClient } from '../support/lspClient';
import { lokiBinary, needs } from '../support/prerequisites';
import { positionAt } from '../support/textRanges';

const SUITE = 'integration/logql-completion';

describe('LogQL completion and formatting with a real Loki', needs(SUITE, lokiBinary()), () => {
  let loki: RunningLoki;
  let client: LspClient;
  const runId = uniqueRunId();
  let counter = 0;

  before(async () => {
    loki = await startLoki();
    const t0 = Date.now() - 60_000;
    const controller = lbStream({ component: 'controller', host: 'ctl-1', run_id: runId, workload: 'stress_ng', repetition: 1 }, [{ level: 'INFO', message: 'run started' }], t0);
    const runner = lbStream({ component: 'runner', host: 'node-a', run_id: runId, workload: 'fio', phase: 'teardown' }, [{ level: 'ERROR', message: 'fio failed' }], t0 + 5);
    const custom = { stream: { service_tier: 'gold', component: 'k6', host: 'load-1', run_id: runId }, values: [[String((t0 + 9) * 1_000_000), 'k6 says hi']] as Array<[string, string]> };
    await lokiPush({ url: loki.url }, [controller.stream, runner.stream, custom]);
    client = await LspClient.start({ settings: { loki: { url: loki.url } } });
  });
  after(async () => {
    await client?.stop();
    await loki?.stop();
  });

  /** Completion at `‸`, asked again while the server says the list is incomplete (a lookup was running). */
  async function complete(text: string): Promise<string[]> {
    const offset = text.indexOf('‸');
    const clean = text.slice(0, offset) + text.slice(offset + 1);
    const uri = `file:///tmp/lb-obs-logql-loki-${process.pid}-${++counter}.logql`;
    await client.open(uri, 'logql', clean);
    for (let attempt = 0; attempt < 50; attempt++) {
      const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: positionAt(clean, offset) });
      if (!list.isIncomplete) return list.items.map((i) => i.label);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the completion list stayed incomplete');
  }

  test('label names after `{` are the labels of the pushed streams, including ones lb does not know', async () => {
    const names = await complete('{‸}');
    for (const name of ['component', 'host', 'run_id', 'workload', 'repetition', 'phase', 'service_tier']) assert.ok(names.includes(name), `${name} in ${names}`);
  });

  test('values after `=` come from Loki, narrowed by the other matchers of the selector', async () => {
    assert.deepEqual((await complete(`{run_id="${runId}", component="‸"}`)).sort(), ['controller', 'k6', 'runner']);
    assert.deepEqual(await complete(`{run_id="${runId}", component="runner", host=‸}`), ['node-a']);
    assert.ok((await complete('{run_id=‸}')).includes(runId));
  });

  test('formatting a .logql file uses Loki and leaves queries with variables or comments alone', async () => {
    const text = [
      '# formatted by Loki',
      'sum   by(host)(count_over_time({component="runner"}|="x"|json[5m]))',
      '',
      'rate({component="runner"}[$__auto])',
      '',
      '{component="runner"} # keep my comment',
      '',
    ].join('\n');
    const uri = `file:///tmp/lb-obs-logql-format-${process.pid}.logql`;
    await client.open(uri, 'logql', text);
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    assert.equal(edits.length, 1);
    assert.deepEqual(edits[0].range, { start: { line: 1, character: 0 }, end: { line: 1, character: 67 } });
    // Loki's own canonical form of the query.
    assert.equal(edits[0].newText, 'sum by (host)(count_over_time({component="runner"} |= "x" | json[5m]))');
  });
});
