// Which files are Loki configs: by name (default and configured globs) and by their top-level keys, and the
// classifier's key list kept equal to the generated schema's top level.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { classifyDocument } from '../../core/documents/kind';
import { LOKI_TOP_LEVEL_KEYS } from '../../core/documents/lokiConfigContent';
import { fieldsOf, lokiSchema } from '../../core/lokiConfig/schema';
import { FIXTURES } from '../support/paths';

const install = fs.readFileSync(path.join(FIXTURES, 'loki-config', 'install-loki.yaml'), 'utf8');

test('the classifier knows exactly the top-level keys of the generated schema', () => {
  assert.deepEqual([...LOKI_TOP_LEVEL_KEYS].sort(), [...fieldsOf(lokiSchema.root).keys()].sort());
});

test('Loki configs by name, by keys and by configured globs', () => {
  assert.equal(classifyDocument('file:///etc/loki/config.yml', 'server:\n  http_listen_port: 3100\n'), 'loki-config');
  assert.equal(classifyDocument('file:///w/loki-local-config.yaml', ''), 'loki-config');
  assert.equal(classifyDocument('file:///w/deploy/single.yaml', install), 'loki-config');
  assert.equal(classifyDocument('file:///w/deploy/values.yaml', fs.readFileSync(path.join(FIXTURES, 'loki-config', 'helm-values.yaml'), 'utf8')), 'loki-config');
  assert.equal(classifyDocument('file:///w/ops/logs.yaml', 'server:\n  port: 1\n'), 'unknown');
  assert.equal(classifyDocument('file:///w/ops/logs.yaml', 'server:\n  port: 1\n', { lokiConfigGlobs: ['**/ops/*.yaml'] }), 'loki-config');
});

test('a Grafana provisioning file named loki-*.yaml stays provisioning', () => {
  const text = 'apiVersion: 1\ndatasources:\n  - name: Loki\n    type: loki\n    url: http://localhost:3100\n';
  assert.equal(classifyDocument('file:///w/provisioning/loki-datasource.yaml', text), 'grafana-provisioning');
});

test('a YAML file with only a few generic keys is not taken for Loki', () => {
  assert.equal(classifyDocument('file:///w/app.yaml', 'server:\n  port: 80\ntracing:\n  enabled: true\nname: x\nimage: y\n'), 'unknown');
});
