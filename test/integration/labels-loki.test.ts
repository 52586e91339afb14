// Labels across the chain with a real Loki: a label only Loki has seen is accepted by `lb-obs validate <folder>`
// while one nobody produces is warned; Airflow and Flyte links switch form when Loki starts having the labels
// they need, say why with --explain, and the queries of both forms find the lines in Loki.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { lokiLabels, lokiPush, lokiQueryRange, LokiStream } from '../../core/loki/api';
import { emptyHomeEnv } from '../support/emptyHome';
import { decodeExploreUrl } from '../support/grafanaLinks';
import { ns } from '../support/lbStreams';
import { runLbObs } from '../support/lbObsCli';
import { RunningLoki, startLoki } from '../support/loki';
import { FIXTURES } from '../support/paths';
import { lokiBinary, needs } from '../support/prerequisites';
import { waitUntil } from '../support/waitUntil';

const SUITE = 'integration/labels-loki';
const GRAFANA = ['--grafana-url', 'http://grafana.test:3000', '--datasource-uid', 'lb-loki'];

describe('labels across the chain with a real Loki', needs(SUITE, lokiBinary()), () => {
  let loki: RunningLoki;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-labels-loki-'));
  const env = { ...process.env, ...emptyHomeEnv(), LB_OBS_LOKI_URL: '', LB_OBS_GRAFANA_URL: '', LB_OBS_DATASOURCE_UID: '' };
  const t0 = Date.now() - 60_000;

  const lbObs = (...args: string[]) => runLbObs(args, { cwd: dir, env });

  async function link(...args: string[]): Promise<{ expr: string; stderr: string }> {
    const r = await lbObs('link', ...args, '--loki', loki.url, '--explain', ...GRAFANA);
    assert.equal(r.code, 0, r.stderr);
    return { expr: decodeExploreUrl(r.stdout.trimEnd()).expr, stderr: r.stderr };
  }

  /** Pushes streams and waits until Loki lists their label names (the ingester answers /labels). */
  async function push(streams: LokiStream[]): Promise<void> {
    await lokiPush({ url: loki.url }, streams);
    const names = new Set(streams.flatMap((s) => Object.keys(s.stream)));
    await waitUntil(`Loki listing ${[...names].join(', ')}`, async () => {
      const seen = await lokiLabels({ url: loki.url }, { start: new Date(t0 - 60_000), end: new Date() });
      return [...names].every((n) => seen.includes(n));
    });
  }

  /** The lines a link's query finds in Loki. */
  async function linesOf(expr: string): Promise<string[]> {
    const streams = await lokiQueryRange({ url: loki.url }, { query: expr, start: new Date(t0 - 60_000), end: new Date(), limit: 100 });
    return streams.flatMap((s) => s.values.map(([, line]) => line)).sort();
  }

  before(async () => {
    loki = await startLoki();
    // What a cluster without label extraction sends: the namespace and pod labels only, the ids in the text.
    await push([
      {
        stream: { namespace: 'airflow', container: 'base' },
        values: [
          [ns(t0), 'dag_id=etl task_id=load run_id=manual_1 starting'],
          [ns(t0 + 1), 'dag_id=other task_id=load run_id=manual_2 starting'],
        ],
      },
    ]);
    fs.cpSync(path.join(FIXTURES, 'validate-folder'), path.join(dir, 'ws'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'ws', 'queries', 'loki.logql'), '{container="base", nowhere="x"}\n');
  });
  after(async () => {
    await loki?.stop();
  });

  test('validate <folder> --loki: a label only Loki has seen is accepted, an unknown one warned', async () => {
    const withLoki = await lbObs('validate', '--format', 'json', 'ws/queries/loki.logql', 'ws', '--loki', loki.url);
    assert.equal(withLoki.code, 1, withLoki.stderr);
    const loose = (JSON.parse(withLoki.stdout) as Array<{ file: string; diagnostics: Array<{ code: string; message: string; range: unknown }> }>)[0];
    assert.equal(loose.file, 'ws/queries/loki.logql');
    assert.deepEqual(
      loose.diagnostics.map((d) => [d.code, d.range]),
      [['logql/unknown-label', { start: { line: 0, character: 19 }, end: { line: 0, character: 26 } }]],
      'container (only in Loki) is accepted; nowhere is warned',
    );
    assert.match(loose.diagnostics[0].message, /^no label source produces `nowhere` \(labels here come from .*Loki's labels of the last 24 hours\)/);
    const withoutLoki = await lbObs('validate', '--format', 'json', 'ws/queries/loki.logql', 'ws');
    const codes = (JSON.parse(withoutLoki.stdout) as Array<{ diagnostics: Array<{ code: string }> }>)[0].diagnostics.map((d) => d.code);
    assert.deepEqual(codes, ['logql/unknown-label', 'logql/unknown-label'], 'without Loki, container is unknown too');
  });

  test('validate names a Loki that does not answer and goes on with the workspace', async () => {
    const r = await lbObs('validate', 'ws', '--loki', 'http://127.0.0.1:9');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^lb-obs validate: note: Loki at http:\/\/127\.0\.0\.1:9 did not list its label names \(.+\); labels are checked against the workspace only\n$/);
  });

  test('Airflow and Flyte links switch form when Loki starts having their labels', async () => {
    const before = await link('airflow', '--dag-id', 'etl', '--task-id', 'load');
    assert.deepEqual(before, {
      expr: '{namespace="airflow"} |= "dag_id=etl" |= "task_id=load"',
      stderr: 'lb-obs link airflow: mode line-filter: Loki has not seen dag_id and task_id in the last 24 hours (and no pipeline in the workspace makes them): matching the ids in the log text\n',
    });
    assert.deepEqual(await linesOf(before.expr), ['dag_id=etl task_id=load run_id=manual_1 starting']);
    const flyteBefore = await link('flyte', '--execution', 'f6a1b2c3');
    assert.deepEqual(flyteBefore, {
      expr: '{app=~"f6a1b2c3.*"}',
      stderr:
        'lb-obs link flyte: workflow label app: Loki has not seen app, execution_id and pod in the last 24 hours (and no pipeline in the workspace makes them): the default app (set the workflow label to a label whose value starts with the execution id)\n',
    });

    // A collector now promotes the KubernetesExecutor's pod labels, and gives Flyte pods their pod name.
    await push([
      { stream: { namespace: 'airflow', container: 'base', dag_id: 'etl', task_id: 'load' }, values: [[ns(t0 + 10), 'task started']] },
      { stream: { namespace: 'flytesnacks-development', pod: 'f6a1b2c3-n0-0' }, values: [[ns(t0 + 20), 'flyte task started']] },
    ]);
    const labels = await link('airflow', '--dag-id', 'etl', '--task-id', 'load');
    assert.deepEqual(labels, {
      expr: '{namespace="airflow", dag_id="etl", task_id="load"}',
      stderr: 'lb-obs link airflow: mode labels: Loki has seen dag_id and task_id in the last 24 hours\n',
    });
    assert.deepEqual(await linesOf(labels.expr), ['task started']);
    const flyte = await link('flyte', '--execution', 'f6a1b2c3');
    assert.deepEqual(flyte, { expr: '{pod=~"f6a1b2c3.*"}', stderr: 'lb-obs link flyte: workflow label pod: Loki has seen pod in the last 24 hours\n' });
    assert.deepEqual(await linesOf(flyte.expr), ['flyte task started']);

    // A run id Loki has never seen as a label: back to the line filter, which finds the run's lines.
    const run = await link('airflow', '--dag-id', 'etl', '--run-id', 'manual_1');
    assert.equal(run.expr, '{namespace="airflow"} |= "dag_id=etl" |= "run_id=manual_1"');
    assert.equal(run.stderr, 'lb-obs link airflow: mode line-filter: Loki has not seen run_id in the last 24 hours (and no pipeline in the workspace makes it): matching the ids in the log text\n');
    assert.deepEqual(await linesOf(run.expr), ['dag_id=etl task_id=load run_id=manual_1 starting']);

    // The option wins over what Loki has.
    const explicit = await link('airflow', '--dag-id', 'etl', '--mode', 'line-filter');
    assert.equal(explicit.stderr, 'lb-obs link airflow: mode line-filter: --mode is "line-filter": a choice you make always wins over the labels found\n');
  });
});
