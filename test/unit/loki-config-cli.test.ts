// `lb-obs validate` on Loki configs, Helm values and Grafana provisioning files: the same diagnostics as the
// editor, from the built CLI.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { emptyHomeEnv } from '../support/emptyHome';
import { runLbObsSync } from '../support/lbObsCli';
import { FIXTURES } from '../support/paths';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-loki-cli-'));
const lbObs = (...args: string[]) => runLbObsSync(args, { cwd: dir, env: { ...process.env, ...emptyHomeEnv() } });

test('a Loki config and Helm values: errors at line and column, exit 1', () => {
  fs.copyFileSync(path.join(FIXTURES, 'loki-config', 'helm-values.yaml'), path.join(dir, 'values.yaml'));
  fs.writeFileSync(path.join(dir, 'loki-config.yaml'), fs.readFileSync(path.join(FIXTURES, 'loki-config', 'install-loki.yaml'), 'utf8').replace('store: inmemory', 'store: inmemorys'));
  const r = lbObs('validate', 'values.yaml', 'loki-config.yaml');
  assert.equal(r.code, 1);
  assert.equal(
    r.stdout,
    'values.yaml:17:22: error: "limits_config.max_line_size" expects a size such as 256KB or 10MB (B, KB, MB, GB, TB, PB, EB, powers of 1024); "256KiB" is an unknown unit "KiB". [loki-config-value]\n' +
      'values.yaml:22:26: error: "ingester.chunk_idle_period" expects a duration such as 30s, 5m or 1h30m (units ns, us, ms, s, m, h); "1d" is an unknown unit "d". [loki-config-value]\n' +
      'loki-config.yaml:22:14: error: "common.ring.kvstore.store": Loki has no KV store "inmemorys" and fails at start; use consul, etcd, inmemory, memberlist, multi, mock. [loki-config-kv-store]\n',
  );
});

test('the install scripts\' config is clean', () => {
  const r = lbObs('validate', path.join(FIXTURES, 'loki-config', 'install-loki.yaml'));
  assert.deepEqual(r, { code: 0, stdout: '', stderr: '' });
});

test('a Grafana datasource file', () => {
  fs.writeFileSync(path.join(dir, 'datasource.yaml'), 'apiVersion: 1\ndatasources:\n  - name: Loki\n    type: loki\n    url: http://localhost:3100\n    isDefualt: true\n');
  const r = lbObs('validate', 'datasource.yaml');
  assert.equal(r.stdout, 'datasource.yaml:6:5: warning: Grafana ignores "isDefualt" in "datasources[0]"; did you mean "isDefault"? [grafana-provisioning-unknown-key]\n');
});
