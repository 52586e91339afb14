// Preview samples from a real Loki: the newest lines of a selector come back oldest first with their stream
// labels (service_name included, which Loki adds) and nanosecond timestamps, and run through a pipeline.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { lokiPush } from '../../core/loki/api';
import { recentLokiEntries } from '../../core/alloy/pipeline/lokiSamples';
import { previewPipeline } from '../../core/alloy/pipeline/preview';
import { RunningLoki, startLoki } from '../support/loki';
import { lokiBinary, needs } from '../support/prerequisites';

const SUITE = 'integration/alloy-pipeline-loki';

describe('pipeline preview samples from a real Loki', needs(SUITE, lokiBinary()), () => {
  let loki: RunningLoki;
  const t0 = BigInt(Date.now() - 120_000) * 1_000_000n + 123_456n;

  before(async () => {
    loki = await startLoki();
    const lines = [
      '[2024-01-01T00:00:00.000+0000] {taskinstance.py:1234} INFO - dag_id=hello_world task_id=say_hello execution_date=2024-01-01T00:00:00+00:00',
      '[2024-01-01T00:00:02.000+0000] {taskinstance.py:1400} ERROR - dag_id=hello_world task_id=say_bye execution_date=2024-01-01T00:00:00+00:00',
    ];
    await lokiPush({ url: loki.url }, [
      { stream: { namespace: 'airflow', pod: 'worker-0' }, values: lines.map((l, i) => [String(t0 + BigInt(i) * 1000n), l] as [string, string]) },
      { stream: { namespace: 'other' }, values: [[String(t0), 'not this one']] },
    ]);
  });

  after(() => loki?.stop());

  test('the newest lines of a selector, oldest first, with labels and nanoseconds', async () => {
    const entries = await recentLokiEntries({ url: loki.url }, '{namespace="airflow"}', { limit: 100, sinceMs: 3600_000 });
    assert.deepEqual(
      entries.map((e) => [e.labels, e.timestamp?.slice(19)]),
      [
        [{ namespace: 'airflow', pod: 'worker-0', service_name: 'unknown_service' }, '.' + String(t0 % 1_000_000_000n).padStart(9, '0') + 'Z'],
        [{ namespace: 'airflow', pod: 'worker-0', service_name: 'unknown_service' }, '.' + String((t0 + 1000n) % 1_000_000_000n).padStart(9, '0') + 'Z'],
      ],
    );
    const result = await previewPipeline({
      documentText: [
        'loki.process "airflow" {',
        '  forward_to = []',
        '  stage.regex { expression = "(?P<level>[A-Z]+) - dag_id=(?P<dag_id>\\\\S+) task_id=(?P<task_id>\\\\S+)" }',
        '  stage.labels { values = { dag_id = "", task_id = "", level = "" } }',
        '}',
      ].join('\n'),
      entries,
    });
    assert.ok(result.ok);
    assert.deepEqual(
      result.results.map((r) => r.labels),
      [
        { namespace: 'airflow', pod: 'worker-0', service_name: 'unknown_service', dag_id: 'hello_world', task_id: 'say_hello', level: 'INFO' },
        { namespace: 'airflow', pod: 'worker-0', service_name: 'unknown_service', dag_id: 'hello_world', task_id: 'say_bye', level: 'ERROR' },
      ],
    );
    assert.equal(result.results[0].timestamp, entries[0].timestamp);
  });
});
