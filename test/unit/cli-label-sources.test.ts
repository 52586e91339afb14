// The label sources of the CLI, the same the language server reads (core/labels/labelSources.ts), through the built
// `lb-obs` as a child process: Promtail/Prometheus YAML in the folder, lb's own configs in its user folder, the run
// config $LB_CONFIG_PATH or lb's pointer file names (relative paths from the current directory); `logql check
// --workspace`; and `link airflow --workspace` on the issue's Kubernetes discovery + labelmap pipeline.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { emptyHomeEnv } from '../support/emptyHome';
import { decodeExploreUrl } from '../support/grafanaLinks';
import { runLbObsSync } from '../support/lbObsCli';
import { FIXTURES } from '../support/paths';

const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
};
const runConfig = (labels: Record<string, string>) => JSON.stringify({ workloads: {}, loki: { enabled: true, labels } }, null, 2);

/** A folder `ws` with an lb config (env) and a query of `labels`, under a fresh root, with an empty home. */
function setUp(query: string): { root: string; env: NodeJS.ProcessEnv; lbUserDir: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-cli-label-sources-'));
  process.once('exit', () => fs.rmSync(root, { recursive: true, force: true }));
  write(path.join(root, 'ws', 'benchmark_config.json'), runConfig({ env: 'ci' }));
  write(path.join(root, 'ws', 'queries', 'q.logql'), `${query}\n`);
  const home = emptyHomeEnv();
  return { root, env: { ...process.env, ...home, LB_OBS_LOKI_URL: '', LB_CONFIG_PATH: '' }, lbUserDir: path.join(home.XDG_CONFIG_HOME, 'lb') };
}

/** The warning for `name` in the query `{..., name="..."}` (its column found in the query). */
const unknown = (query: string, name: string, sources: string) =>
  `ws/queries/q.logql:1:${query.indexOf(`${name}=`) + 1}: warning: no label source produces \`${name}\` (labels here come from ${sources}): the selector matches no stream [logql/unknown-label]\n`;

test('validate <folder>: a Promtail scrape config in the folder is a label source (no false warning)', () => {
  const query = '{env="ci", app="web", nope="x"}';
  const { root, env } = setUp(query);
  write(
    path.join(root, 'ws', 'promtail.yaml'),
    ['scrape_configs:', '  - job_name: pods', '    relabel_configs:', '      - source_labels: [__meta_kubernetes_pod_label_app]', '        target_label: app', ''].join('\n'),
  );
  const r = runLbObsSync(['validate', 'ws'], { cwd: root, env });
  assert.deepEqual(r, { code: 1, stdout: unknown(query, 'nope', 'lb (benchmark_config.json), Kubernetes discovery (promtail.yaml)'), stderr: '' });
});

test("validate <folder>: lb's platform.json and config.json in its user folder are sources", () => {
  const query = '{env="ci", team="perf", suite="nightly", nope="x"}';
  const { root, env, lbUserDir } = setUp(query);
  write(path.join(lbUserDir, 'platform.json'), runConfig({ team: 'perf' }));
  write(path.join(lbUserDir, 'config.json'), runConfig({ suite: 'nightly' }));
  const r = runLbObsSync(['validate', 'ws'], { cwd: root, env });
  const override =
    'ws/benchmark_config.json:3:3: information: $XDG_CONFIG_HOME/lb/platform.json sets "loki", which replaces this whole loki block when lb runs (the blocks are not merged). [platform-override]\n';
  assert.deepEqual(r, { code: 1, stdout: override + unknown(query, 'nope', 'lb (benchmark_config.json, config.json, platform.json)'), stderr: '' });
});

test("validate <folder>: $LB_CONFIG_PATH and lb's pointer file (a relative path from the current directory) name sources", () => {
  const query = '{env="ci", owner="perf", tier="gold", nope="x"}';
  const { root, env, lbUserDir } = setUp(query);
  write(path.join(root, 'elsewhere', 'owner.json'), runConfig({ owner: 'perf' }));
  write(path.join(root, 'shared', 'tiers.json'), runConfig({ tier: 'gold' }));
  write(path.join(lbUserDir, 'config_path'), 'shared/tiers.json\n');
  const r = runLbObsSync(['validate', 'ws'], { cwd: root, env: { ...env, LB_CONFIG_PATH: path.join(root, 'elsewhere', 'owner.json') } });
  assert.deepEqual(r, { code: 1, stdout: unknown(query, 'nope', 'lb (benchmark_config.json, owner.json, tiers.json)'), stderr: '' });
  // The pointer naming a file that does not exist is ignored, as lb ignores it.
  write(path.join(lbUserDir, 'config_path'), 'shared/missing.json');
  const without = runLbObsSync(['validate', 'ws'], { cwd: root, env });
  assert.equal(without.stdout, ['owner', 'tier', 'nope'].map((n) => unknown(query, n, 'lb (benchmark_config.json)')).join(''));
});

test('logql check --workspace: label warnings against the folder\'s sources; without it none', () => {
  const query = '{env="ci", nope="x"}';
  const { root, env } = setUp(query);
  const check = ['logql', 'check', '--query', '{env="ci", evn="x"}'];
  assert.deepEqual(runLbObsSync(check, { cwd: root, env }), { code: 0, stdout: '', stderr: '' });
  assert.deepEqual(runLbObsSync([...check, '--workspace', 'ws'], { cwd: root, env }), {
    code: 1,
    stdout: '<query>:1:12: warning: no label source produces `evn` (labels here come from lb (benchmark_config.json)): the selector matches no stream; did you mean `env`? [logql/unknown-label]\n',
    stderr: '',
  });
  const file = runLbObsSync(['logql', 'check', '--workspace', 'ws', 'ws/queries/q.logql'], { cwd: root, env });
  assert.deepEqual(file, { code: 1, stdout: unknown(query, 'nope', 'lb (benchmark_config.json)'), stderr: '' });
});

test("link airflow --workspace on Kubernetes discovery + labelmap of the pods' labels: labels, the rule named in --explain", () => {
  const { root, env } = setUp('{env="ci"}');
  fs.copyFileSync(path.join(FIXTURES, 'labels-labelmap', 'pods.alloy'), path.join(root, 'ws', 'pods.alloy'));
  const grafana = ['--grafana-url', 'http://grafana.test:3000', '--datasource-uid', 'lb-loki'];
  const r = runLbObsSync(['link', 'airflow', '--dag-id', 'etl', '--task-id', 'load', '--workspace', 'ws', '--explain', ...grafana], {
    cwd: root,
    env: { ...env, LB_OBS_GRAFANA_URL: '', LB_OBS_DATASOURCE_UID: '' },
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(decodeExploreUrl(r.stdout.trimEnd()).expr, '{namespace="airflow", dag_id="etl", task_id="load"}');
  assert.equal(
    r.stderr,
    'lb-obs link airflow: mode labels: dag_id and task_id may come from ws/pods.alloy:8 (the labelmap rule (regex "__meta_kubernetes_pod_label_(.+)", replacement "$1") in discovery.relabel "pods"), known only when it runs, and no Loki was asked: the default labels\n',
  );
});
