// `lb-obs link ...` and `lb-obs flyte-templates` as scripts use them: the built CLI as a child process, exact
// output and exit codes; datasource discovery against a recording Grafana stand-in.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FLYTE_DEFAULTS } from '../../core/links/flyte';
import { flyteLogTemplatesYaml } from '../../core/links/flyteTemplates';
import { decodeExploreUrl, grafanaParams } from '../support/grafanaLinks';
import { CLI_JS } from '../support/paths';
import { RecordingGrafana, startRecordingGrafana } from '../support/recordingGrafana';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-link-cli-'));
const home = path.join(dir, 'home');
fs.mkdirSync(home);
const T0 = Date.UTC(2026, 10, 21, 13, 56, 0);

/** Runs the CLI without blocking this process, so the in-process Grafana stand-in can answer it. */
function lbObs(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LB_OBS_') || k === 'LB_OBS_ROOT'));
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI_JS, ...args], { cwd: dir, env: { ...clean, HOME: home, XDG_CONFIG_HOME: '', ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

const G = ['--grafana-url', 'http://grafana.example.org/grafana', '--datasource-uid', 'loki-main'];

describe('link run', () => {
  before(() => {
    const run = path.join(dir, 'benchmark_results', 'run-20261121-135600');
    fs.mkdirSync(path.join(run, 'logs'), { recursive: true });
    const task = { host: 'node-1', workload: 'dfaas', repetition: 1, status: 'COMPLETED', started_at: new Date(T0).toISOString(), finished_at: new Date(T0 + 600_000).toISOString() };
    fs.writeFileSync(path.join(run, 'run_journal.json'), JSON.stringify({ run_id: 'run-20261121-135600', tasks: [task], metadata: {} }));
    fs.writeFileSync(path.join(run, 'logs', 'k6-node-1.jsonl'), `${JSON.stringify({ timestamp: new Date(T0 + 700_000).toISOString(), level: 'INFO' })}\n`);
  });

  test('prints only the Explore URL, with the filters and the run id as the time range start', async () => {
    const r = await lbObs(['link', 'run', '--run-id', 'run-20261121-135600', '--component', 'controller', '--component', 'runner', '--host', 'node-1', '--level', 'error', '--org-id', '2', ...G]);
    assert.deepEqual(r, {
      code: 0,
      stderr: '',
      stdout:
        'http://grafana.example.org/grafana/explore?schemaVersion=1&panes=%7B%22lbo%22%3A%7B%22datasource%22%3A%22loki-main%22%2C%22queries%22%3A%5B%7B%22refId%22%3A%22A%22%2C%22datasource%22%3A%7B%22type%22%3A%22loki%22%2C%22uid%22%3A%22loki-main%22%7D%2C%22expr%22%3A%22%7Brun_id%3D%5C%22run-20261121-135600%5C%22%2C%20component%3D~%5C%22controller%7Crunner%5C%22%2C%20host%3D%5C%22node-1%5C%22%7D%20%7C%20json%20%7C%20level%3D~%5C%22ERROR%7CCRITICAL%5C%22%22%2C%22queryType%22%3A%22range%22%2C%22editorMode%22%3A%22code%22%7D%5D%2C%22range%22%3A%7B%22from%22%3A%22' + String(T0 - 60_000) + '%22%2C%22to%22%3A%22now%22%7D%7D%7D&orgId=2\n',
    });
  });

  test('--run-dir: run id and time range from the journal and logs', async () => {
    const r = await lbObs(['link', 'run', '--run-dir', 'benchmark_results/run-20261121-135600', '--grep', 'x"y', '--case-sensitive', ...G]);
    assert.equal(r.code, 0);
    const link = decodeExploreUrl(r.stdout.trimEnd());
    assert.equal(link.expr, '{run_id="run-20261121-135600"} |= `x"y`');
    assert.deepEqual([link.from, link.to], [String(T0 - 60_000), String(T0 + 760_000)]);
  });

  test('--dashboard: the dashboard link with var-run_id and the run range', async () => {
    const r = await lbObs(['link', 'run', '--run-dir', 'benchmark_results/run-20261121-135600', '--dashboard', 'dfaas-k6-overview', '--host', 'node-1', ...G]);
    assert.deepEqual(r, {
      code: 0,
      stderr: '',
      stdout: `http://grafana.example.org/grafana/d/dfaas-k6-overview?var-run_id=run-20261121-135600&var-host=node-1&from=${T0 - 60_000}&to=${T0 + 760_000}&orgId=1\n`,
    });
  });

  test('usage errors exit 2 with a clear message', async () => {
    assert.deepEqual(await lbObs(['link', 'run', ...G]), { code: 2, stdout: '', stderr: 'lb-obs link run: give --run-id (and optionally --run-dir)\n' });
    assert.deepEqual(await lbObs(['link', 'run', '--run-id', 'r', '--level', 'loud', ...G]), {
      code: 2,
      stdout: '',
      stderr: 'lb-obs link run: --level must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL (got "loud")\n',
    });
    assert.deepEqual(await lbObs(['link', 'run', '--run-id', 'r', '--from', 'yesterday', ...G]), {
      code: 2,
      stdout: '',
      stderr: 'lb-obs link run: --from "yesterday" is not a time: use ISO-8601 (2026-11-21T13:56:39Z), epoch milliseconds or a relative time (now-1h)\n',
    });
    assert.deepEqual(await lbObs(['link', 'run', '--run-id', 'r', '--grafana-url', 'ftp://g', '--datasource-uid', 'x']), {
      code: 2,
      stdout: '',
      stderr: 'lb-obs link run: Grafana URL "ftp://g" must use http or https\n',
    });
    const bogus = await lbObs(['link', 'run', '--run-id', 'r', '--bogus']);
    assert.deepEqual([bogus.code, bogus.stdout], [2, '']);
    assert.ok(bogus.stderr.startsWith("lb-obs link run: Unknown option '--bogus'"), bogus.stderr);
    assert.deepEqual(await lbObs(['link']), { code: 2, stdout: '', stderr: 'lb-obs link: give a link kind; one of: run, flyte, airflow, query, dashboard\n' });
    assert.deepEqual(await lbObs(['link', 'jenkins']), { code: 2, stdout: '', stderr: 'lb-obs link: unknown link kind "jenkins"; one of: run, flyte, airflow, query, dashboard\n' });
  });
});

describe('link flyte, airflow, query, dashboard', () => {
  test('flyte: console URL, All workflow logs; --node/--retry: the task pod; explicit range', async () => {
    const url = 'https://flyte.example.org/console/projects/flytesnacks/domains/development/executions/f6a1b2c3d4e5f6a7b8c9';
    const all = await lbObs(['link', 'flyte', '--url', url, ...G]);
    assert.equal(all.code, 0);
    assert.deepEqual(
      (({ expr, from, to }) => ({ expr, from, to }))(decodeExploreUrl(all.stdout.trimEnd())),
      { expr: '{app=~"f6a1b2c3d4e5f6a7b8c9.*"}', from: 'now-24h', to: 'now' },
    );
    const pod = await lbObs(['link', 'flyte', '--execution', 'f6a1b2c3d4e5f6a7b8c9', '--node', 'n1', '--retry', '2', '--from', '2026-11-21T13:56:00Z', '--to', '2026-11-21T14:56:00Z', ...G]);
    const link = decodeExploreUrl(pod.stdout.trimEnd());
    assert.deepEqual([link.expr, link.from, link.to], ['{pod="f6a1b2c3d4e5f6a7b8c9-n1-2"}', String(T0), String(T0 + 3_600_000)]);
    const custom = await lbObs(['link', 'flyte', '--url', url, '--workflow-label', 'pod', '--workflow-selector', '{namespace="${project}-${domain}", ${label}=~"${execution}.*"}', ...G]);
    assert.equal(decodeExploreUrl(custom.stdout.trimEnd()).expr, '{namespace="flytesnacks-development", pod=~"f6a1b2c3d4e5f6a7b8c9.*"}');
  });

  test('flyte usage errors', async () => {
    assert.deepEqual(await lbObs(['link', 'flyte', ...G]), { code: 2, stdout: '', stderr: 'lb-obs link flyte: give exactly one of --execution ID and --url <Flyte console URL>\n' });
    assert.deepEqual(await lbObs(['link', 'flyte', '--execution', 'e', '--retry', '1', ...G]), { code: 2, stdout: '', stderr: 'lb-obs link flyte: --retry needs --node\n' });
    assert.deepEqual(await lbObs(['link', 'flyte', '--url', 'https://flyte.example.org/console', ...G]), {
      code: 2,
      stdout: '',
      stderr: 'lb-obs link flyte: Flyte console URL https://flyte.example.org/console has no /executions/<name> part\n',
    });
  });

  test('airflow: labels mode (sanitised values), line-filter mode, configurable namespace and labels', async () => {
    const labels = await lbObs(['link', 'airflow', '--dag-id', 'etl', '--task-id', 'load', '--run-id', 'manual__2024-01-01T00:00:00+00:00', '--try', '2', ...G]);
    assert.equal(
      decodeExploreUrl(labels.stdout.trimEnd()).expr,
      '{namespace="airflow", dag_id="etl", run_id="manual__2024-01-01T0000000000-701821d7a", task_id="load", try_number="2"}',
    );
    const lines = await lbObs(['link', 'airflow', '--dag-id', 'etl', '--task-id', 'load', '--mode', 'line-filter', '--namespace', 'af', ...G]);
    assert.equal(decodeExploreUrl(lines.stdout.trimEnd()).expr, '{namespace="af"} |= "dag_id=etl" |= "task_id=load"');
    const named = await lbObs(['link', 'airflow', '--dag-id', 'my dag', '--label', 'dag_id=dag', '--label', 'namespace=ns', '--raw-label-values', ...G]);
    assert.equal(decodeExploreUrl(named.stdout.trimEnd()).expr, '{ns="airflow", dag="my dag"}');
  });

  test('airflow usage errors', async () => {
    assert.deepEqual(await lbObs(['link', 'airflow', '--dag-id', 'd', '--task-id', 't', '--try', '1', '--mode', 'line-filter', ...G]), {
      code: 2,
      stdout: '',
      stderr: 'lb-obs link airflow: a try number can only be matched in labels mode: the task log text does not contain it\n',
    });
    assert.deepEqual(await lbObs(['link', 'airflow', '--dag-id', 'd', '--mode', 'grep', ...G]), {
      code: 2,
      stdout: '',
      stderr: 'lb-obs link airflow: --mode must be labels or line-filter (got "grep")\n',
    });
    assert.deepEqual(await lbObs(['link', 'airflow', '--dag-id', 'd', '--label', 'pool=x', ...G]), {
      code: 2,
      stdout: '',
      stderr: 'lb-obs link airflow: --label takes KEY=LABEL with KEY one of namespace, dag_id, run_id, task_id, try_number (got "pool=x")\n',
    });
  });

  test('query: any valid LogQL, legacy form on request; invalid LogQL exits 1', async () => {
    const r = await lbObs(['link', 'query', '--expr', 'sum by (host) (count_over_time({run_id="r"} |= "+" [5m]))', '--legacy-left', ...G]);
    assert.equal(r.code, 0);
    const link = decodeExploreUrl(r.stdout.trimEnd());
    assert.deepEqual([link.paneId, link.expr, link.from, link.to], ['left', 'sum by (host) (count_over_time({run_id="r"} |= "+" [5m]))', 'now-1h', 'now']);
    const invalid = await lbObs(['link', 'query', '--expr', '{app=~"exec.*"} |= ', ...G]);
    assert.deepEqual([invalid.code, invalid.stdout], [1, '']);
    assert.ok(invalid.stderr.startsWith('lb-obs link query: the query is not valid LogQL: line 1, column 17: empty line filter'), invalid.stderr);
  });

  test('dashboard: any uid with variables', async () => {
    assert.deepEqual(await lbObs(['link', 'dashboard', '--uid', 'lb-platform-logs', '--var', 'run_id=a=b&c', '--var', 'host=h1', '--from', 'now-6h', ...G]), {
      code: 0,
      stderr: '',
      stdout: 'http://grafana.example.org/grafana/d/lb-platform-logs?var-run_id=a%3Db%26c&var-host=h1&from=now-6h&to=now&orgId=1\n',
    });
    assert.deepEqual(await lbObs(['link', 'dashboard', '--uid', 'x', '--var', 'novalue', ...G]), { code: 2, stdout: '', stderr: 'lb-obs link dashboard: --var takes name=value (got "novalue")\n' });
  });
});

describe('where Grafana and the datasource come from', () => {
  let grafana: RecordingGrafana;
  before(async () => {
    grafana = await startRecordingGrafana({
      authorization: 'Bearer platform-key',
      datasources: [
        { uid: 'prom', name: 'Prometheus', type: 'prometheus' },
        { uid: 'lb-loki', name: 'loki', type: 'loki', isDefault: true },
      ],
    });
  });
  after(() => grafana.close());

  test('environment: LB_OBS_GRAFANA_URL and LB_OBS_DATASOURCE_UID', async () => {
    const r = await lbObs(['link', 'dashboard', '--uid', 'd'], { LB_OBS_GRAFANA_URL: 'https://env.example.org' });
    assert.equal(r.stdout, 'https://env.example.org/d/d?orgId=1\n');
    const q = await lbObs(['link', 'query', '--expr', '{a="b"}'], { LB_OBS_GRAFANA_URL: 'https://env.example.org', LB_OBS_DATASOURCE_UID: 'envuid' });
    assert.equal(decodeExploreUrl(q.stdout.trimEnd()).datasourceUid, 'envuid');
  });

  test("platform.json's grafana.url and org_id; the Loki datasource discovered with its api_key, which never reaches the link", async () => {
    const xdg = path.join(dir, 'xdg');
    fs.mkdirSync(path.join(xdg, 'lb'), { recursive: true });
    fs.writeFileSync(path.join(xdg, 'lb', 'platform.json'), JSON.stringify({ grafana: { url: grafana.url, org_id: 3, api_key: 'platform-key' } }));
    grafana.requests.length = 0;
    const r = await lbObs(['link', 'query', '--expr', '{a="b"}'], { XDG_CONFIG_HOME: xdg });
    assert.equal(r.code, 0, r.stderr);
    const link = decodeExploreUrl(r.stdout.trimEnd());
    assert.deepEqual([link.path, link.orgId, link.datasourceUid], [`${grafana.url}/explore`, '3', 'lb-loki']);
    assert.doesNotMatch(r.stdout, /platform-key/);
    assert.deepEqual(
      grafana.requests.map((q) => [q.method, q.url, q.headers.authorization, q.headers['x-grafana-org-id']]),
      [['GET', '/api/datasources', 'Bearer platform-key', '3']],
    );
  });

  test('discovery: token from the environment; several Loki datasources need a choice; failures say what to do', async () => {
    const several = await startRecordingGrafana({
      authorization: 'Bearer env-token',
      datasources: [
        { uid: 'a', name: 'loki', type: 'loki' },
        { uid: 'b', name: 'loki-archive', type: 'loki', isDefault: true },
      ],
    });
    try {
      assert.deepEqual(await lbObs(['link', 'query', '--expr', '{a="b"}'], { LB_OBS_GRAFANA_URL: several.url, LB_OBS_GRAFANA_TOKEN: 'env-token' }), {
        code: 2,
        stdout: '',
        stderr: 'lb-obs link query: Grafana has several Loki datasources; choose one with --datasource-uid:\n  b  loki-archive (default)\n  a  loki\n',
      });
      const denied = await lbObs(['link', 'query', '--expr', '{a="b"}'], { LB_OBS_GRAFANA_URL: several.url, LB_OBS_GRAFANA_TOKEN: 'stale' });
      assert.equal(denied.code, 2);
      assert.equal(
        denied.stderr,
        `lb-obs link query: no Loki datasource uid given (--datasource-uid or LB_OBS_DATASOURCE_UID) and discovery failed: Grafana answered 401 for GET ${several.url}/api/datasources (missing or wrong credentials: set a service-account token or user and password): "Unauthorized"\n`,
      );
    } finally {
      await several.close();
    }
  });
});

describe('flyte-templates', () => {
  test('prints the flytepropeller YAML for the given Grafana', async () => {
    const r = await lbObs(['flyte-templates', ...G, '--org-id', '4']);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, flyteLogTemplatesYaml({ url: 'http://grafana.example.org/grafana', orgId: 4, datasourceUid: 'loki-main' }, FLYTE_DEFAULTS));
    const uri = /- "(http[^"]+)"/.exec(r.stdout)![1];
    assert.ok(grafanaParams(uri.replace('{{ .podName }}', 'p').replace('{{ .podUnixStartTime }}', '1')).params.has('panes'));
  });

  test('a broken selector template is a usage error', async () => {
    const r = await lbObs(['flyte-templates', '--pod-selector', '{pod=${pod}}', ...G]);
    assert.deepEqual([r.code, r.stdout], [2, '']);
    assert.match(r.stderr, /^lb-obs flyte-templates: Flyte pod selector template is not valid LogQL \(line 1, column 6: label values must be quoted.*\): \{pod=\$\{pod\}\}\n$/);
  });
});
