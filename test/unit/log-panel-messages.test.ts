// The log panel's host side: every message from the webview is validated before it reaches the log engine,
// and the controller answers, trims and coalesces as the webview expects.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PanelController, PanelHost } from '../../client/src/logs/panelController';
import { panelHtml } from '../../client/src/logs/panelHtml';
import { HostMessage, LIMITS, validateMessage } from '../../protocol/logPanel';
import { MemoryLogSession, MemoryRecord } from '../support/memoryLogSession';

function rejects(message: unknown, error: string): void {
  assert.deepEqual(validateMessage(message), { ok: false, error });
}

function accepts(message: unknown, expected: unknown = message): void {
  assert.deepEqual(validateMessage(message), { ok: true, message: expected });
}

describe('validateMessage', () => {
  test('accepts each well-formed message as is', () => {
    accepts({ type: 'ready' });
    accepts({ type: 'rows', id: 1, start: 0, count: 200 });
    accepts({ type: 'details', id: 2, index: 999_999 });
    accepts({ type: 'facets', id: 3 });
    accepts({ type: 'histogram', id: 4, buckets: 300 });
    accepts({ type: 'findLevel', id: 5, from: -1, direction: 1, minLevel: 'ERROR' });
    accepts({ type: 'copy', text: 'a line' });
    accepts({
      type: 'setFilter',
      id: 6,
      filter: {
        minLevel: 'WARNING',
        components: ['controller', 'k6'],
        hosts: ['node-1'],
        workloads: ['dfaas'],
        repetitions: [1, 3],
        phases: ['setup'],
        text: 'timed out',
        regex: false,
        caseSensitive: true,
        from: 1_700_000_000_000,
        to: 1_700_000_060_000,
        includeUnparsed: false,
      },
    });
    accepts({ type: 'openInGrafana', filter: { hosts: ['node-1'] } });
  });

  test('keeps only known fields of a message', () => {
    accepts({ type: 'rows', id: 1, start: 10, count: 5, extra: '<script>' }, { type: 'rows', id: 1, start: 10, count: 5 });
    accepts({ type: 'ready', id: 'x' }, { type: 'ready' });
  });

  test('rejects what is not an object or has an unknown type', () => {
    rejects(null, 'message: expected an object');
    rejects('rows', 'message: expected an object');
    rejects([{ type: 'ready' }], 'message: expected an object');
    rejects({ type: 'eval', id: 1 }, 'type: unknown message type "eval"');
    rejects({ id: 1 }, 'type: unknown message type "undefined"');
    rejects({ type: '__proto__', id: 1 }, 'type: unknown message type "__proto__"');
  });

  test('rejects ids, indexes and counts that are not integers in range', () => {
    rejects({ type: 'rows', start: 0, count: 1 }, 'id: expected an integer');
    rejects({ type: 'rows', id: 1.5, start: 0, count: 1 }, 'id: expected an integer');
    rejects({ type: 'rows', id: -1, start: 0, count: 1 }, `id: expected 0..${Number.MAX_SAFE_INTEGER}, got -1`);
    rejects({ type: 'rows', id: 1, start: '0', count: 1 }, 'start: expected an integer');
    rejects({ type: 'rows', id: 1, start: -5, count: 1 }, `start: expected 0..${2 ** 40}, got -5`);
    rejects({ type: 'rows', id: 1, start: Infinity, count: 1 }, 'start: expected an integer');
    rejects({ type: 'rows', id: 1, start: NaN, count: 1 }, 'start: expected an integer');
    rejects(
      { type: 'rows', id: 1, start: 0, count: LIMITS.maxRowsPerRequest + 1 },
      `count: expected 0..${LIMITS.maxRowsPerRequest}, got ${LIMITS.maxRowsPerRequest + 1}`,
    );
    rejects({ type: 'histogram', id: 1, buckets: 0 }, `buckets: expected 1..${LIMITS.maxHistogramBuckets}, got 0`);
    rejects({ type: 'details', id: 1, index: 2 ** 41 }, `index: expected 0..${2 ** 40}, got ${2 ** 41}`);
    rejects({ type: 'findLevel', id: 1, from: 0, direction: 2, minLevel: 'ERROR' }, 'direction: expected 1 or -1');
    rejects(
      { type: 'findLevel', id: 1, from: 0, direction: 1, minLevel: 'FATAL' },
      'minLevel: expected one of DEBUG, INFO, WARNING, ERROR, CRITICAL',
    );
  });

  test('rejects filters with wrong types, unknown fields, too many or too long values', () => {
    const filter = (f: unknown) => ({ type: 'setFilter', id: 1, filter: f });
    rejects(filter(undefined), 'filter: expected an object');
    rejects(filter({ level: 'ERROR' }), 'filter.level: unknown field');
    rejects(filter({ minLevel: 'error' }), 'filter.minLevel: expected one of DEBUG, INFO, WARNING, ERROR, CRITICAL');
    rejects(filter({ hosts: 'node-1' }), 'filter.hosts: expected an array');
    rejects(filter({ hosts: ['node-1', 7] }), 'filter.hosts[1]: expected a string');
    rejects(filter({ repetitions: [1, '2'] }), 'filter.repetitions[1]: expected an integer');
    rejects(
      filter({ components: Array.from({ length: LIMITS.maxFilterValues + 1 }, (_, i) => `c${i}`) }),
      `filter.components: more than ${LIMITS.maxFilterValues} values`,
    );
    rejects(
      filter({ workloads: ['x'.repeat(LIMITS.maxFilterValueLength + 1)] }),
      `filter.workloads[0]: longer than ${LIMITS.maxFilterValueLength} characters`,
    );
    rejects(filter({ text: 'y'.repeat(LIMITS.maxSearchLength + 1) }), `filter.text: longer than ${LIMITS.maxSearchLength} characters`);
    rejects(filter({ regex: 'true' }), 'filter.regex: expected true or false');
    rejects(filter({ from: '2026-11-21' }), 'filter.from: expected epoch milliseconds');
    rejects(filter({ from: -1 }), 'filter.from: time out of range');
    rejects(filter({ from: 2000, to: 1000 }), 'filter.to: must be after from');
    rejects(filter({ from: 1000, to: 1000 }), 'filter.to: must be after from');
  });

  test('rejects a regular expression that does not compile, and accepts the same text as plain search', () => {
    const result = validateMessage({ type: 'setFilter', id: 1, filter: { text: 'a(b', regex: true } });
    assert.equal(result.ok, false);
    assert.match((result as { error: string }).error, /^filter\.text: invalid regular expression: /);
    accepts({ type: 'setFilter', id: 1, filter: { text: 'a(b' } });
  });

  test('template filters name a template by its pattern, level and component, nothing else', () => {
    const ref = { pattern: 'connected to <*> in <*> ms', level: 'INFO', component: 'controller' };
    accepts({ type: 'setFilter', id: 1, filter: { patterns: [ref], hidePatterns: [ref] } });
    accepts({ type: 'patterns', id: 2, buckets: 300 });
    rejects({ type: 'setFilter', id: 1, filter: { patterns: [{ ...ref, count: 3 }] } }, 'filter.patterns[0].count: unknown field');
    rejects({ type: 'setFilter', id: 1, filter: { hidePatterns: [{ pattern: 'x', level: 'INFO' }] } }, 'filter.hidePatterns[0].component: missing');
    rejects({ type: 'setFilter', id: 1, filter: { patterns: [{ ...ref, level: 'info' }] } }, 'filter.patterns[0].level: expected one of DEBUG, INFO, WARNING, ERROR, CRITICAL');
    rejects({ type: 'patterns', id: 2, buckets: LIMITS.maxHistogramBuckets + 1 }, `buckets: expected 1..${LIMITS.maxHistogramBuckets}, got ${LIMITS.maxHistogramBuckets + 1}`);
    accepts({ type: 'cancel', id: 2 });
  });

  test('text to copy must be a string', () => {
    rejects({ type: 'copy', text: 42 }, 'text: expected a string');
  });
});

function record(i: number, extra: Partial<MemoryRecord> = {}): MemoryRecord {
  return { time: 1_700_000_000_000 + i, level: i % 10 === 9 ? 'ERROR' : 'INFO', host: `node-${i % 2}`, message: `line ${i}`, ...extra };
}

function harness(session: MemoryLogSession) {
  const posted: HostMessage[] = [];
  const grafana: unknown[] = [];
  const copies: string[] = [];
  const warnings: string[] = [];
  const host: PanelHost = {
    title: 'Logs: run-1',
    canOpenInGrafana: true,
    post: (m) => posted.push(m),
    openInGrafana: (f) => grafana.push(f),
    copy: (t) => copies.push(t),
    warn: (w) => warnings.push(w),
  };
  return { controller: new PanelController(session, host), posted, grafana, copies, warnings };
}

describe('PanelController', () => {
  test('answers ready with the session info, and requests with the session results', async () => {
    const session = new MemoryLogSession({ records: Array.from({ length: 30 }, (_, i) => record(i)) });
    const h = harness(session);
    await h.controller.receive({ type: 'ready' });
    assert.equal(h.posted[0].type, 'init');
    assert.deepEqual((h.posted[0] as { info: { lines: number } }).info.lines, 30);

    await h.controller.receive({ type: 'setFilter', id: 7, filter: { minLevel: 'ERROR' } });
    assert.deepEqual(h.posted[1], { type: 'response', id: 7, result: await session.setFilter({ minLevel: 'ERROR' }) });
    await h.controller.receive({ type: 'rows', id: 8, start: 1, count: 2 });
    const rows = (h.posted[2] as { result: { message: string }[] }).result;
    assert.deepEqual(rows.map((r) => r.message), ['line 19', 'line 29']);
    await h.controller.receive({ type: 'findLevel', id: 9, from: 0, direction: 1, minLevel: 'ERROR' });
    assert.deepEqual(h.posted[3], { type: 'response', id: 9, result: 1 });
    assert.deepEqual(h.warnings, []);
  });

  test('a rejected message never reaches the session, and the webview gets the reason', async () => {
    const session = new MemoryLogSession({ records: [record(0)] });
    const h = harness(session);
    await h.controller.receive({ type: 'rows', id: 3, start: 0, count: 5000 });
    await h.controller.receive({ type: 'openInGrafana', filter: { hosts: [{}] } });
    await h.controller.receive('not a message');
    assert.deepEqual(session.calls, []);
    assert.deepEqual(h.grafana, []);
    assert.deepEqual(h.posted, [
      { type: 'response', id: 3, error: `count: expected 0..${LIMITS.maxRowsPerRequest}, got 5000` },
    ]);
    assert.deepEqual(h.warnings, [
      `log panel: rejected a message from the webview (count: expected 0..${LIMITS.maxRowsPerRequest}, got 5000)`,
      'log panel: rejected a message from the webview (filter.hosts[0]: expected a string)',
      'log panel: rejected a message from the webview (message: expected an object)',
    ]);
  });

  test('passes Grafana and copy requests on with validated values only', async () => {
    const h = harness(new MemoryLogSession({ records: [record(0)] }));
    await h.controller.receive({ type: 'openInGrafana', filter: { minLevel: 'ERROR', hosts: ['node-1'] } });
    await h.controller.receive({ type: 'copy', text: '{"message": "x"}' });
    assert.deepEqual(h.grafana, [{ minLevel: 'ERROR', hosts: ['node-1'] }]);
    assert.deepEqual(h.copies, ['{"message": "x"}']);
  });

  test('row messages are cut for the list; details keep the whole line', async () => {
    const long = 'x'.repeat(LIMITS.maxRowMessageLength + 500);
    const session = new MemoryLogSession({ records: [record(0, { message: long })] });
    const h = harness(session);
    await h.controller.receive({ type: 'rows', id: 1, start: 0, count: 1 });
    const [row] = (h.posted[0] as { result: { message: string; truncated?: boolean }[] }).result;
    assert.equal(row.message, `${'x'.repeat(LIMITS.maxRowMessageLength)}…`);
    assert.equal(row.truncated, true);
    await h.controller.receive({ type: 'details', id: 2, index: 0 });
    const details = (h.posted[1] as { result: { record: { message: string } } }).result;
    assert.equal(details.record.message, long);
  });

  test('a failing session call is answered with its error, not thrown', async () => {
    const session = new MemoryLogSession({ records: [record(0)] });
    session.rows = async () => {
      throw new Error('source file vanished');
    };
    const h = harness(session);
    await h.controller.receive({ type: 'rows', id: 4, start: 0, count: 1 });
    assert.deepEqual(h.posted, [{ type: 'response', id: 4, error: 'source file vanished' }]);
    assert.deepEqual(h.warnings, ['log panel: rows failed: source file vanished']);
  });

  test('session changes are coalesced: appended counts add up, a reset wins', async () => {
    const session = new MemoryLogSession({ records: [record(0)] });
    const h = harness(session);
    session.append([record(1)]);
    session.append([record(2), record(3)]);
    assert.deepEqual(h.posted, [], 'nothing is sent at once');
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(h.posted.length, 1);
    assert.deepEqual(
      { ...(h.posted[0] as object), info: undefined },
      { type: 'changed', appended: 3, reset: false, info: undefined },
    );
    assert.equal((h.posted[0] as { info: { lines: number } }).info.lines, 4);

    session.append([record(4)]);
    (session as unknown as { listeners: { emit(c: unknown): void } }).listeners.emit({ info: { lines: 5 }, appended: 0, reset: true });
    session.append([record(5)]);
    await new Promise((r) => setTimeout(r, 120));
    assert.deepEqual({ ...(h.posted[1] as object), info: undefined }, { type: 'changed', appended: 1, reset: true, info: undefined });

    h.controller.dispose();
    session.append([record(6)]);
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(h.posted.length, 2, 'nothing after dispose');
  });
});

describe('panelHtml', () => {
  test('has a nonce-only script policy, no inline styles, and only local resources', () => {
    const html = panelHtml({
      cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
      scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/logPanel.js',
      styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/logPanel.css',
      nonce: 'abc123',
    });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    assert.equal(
      csp,
      "default-src 'none'; script-src 'nonce-abc123'; style-src https://file+.vscode-resource.vscode-cdn.net; " +
        "img-src https://file+.vscode-resource.vscode-cdn.net data:; font-src https://file+.vscode-resource.vscode-cdn.net; " +
        "connect-src 'none'; form-action 'none'; base-uri 'none'; frame-src 'none'",
    );
    assert.deepEqual(
      [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]),
      [' nonce="abc123" src="https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/logPanel.js"'],
    );
    assert.doesNotMatch(html, /\sstyle=|\son[a-z]+=|<style/i);
  });

  test('a fresh nonce each time', () => {
    const nonce = (html: string) => /'nonce-([^']+)'/.exec(html)?.[1];
    const options = { cspSource: 'x', scriptUri: 'x/a.js', styleUri: 'x/a.css' };
    const a = nonce(panelHtml(options));
    const b = nonce(panelHtml(options));
    assert.ok(a && b && a !== b && a.length >= 24);
  });
});
