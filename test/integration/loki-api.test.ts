// core/loki/api.ts against a real Loki: what completion, formatting, the log panel and push rely on.
import assert from 'node:assert/strict';
import * as net from 'net';
import { after, before, describe, test } from 'node:test';
import {
  LokiHttpError,
  LokiStream,
  lokiFormatQuery,
  lokiLabels,
  lokiLabelValues,
  lokiPush,
  lokiQueryRange,
  lokiReady,
  lokiTail,
} from '../../core/loki/api';
import { LokiConnection } from '../../core/loki/connection';
import { lbStream, ns, uniqueRunId } from '../support/lbStreams';
import { RunningLoki, startLoki } from '../support/loki';
import { freePort } from '../support/ports';
import { lokiBinary, needs } from '../support/prerequisites';

const SUITE = 'integration/loki-api';
const HOUR = 3_600_000;

/** Every line of every stream, oldest first, as `[ns, line]`. */
function allValues(streams: LokiStream[]): Array<[string, string]> {
  return streams
    .flatMap((s) => s.values.map((v): [string, string] => [v[0], v[1]]))
    .sort((a, b) => (BigInt(a[0]) < BigInt(b[0]) ? -1 : 1));
}

describe('Loki HTTP API client against a real Loki', needs(SUITE, lokiBinary()), () => {
  let loki: RunningLoki;
  let conn: LokiConnection;
  const runId = uniqueRunId();
  const t0 = Date.now() - 60_000;
  const controller = lbStream(
    { component: 'controller', host: 'ctl-1', run_id: runId, workload: 'stress_ng', repetition: 1, phase: 'setup' },
    [
      { level: 'INFO', message: 'run started' },
      { level: 'WARNING', message: 'host ctl-1 is slow' },
      { level: 'ERROR', message: 'workload "stress_ng" failed: exit 2' },
    ],
    t0,
  );
  const runner = lbStream(
    { component: 'runner', host: 'node-a', run_id: runId, workload: 'stress_ng', repetition: 1 },
    [
      { level: 'DEBUG', message: 'spawned stress-ng --cpu 2' },
      { level: 'INFO', message: '<script>alert(1)</script> & "quotes"' },
    ],
    t0 + 10,
  );

  before(async () => {
    loki = await startLoki();
    conn = { url: loki.url };
    await lokiPush(conn, [controller.stream, runner.stream]);
  });
  after(async () => {
    await loki?.stop();
  });

  test('lokiReady is true for a running Loki and false for a closed port', async () => {
    assert.equal(await lokiReady(conn), true);
    assert.equal(await lokiReady({ url: `http://127.0.0.1:${await freePort()}` }), false);
  });

  test('pushed lb streams come back from query_range line for line, with their labels', async () => {
    const streams = await lokiQueryRange(conn, {
      query: `{run_id="${runId}"}`,
      start: t0 - HOUR,
      end: Date.now() + 60_000,
      direction: 'forward',
    });
    assert.deepEqual(
      allValues(streams),
      allValues([controller.stream, runner.stream]),
      'every pushed line, with its nanosecond timestamp',
    );
    const byComponent = Object.fromEntries(streams.map((s) => [s.stream.component, s.stream]));
    // Loki adds service_name itself, from the component label.
    assert.deepEqual(byComponent.controller, { ...controller.stream.stream, service_name: 'controller' });
    assert.deepEqual(byComponent.runner, { ...runner.stream.stream, service_name: 'runner' });
    assert.equal(streams.length, 2, 'one stream per pushed stream: per-entry labels do not split them');
    // Loki detects each line's level from the JSON record and returns it as structured metadata.
    const levels = streams.flatMap((s) => s.values.map((v) => [JSON.parse(v[1]).level, v[2]?.detected_level]));
    assert.deepEqual(levels.sort(), [
      ['DEBUG', 'debug'],
      ['ERROR', 'error'],
      ['INFO', 'info'],
      ['INFO', 'info'],
      ['WARNING', 'warn'],
    ]);
    const decoded = allValues(streams).map(([, line]) => JSON.parse(line).message);
    assert.ok(decoded.includes('<script>alert(1)</script> & "quotes"'), 'hostile text is stored verbatim');
  });

  test('direction and limit: backward returns the newest lines first', async () => {
    const streams = await lokiQueryRange(conn, {
      query: `{run_id="${runId}", component="controller"}`,
      start: new Date(t0 - HOUR),
      end: new Date(Date.now() + 60_000),
      limit: 2,
      direction: 'backward',
    });
    assert.equal(streams.length, 1);
    assert.deepEqual(
      streams[0].values.map((v) => JSON.parse(v[1]).message),
      ['workload "stress_ng" failed: exit 2', 'host ctl-1 is slow'],
    );
  });

  test('a LogQL pipeline runs in Loki: json parsing and a level filter leave the error only', async () => {
    const streams = await lokiQueryRange(conn, {
      query: `{run_id="${runId}"} | json | level="ERROR"`,
      start: t0 - HOUR,
      end: Date.now() + 60_000,
    });
    assert.deepEqual(
      allValues(streams).map(([, line]) => JSON.parse(line).message),
      ['workload "stress_ng" failed: exit 2'],
    );
  });

  test('a metric query is refused with a clear error instead of being read as streams', async () => {
    await assert.rejects(
      lokiQueryRange(conn, { query: `count_over_time({run_id="${runId}"}[1m])`, start: t0 - HOUR, end: Date.now() }),
      /returned a matrix result for a log query/,
    );
  });

  test('invalid LogQL in query_range gives LokiHttpError 400 quoting Loki', async () => {
    const err = await lokiQueryRange(conn, { query: '{run_id=}', start: t0, end: Date.now() }).catch((e) => e);
    assert.ok(err instanceof LokiHttpError);
    assert.equal(err.status, 400);
    assert.match(err.body, /parse error/);
    assert.ok(err.message.includes(`"${err.body.trim()}"`), err.message);
    assert.match(err.url, /^http:\/\/127\.0\.0\.1:\d+\/loki\/api\/v1\/query_range\?/);
  });

  test('labels and label values of the pushed run, as completion asks for them', async () => {
    const range = { start: t0 - HOUR, end: Date.now() + 60_000 };
    const labels = await lokiLabels(conn, range);
    for (const name of ['component', 'host', 'run_id', 'workload', 'repetition', 'phase']) {
      assert.ok(labels.includes(name), `${name} in ${labels.join(',')}`);
    }
    assert.deepEqual((await lokiLabelValues(conn, 'host', range)).sort(), ['ctl-1', 'node-a']);
    assert.deepEqual(await lokiLabelValues(conn, 'host', { ...range, query: `{run_id="${runId}", component="runner"}` }), [
      'node-a',
    ]);
    assert.deepEqual(await lokiLabelValues(conn, 'run_id', range), [runId]);
  });

  test('a label name is URL-encoded into the path', async () => {
    const range = { start: t0 - HOUR, end: Date.now() + 60_000 };
    // Unencoded, `?` would end the path and `&` split the query string: Loki would answer 404.
    assert.deepEqual(await lokiLabelValues(conn, 'no such?label&x=1', range), []);
  });

  test('lokiFormatQuery returns Loki formatting and a 400 parse error for invalid LogQL', async () => {
    assert.equal(
      await lokiFormatQuery(conn, '{run_id="r1",component=~"controller|runner"}|="error"|json|level="ERROR"'),
      '{run_id="r1", component=~"controller|runner"} |= "error" | json | level="ERROR"',
    );
    const err = await lokiFormatQuery(conn, '{run_id="r1"} |=').catch((e) => e);
    assert.ok(err instanceof LokiHttpError, String(err));
    assert.equal(err.status, 400);
    // format_query answers errors as JSON, unlike the other endpoints; the message quotes the error itself.
    assert.match(err.body, /"error":"parse error at line 1, col 17: syntax error/);
    assert.match(
      err.message,
      /^Loki answered 400 for http:\/\/127\.0\.0\.1:\d+\/loki\/api\/v1\/format_query: "parse error at line 1, col 17: syntax error: [^"]*"$/,
    );
  });

  test('gzip push and structured metadata are accepted', async () => {
    const id = uniqueRunId();
    const at = Date.now() - 1000;
    await lokiPush(
      conn,
      [{ stream: { component: 'k6', host: 'h', run_id: id }, values: [[ns(at), 'k6 line', { trace_id: 'abc123' }]] }],
      { gzip: true },
    );
    const streams = await lokiQueryRange(conn, { query: `{run_id="${id}"} | trace_id="abc123"`, start: at - HOUR, end: Date.now() + 1000 });
    assert.deepEqual(allValues(streams), [[ns(at), 'k6 line']]);
    assert.deepEqual(streams[0].stream, { component: 'k6', host: 'h', run_id: id, service_name: 'k6' });
    assert.equal(streams[0].values[0][2]?.trace_id, 'abc123', 'structured metadata comes back per entry');
  });

  test('a stream with 16 label names is rejected with Loki 400 text; the valid stream of the same push is kept', async () => {
    const id = uniqueRunId();
    const at = Date.now() - 1000;
    const labels: Record<string, string> = { run_id: id };
    for (let i = 1; i < 16; i++) labels[`l${i}`] = `v${i}`;
    const err = await lokiPush(conn, [
      { stream: labels, values: [[ns(at), 'too many labels']] },
      { stream: { run_id: id, component: 'controller' }, values: [[ns(at), 'kept']] },
    ]).catch((e) => e);
    assert.ok(err instanceof LokiHttpError, String(err));
    assert.equal(err.status, 400);
    assert.match(err.body, /maximum number of label names \(15\)|has 16 label names; limit 15/);
    assert.ok(err.message.includes(err.body.trim().slice(0, 100)), err.message);
    const streams = await lokiQueryRange(conn, { query: `{run_id="${id}"}`, start: at - HOUR, end: Date.now() + 1000 });
    assert.deepEqual(allValues(streams), [[ns(at), 'kept']]);
  });

  test('a timestamp that is not a nanosecond digit string is refused before sending', async () => {
    await assert.rejects(
      lokiPush(conn, [{ stream: { run_id: 'x' }, values: [['1.5e18', 'line']] }]),
      /stream 0 value 0: timestamp "1.5e18" is not nanoseconds as a digit string/,
    );
  });

  test('the tail WebSocket delivers a line pushed after it opened', async () => {
    const id = uniqueRunId();
    const received: string[] = [];
    let tailError: Error | undefined;
    const seen = new Promise<void>((resolve) => {
      const tail = lokiTail(
        conn,
        { query: `{run_id="${id}"}`, start: Date.now() },
        (streams) => {
          received.push(...streams.flatMap((s) => s.values.map((v) => v[1])));
          if (received.length) {
            tail.close();
            resolve();
          }
        },
        (err) => {
          tailError = err;
          resolve();
        },
      );
    });
    // The tail only sees lines pushed once Loki has registered it, which is not signalled: push until one arrives.
    const pushed: string[] = [];
    for (let i = 0; received.length === 0 && !tailError && i < 40; i++) {
      const line = `live line ${i}`;
      pushed.push(line);
      await lokiPush(conn, [{ stream: { run_id: id, component: 'controller' }, values: [[ns(Date.now()), line]] }]);
      await Promise.race([seen, new Promise((r) => setTimeout(r, 500))]);
    }
    await seen;
    assert.equal(tailError, undefined);
    assert.ok(received.length > 0, 'the tail received nothing');
    for (const line of received) assert.ok(pushed.includes(line), `unexpected line ${line}`);
  });

  test('a tail with invalid LogQL reports Loki 400 through onError', async () => {
    const err = await new Promise<Error>((resolve) => {
      lokiTail(conn, { query: '{run_id=}' }, () => undefined, resolve);
    });
    assert.ok(err instanceof LokiHttpError, String(err));
    assert.equal(err.status, 400);
    assert.match(err.message, /^Loki answered 400 for ws:\/\/127\.0\.0\.1:\d+\/loki\/api\/v1\/tail\?query=%7Brun_id%3D%7D: "parse error at line 1, col 9: /);
  });

  test('an AbortSignal cancels a request, and a silent server times out lokiReady', async () => {
    const controllerSignal = new AbortController();
    controllerSignal.abort();
    await assert.rejects(
      lokiLabels(conn, { start: t0, end: Date.now(), signal: controllerSignal.signal }),
      (e: Error) => e.name === 'AbortError',
    );
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const started = Date.now();
      assert.equal(await lokiReady({ url: `http://127.0.0.1:${port}` }, { timeoutMs: 300 }), false);
      assert.ok(Date.now() - started < 5000);
    } finally {
      silent.close();
    }
  });

  test('restart keeps the port and the data pushed before it', async () => {
    const id = uniqueRunId();
    const at = Date.now() - 1000;
    await lokiPush(conn, [{ stream: { run_id: id, component: 'controller' }, values: [[ns(at), 'before restart']] }]);
    const port = loki.port;
    await loki.restart();
    assert.equal(loki.port, port);
    const streams = await lokiQueryRange(conn, { query: `{run_id="${id}"}`, start: at - HOUR, end: Date.now() + 1000 });
    assert.deepEqual(allValues(streams), [[ns(at), 'before restart']]);
  });
});
