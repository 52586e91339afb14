// Query hints and Explain against a real Loki holding lb records, JSON, logfmt, packed, plain text and mixed
// lines: each stream gets the parser its lines need (from a sample Loki returns), the edited queries run in
// Loki, and Explain's stream count is Loki's series count for the selector (language server and CLI).
import assert from 'node:assert/strict';
import * as os from 'node:os';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Hover } from 'vscode-languageserver-protocol';
import { isMetricQuery } from '../../core/logql/queryKind';
import { loadLokiParser } from '../../core/logql/lokiParser';
import { validateLogQL } from '../../core/logql/validateQuery';
import { lokiMetricQuery, lokiPush, lokiQueryRange, lokiSeries, LokiStream } from '../../core/loki/api';
import { lbStream, ns, uniqueRunId } from '../support/lbStreams';
import { runLbObsSync } from '../support/lbObsCli';
import { RunningLoki, startLoki } from '../support/loki';
import { LspClient } from '../support/lspClient';
import { lokiBinary, needs } from '../support/prerequisites';
import { positionAt } from '../support/textRanges';

const SUITE = 'integration/logql-hints-loki';

describe('LogQL hints and Explain with a real Loki', needs(SUITE, lokiBinary()), () => {
  let loki: RunningLoki;
  let client: LspClient;
  const runId = uniqueRunId();
  const t0 = Date.now() - 60_000;
  let counter = 0;

  const shaped = (shape: string, lines: string[]): LokiStream => ({ stream: { suite: runId, shape }, values: lines.map((line, i) => [ns(t0 + 100 + i), line]) });

  before(async () => {
    assert.ok(await loadLokiParser());
    loki = await startLoki();
    const lb = lbStream({ component: 'runner', host: 'node-a', run_id: runId, workload: 'fio', phase: 'setup' }, [
      { level: 'INFO', message: 'fio started' },
      { level: 'ERROR', message: 'fio failed' },
      { level: 'INFO', message: 'cleanup' },
    ], t0);
    await lokiPush({ url: loki.url }, [
      { ...lb.stream, stream: { ...lb.stream.stream, suite: runId, shape: 'lb' } },
      shaped('json', ['{"msg":"ok","status":200,"job":"nightly"}', '{"msg":"slow","status":504,"job":"nightly"}', '{"msg":"ok","status":200,"job":"hourly"}']),
      shaped('logfmt', ['level=info msg="request done" status=200', 'level=error msg="upstream timeout" status=504', 'level=info msg=ok status=200']),
      shaped('packed', ['{"_entry":"GET /health 200","pod":"api-1"}', '{"_entry":"GET /users 500","pod":"api-2"}']),
      shaped('text', ['2026-11-21T13:56:39Z INFO worker started 3', '2026-11-21T13:56:40Z WARN worker slow 3', '2026-11-21T13:56:41Z INFO worker done 3']),
      shaped('mixed', ['{"msg":"a"}', '{"msg":"b"}', '{"msg":"c"}', '{"msg":"d"}', 'panic: plain text', '{"msg":"e"}']),
    ]);
    client = await LspClient.start({ settings: { loki: { url: loki.url } }, env: { LB_OBS_LOKI_URL: '' } });
  });
  after(async () => {
    await client?.stop();
    await loki?.stop();
  });

  /** The code actions on a query once Loki's sample arrived (asked again while the server has only lb's schema). */
  async function actions(query: string, ready: (titles: string[]) => boolean): Promise<Array<{ title: string; edited: string }>> {
    const uri = `file://${os.tmpdir()}/lb-obs-hints-loki-${process.pid}-${++counter}.logql`;
    await client.open(uri, 'logql', query);
    for (let attempt = 0; attempt < 50; attempt++) {
      const list = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: positionAt(query, 0), end: positionAt(query, 0) },
        context: { diagnostics: [] },
      });
      const result = list.map((a) => {
        const [edit] = a.edit!.changes![uri];
        const start = edit.range.start.character;
        const end = edit.range.end.character;
        return { title: a.title, edited: query.slice(0, start) + edit.newText + query.slice(end) };
      });
      if (ready(result.map((r) => r.title))) return result;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no sample-based hints for ${query}`);
  }

  /** Runs a query in Loki (it refuses what it cannot parse or run), returning the entries' labels. */
  async function runInLoki(query: string): Promise<Array<Record<string, string>>> {
    assert.deepEqual(validateLogQL(query).filter((p) => p.severity === 'error'), [], query);
    const range = { start: t0 - 60_000, end: Date.now() + 1000 };
    if (isMetricQuery(query)) return (await lokiMetricQuery({ url: loki.url }, { query, time: range.end })).map((s) => s.metric);
    const streams = await lokiQueryRange({ url: loki.url }, { query, ...range, limit: 100 });
    return streams.flatMap((s) => s.values.map(([, , labels]) => ({ ...s.stream, ...labels })));
  }

  const PARSER_TITLES: Record<string, [string, string]> = {
    lb: ['Add | json: lines of this stream are JSON (lb records)', 'message'],
    json: ['Add | json: lines of this stream are JSON', 'job'],
    logfmt: ['Add | logfmt: lines of this stream are logfmt key=value pairs', 'status'],
    packed: ["Add | unpack: lines of this stream were packed by Alloy's pack stage", 'pod'],
    text: ['Add | pattern "<ts> <level> <f3> <_>": lines of this stream are plain text fields (from a sample line)', 'level'],
  };

  for (const [shape, [title, label]] of Object.entries(PARSER_TITLES)) {
    test(`${shape} lines: "${title}"; Loki runs the edited query and extracts ${label}`, async () => {
      const query = `{suite="${runId}", shape="${shape}"}`;
      const found = await actions(query, (titles) => titles.some((t) => t.startsWith('Add |')));
      const parser = found.filter((a) => a.title.startsWith('Add |'));
      assert.deepEqual(parser.map((a) => a.title), [title]);
      const entries = await runInLoki(parser[0].edited);
      assert.ok(entries.length > 0 && entries.every((e) => e[label] !== undefined && e.__error__ === undefined), JSON.stringify(entries));
      for (const a of found) await runInLoki(a.edited);
    });
  }

  test('mixed lines under | json: both __error__ filters, and Loki keeps exactly the JSON lines', async () => {
    const query = `{suite="${runId}", shape="mixed"} | json`;
    const found = await actions(query, (titles) => titles.some((t) => t.includes('__error__')));
    const filters = found.filter((a) => a.title.includes('__error__'));
    assert.deepEqual(filters.map((a) => a.title), [
      'Add | __error__!="JSONParserErr": 1 of 6 sampled lines are not JSON (drops them)',
      'Add | __error__="": 1 of 6 sampled lines are not JSON (drops every line with a parse error)',
    ]);
    assert.equal((await runInLoki(query)).length, 6);
    for (const f of filters) assert.equal((await runInLoki(f.edited)).length, 5);
  });

  test('the cheaper line filter first keeps exactly the lines the label filter keeps', async () => {
    const query = `{suite="${runId}", shape="json"} | json | job="nightly"`;
    const found = await actions(query, (titles) => titles.length > 0);
    const first = found.find((a) => a.title.startsWith('Add |= "nightly" before | json'))!;
    assert.equal(first.edited, `{suite="${runId}", shape="json"} |= "nightly" | json | job="nightly"`);
    assert.equal((await runInLoki(first.edited)).length, (await runInLoki(query)).length);
  });

  test("Explain's stream count is Loki's series count for the selector, in the hover and the CLI", async () => {
    const query = `{suite="${runId}", shape=~"json|logfmt|lb"} | json`;
    const series = await lokiSeries({ url: loki.url }, { match: [`{suite="${runId}", shape=~"json|logfmt|lb"}`], start: t0 - 60_000, end: Date.now() });
    assert.equal(series.length, 3);
    const uri = `file://${os.tmpdir()}/lb-obs-explain-loki-${process.pid}.logql`;
    await client.open(uri, 'logql', query);
    let markdown = '';
    for (let attempt = 0; attempt < 50 && !markdown.includes('Loki holds'); attempt++) {
      const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionAt(query, 0) });
      markdown = (hover.contents as { value: string }).value;
      if (!markdown.includes('Loki holds')) await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(markdown, /Loki holds 3 such streams over the last 24 hours: about [\d.]+ [KM]?B in \d+ lines\./);
    const cli = runLbObsSync(['logql', 'explain', '--query', query, '--loki', loki.url], { cwd: os.tmpdir() });
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout.split('\n')[1], / Loki holds 3 such streams over the last 24 hours: about [\d.]+ [KM]?B in \d+ lines\.$/);
  });

  test('check --fixes with --loki proposes the parser from the sample', () => {
    const cli = runLbObsSync(['logql', 'check', '--fixes', '--query', `{suite="${runId}", shape="logfmt"}`, '--loki', loki.url], { cwd: os.tmpdir() });
    assert.equal(cli.code, 0, cli.stderr);
    assert.ok(cli.stdout.startsWith('<query>:1:1: fix: Add | logfmt: lines of this stream are logfmt key=value pairs\n'), cli.stdout);
  });
});
