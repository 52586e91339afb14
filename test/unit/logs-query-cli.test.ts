// `lb-obs logs query` and `logs labels` without a Loki: times exact to the nanosecond, logcli's timestamp format,
// usage errors that say what and where (exit 2, no stack trace), and stream labels as the panel's columns.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCliTime, timeRangeOption } from '../../cli/commands/logsLokiOptions';
import { rfc3339Nano } from '../../cli/commands/logsQuery';
import { UsageError } from '../../cli/cliError';
import { main } from '../../cli/lb-obs';
import type { CliIo } from '../../cli/io';
import { logfmtFields } from '../../core/logs/logfmtFields';
import { detectedLevel, labelColumnValues } from '../../core/logs/lokiLabelColumns';
import { isMetricQuery } from '../../core/logql/queryKind';

const NOW = 1_796_000_000_123_456_789n;

function io(env: NodeJS.ProcessEnv = {}) {
  const out = { stdout: '', stderr: '' };
  const cliIo: CliIo = { stdout: (t) => void (out.stdout += t), stderr: (t) => void (out.stderr += t), stderrIsTTY: false, env, cwd: '/' };
  return { out, cliIo };
}

describe('lb-obs logs query: times', () => {
  test('RFC 3339 keeps every nanosecond; epoch ms and now-<duration> are exact', () => {
    assert.equal(parseCliTime('2026-11-21T13:56:39.123456789Z', '--from', NOW, 'logs query'), 1_795_269_399_123_456_789n);
    assert.equal(parseCliTime('2026-11-21T13:56:39.5+01:00', '--from', NOW, 'logs query'), 1_795_265_799_500_000_000n);
    assert.equal(parseCliTime('1795269399123', '--to', NOW, 'logs query'), 1_795_269_399_123_000_000n);
    assert.equal(parseCliTime('now-1h', '--from', NOW, 'logs query'), NOW - 3_600_000_000_000n);
  });

  test('bad times and ranges are usage errors naming the option', () => {
    assert.throws(() => parseCliTime('yesterday', '--from', NOW, 'logs query'), (e: Error) => e instanceof UsageError && /--from "yesterday" is not a time/.test(e.message));
    assert.throws(() => timeRangeOption({ since: '1h', from: 'now-2h' }, '1h', 'logs query', NOW), /either --since or --from\/--to/);
    assert.throws(() => timeRangeOption({ to: 'now' }, '1h', 'logs query', NOW), /--to needs --from/);
    assert.throws(() => timeRangeOption({ from: 'now', to: 'now-1h' }, '1h', 'logs query', NOW), /the time range is empty/);
    assert.throws(() => timeRangeOption({ since: '1 hour' }, '1h', 'logs query', NOW), /--since wants a duration such as 30m, 1h or 7d \(got "1 hour"\)/);
    assert.deepEqual(timeRangeOption({}, '1h', 'logs query', NOW), { start: NOW - 3_600_000_000_000n, end: NOW });
  });

  test("timestamps are printed as Go's RFC3339Nano, as logcli prints them", () => {
    assert.equal(rfc3339Nano(1_795_269_399_123_456_789n), '2026-11-21T13:56:39.123456789Z');
    assert.equal(rfc3339Nano(1_795_269_399_120_000_000n), '2026-11-21T13:56:39.12Z');
    assert.equal(rfc3339Nano(1_795_269_399_000_000_000n), '2026-11-21T13:56:39Z');
  });
});

describe('lb-obs logs query: usage errors', () => {
  const cases: Array<[string, string[], NodeJS.ProcessEnv, string]> = [
    ['no Loki', ['logs', 'query', '{a="b"}'], {}, 'lb-obs logs query: give --loki <url> (or set LB_OBS_LOKI_URL)\n'],
    ['no query', ['logs', 'query', '--loki', 'http://127.0.0.1:1'], {}, 'lb-obs logs query: give one LogQL query (quoted)\n'],
    ['two queries', ['logs', 'query', '{a="b"}', '{c="d"}', '--loki', 'http://127.0.0.1:1'], {}, 'lb-obs logs query: give one LogQL query (quoted), got 2 arguments\n'],
    ['bad limit', ['logs', 'query', '{a="b"}', '--limit=1e3', '--loki', 'http://127.0.0.1:1'], {}, 'lb-obs logs query: --limit wants a whole number of entries, 0 for all (got "1e3")\n'],
    [
      'credentials in the URL',
      ['logs', 'labels', '--loki', 'http://u:p@127.0.0.1:1'],
      {},
      'lb-obs logs labels: do not put credentials in --loki (shell history keeps them): set LB_OBS_LOKI_USERNAME and LB_OBS_LOKI_PASSWORD, or LB_OBS_LOKI_TOKEN\n',
    ],
    [
      'half basic auth',
      ['logs', 'labels'],
      { LB_OBS_LOKI_URL: 'http://127.0.0.1:1', LB_OBS_LOKI_USERNAME: 'u' },
      'lb-obs logs labels: LB_OBS_LOKI_USERNAME and LB_OBS_LOKI_PASSWORD go together (basic auth)\n',
    ],
    ['--follow with a metric query', ['logs', 'query', 'rate({a="b"}[1m])', '--follow', '--loki', 'http://127.0.0.1:1'], {}, 'lb-obs logs query: --follow is for log queries; a metric query is printed once\n'],
  ];
  for (const [name, args, env, expected] of cases) {
    test(name, async () => {
      const { out, cliIo } = io(env);
      assert.equal(await main(args, cliIo), 2);
      assert.equal(out.stderr, expected);
      assert.equal(out.stdout, '');
    });
  }

  test('a Loki that cannot be reached is an I/O error saying which request failed', async () => {
    const { out, cliIo } = io({ LB_OBS_LOKI_URL: 'http://127.0.0.1:1' });
    assert.equal(await main(['logs', 'query', '{a="b"}'], cliIo), 2);
    assert.match(out.stderr, /^lb-obs logs query: cannot reach Loki for GET http:\/\/127\.0\.0\.1:1\/loki\/api\/v1\/query_range\?query=%7Ba%3D%22b%22%7D&.*ECONNREFUSED/);
  });
});

describe('workflow lines as panel rows', () => {
  test('columns from stream labels, the first present of each list', () => {
    assert.deepEqual(labelColumnValues({ namespace: 'airflow', pod: 'hello-1', container: 'base', dag_id: 'hello', task_id: 'extract' }), {
      component: 'airflow',
      host: 'hello-1',
      workload: 'base',
      phase: 'extract',
    });
    assert.deepEqual(labelColumnValues({ service_name: 'fx', dag_id: 'hello' }), { component: undefined, host: undefined, workload: 'fx', phase: 'hello' });
  });

  test("Loki's detected_level values as the panel's levels", () => {
    assert.deepEqual(
      ['trace', 'debug', 'info', 'warn', 'error', 'critical', 'fatal', 'unknown'].map((l) => detectedLevel({ detected_level: l })),
      ['DEBUG', 'DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL', 'CRITICAL', undefined],
    );
  });
});

describe('logfmt fields in the details', () => {
  test('key=value pairs, quoted values unquoted, bare words left out', () => {
    assert.deepEqual(logfmtFields('level=error msg="extract failed: \\"timeout\\"" dag_id=hello_world empty='), {
      level: 'error',
      msg: 'extract failed: "timeout"',
      dag_id: 'hello_world',
      empty: '',
    });
    assert.deepEqual(logfmtFields('ERROR failed code=3'), { code: '3' });
  });

  test('plain text is not logfmt', () => {
    assert.equal(logfmtFields('plain text, not JSON'), undefined);
    assert.equal(logfmtFields(''), undefined);
  });
});

describe('log or metric query', () => {
  test('metric queries (printed as a table, no log panel lens) and log queries (lines)', () => {
    const metric = ['sum by (pod) (count_over_time({namespace="airflow"} |= "ERROR" [1h]))', 'rate({a="b"}[5m]) > 3', 'vector(1)'];
    const log = ['{namespace="airflow"} |= "dag_id=hello_world"', '{a="b"} | logfmt | level="error" | line_format "{{.msg}}"'];
    assert.deepEqual(metric.map(isMetricQuery), [true, true, true]);
    assert.deepEqual(log.map(isMetricQuery), [false, false]);
  });
});

