// Airflow: pod-label values sanitised exactly as the KubernetesExecutor does, both link modes, hostile ids.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { AIRFLOW_DEFAULTS, airflowQuery, makeSafeLabelValue } from '../../core/links/airflow';
import { queryStrings } from '../support/grafanaLinks';
import { nonEmptyHostileText } from '../support/hostileText';

describe('KubernetesExecutor label values', () => {
  // Expected values computed with Airflow's make_safe_label_value (Python, hashlib.md5) for these inputs.
  const GOLDEN: Array<[string, string]> = [
    ['my_dag', 'my_dag'],
    ['manual__2024-01-01T00:00:00+00:00', 'manual__2024-01-01T0000000000-701821d7a'],
    ['scheduled__2024-06-30T12:00:00+00:00', 'scheduled__2024-06-30T1200000000-764082568'],
    ['_leading', 'leading-668dc1710'],
    ['trailing.-', 'trailing-36219d827'],
    ['a'.repeat(70), `${'a'.repeat(53)}-0f5c6c4e7`],
    ['dag with spaces', 'dagwithspaces-3e0c1aff5'],
    ['ünïcødé_dag', 'ncd_dag-b1da1b9c7'],
    ['x"}|y', 'xy-211647e75'],
    ['', ''],
    ['...', '-2f43b42fd'],
  ];
  for (const [raw, safe] of GOLDEN) {
    test(`make_safe_label_value(${JSON.stringify(raw).slice(0, 40)})`, () => assert.equal(makeSafeLabelValue(raw), safe));
  }

  test('property: the result is always a value Kubernetes accepts in a label', () => {
    fc.assert(
      fc.property(nonEmptyHostileText, (raw) => {
        const safe = makeSafeLabelValue(raw);
        assert.ok(safe.length <= 63);
        assert.match(safe, /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?-?[0-9a-f]{0,9}$/);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('queries', () => {
  test('labels mode: namespace, DAG, run, task and try as the executor labels the pod', () => {
    assert.equal(
      airflowQuery({ dagId: 'etl', runId: 'manual__2024-01-01T00:00:00+00:00', taskId: 'load', tryNumber: 2 }, AIRFLOW_DEFAULTS),
      '{namespace="airflow", dag_id="etl", run_id="manual__2024-01-01T0000000000-701821d7a", task_id="load", try_number="2"}',
    );
    assert.equal(airflowQuery({ dagId: 'etl' }, AIRFLOW_DEFAULTS), '{namespace="airflow", dag_id="etl"}');
  });

  test('labels mode with configured names and raw values (labels extracted from the log text)', () => {
    const options = {
      ...AIRFLOW_DEFAULTS,
      namespace: 'data-airflow',
      labels: { namespace: 'k8s_namespace', dagId: 'dag', runId: 'run', taskId: 'task', tryNumber: 'attempt' },
      sanitize: false,
    };
    assert.equal(
      airflowQuery({ dagId: 'etl', runId: 'manual__2024-01-01T00:00:00+00:00', taskId: 'load' }, options),
      '{k8s_namespace="data-airflow", dag="etl", run="manual__2024-01-01T00:00:00+00:00", task="load"}',
    );
  });

  test('line-filter mode for clusters without label extraction', () => {
    assert.equal(
      airflowQuery({ dagId: 'etl', taskId: 'load', runId: 'r1' }, { ...AIRFLOW_DEFAULTS, mode: 'line-filter' }),
      '{namespace="airflow"} |= "dag_id=etl" |= "task_id=load" |= "run_id=r1"',
    );
  });

  test('mistakes are explained', () => {
    assert.throws(() => airflowQuery({ dagId: '' }, AIRFLOW_DEFAULTS), /a DAG id is needed/);
    assert.throws(() => airflowQuery({ dagId: 'd', tryNumber: 1 }, AIRFLOW_DEFAULTS), /a try number needs a task id/);
    assert.throws(() => airflowQuery({ dagId: 'd', taskId: 't', tryNumber: 0 }, AIRFLOW_DEFAULTS), /try number must be a positive integer/);
    assert.throws(
      () => airflowQuery({ dagId: 'd', taskId: 't', tryNumber: 1 }, { ...AIRFLOW_DEFAULTS, mode: 'line-filter' }),
      /a try number can only be matched in labels mode/,
    );
    assert.throws(
      () => airflowQuery({ dagId: 'd' }, { ...AIRFLOW_DEFAULTS, labels: { ...AIRFLOW_DEFAULTS.labels, dagId: 'dag-id' } }),
      /Airflow dagId label "dag-id" is not a valid Loki label name/,
    );
    assert.throws(() => airflowQuery({ dagId: 'd' }, { ...AIRFLOW_DEFAULTS, namespace: '' }), /namespace must not be empty/);
  });

  test('property: hostile ids become exactly the sanitised label values, or exactly the line filter text', () => {
    fc.assert(
      fc.property(nonEmptyHostileText, nonEmptyHostileText, nonEmptyHostileText, (dagId, taskId, runId) => {
        const labels = queryStrings(airflowQuery({ dagId, taskId, runId }, AIRFLOW_DEFAULTS));
        assert.deepEqual(
          labels.map((s) => [s.label, s.value]),
          [
            ['namespace', 'airflow'],
            ['dag_id', makeSafeLabelValue(dagId)],
            ['run_id', makeSafeLabelValue(runId)],
            ['task_id', makeSafeLabelValue(taskId)],
          ],
        );
        const filters = queryStrings(airflowQuery({ dagId, taskId, runId }, { ...AIRFLOW_DEFAULTS, mode: 'line-filter' }));
        assert.deepEqual(
          filters.map((s) => [s.op, s.value]),
          [
            ['=', 'airflow'],
            ['|=', `dag_id=${dagId}`],
            ['|=', `task_id=${taskId}`],
            ['|=', `run_id=${runId}`],
          ],
        );
      }),
      { numRuns: 1000 },
    );
  });
});
