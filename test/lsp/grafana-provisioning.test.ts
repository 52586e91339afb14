// Grafana provisioning files through the real language server: schema diagnostics with exact ranges, the Loki
// datasource checked against how the workspace refers to Loki, completion and hover.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { emptyHomeEnv } from '../support/emptyHome';
import { LspClient } from '../support/lspClient';
import { positionAt, rangeOfText } from '../support/textRanges';

const ERROR = 1;
const WARNING = 2;

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-provisioning-'));
fs.mkdirSync(path.join(workspace, 'dashboards'));
fs.mkdirSync(path.join(workspace, '.vscode'));
fs.writeFileSync(
  path.join(workspace, 'dashboards', 'runs.json'),
  JSON.stringify({ title: 'Runs', panels: [{ type: 'logs', datasource: { type: 'loki', uid: 'lb-loki' }, targets: [{ expr: '{job="lb"}' }] }] }),
);
fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), '{\n  // the product\'s links\n  "lbObs.loki.url": "http://localhost:3100"\n}\n');

let client: LspClient;
let counter = 0;

before(async () => {
  client = await LspClient.start({ env: emptyHomeEnv(), workspaceFolders: [workspace] });
});
after(async () => {
  await client.stop();
  fs.rmSync(workspace, { recursive: true, force: true });
});

function uriOf(name: string): string {
  return pathToFileURL(path.join(workspace, 'provisioning', `${++counter}-${name}`)).href;
}

async function diagnose(text: string, name = 'datasources.yaml'): Promise<Diagnostic[]> {
  return client.open(uriOf(name), 'yaml', text);
}

const GOOD = `apiVersion: 1
datasources:
  - name: Loki
    type: loki
    uid: lb-loki
    access: proxy
    url: http://localhost:3100
    jsonData:
      maxLines: 5000
`;

describe('Grafana datasource provisioning', () => {
  test('a datasource matching the workspace has no problem', async () => {
    assert.deepEqual(await diagnose(GOOD), []);
  });

  test('an unknown key is ignored by Grafana: a warning with the likely key', async () => {
    const text = GOOD.replace('    access: proxy', '    acess: proxy');
    const d = await diagnose(text);
    assert.deepEqual(d.map((x) => [x.severity, x.code, x.range, x.message]), [
      [WARNING, 'grafana-provisioning-unknown-key', rangeOfText(text, 'acess'), 'Grafana ignores "acess" in "datasources[0]"; did you mean "access"?'],
    ]);
  });

  test('jsonData is checked by datasource type', async () => {
    const text = GOOD.replace('maxLines: 5000', 'maxLine: 5000');
    const d = await diagnose(text);
    assert.deepEqual(d.map((x) => [x.code, x.range, x.message]), [
      ['grafana-provisioning-unknown-key', rangeOfText(text, 'maxLine'), 'Grafana ignores "maxLine" in "datasources[0].jsonData"; did you mean "maxLines"?'],
    ]);
  });

  test('a Prometheus httpMethod outside GET and POST', async () => {
    const text = 'apiVersion: 1\ndatasources:\n  - name: Prom\n    type: prometheus\n    url: http://localhost:9090\n    jsonData:\n      httpMethod: PUT\n';
    const d = await diagnose(text);
    assert.deepEqual(d.map((x) => [x.severity, x.range]), [[WARNING, rangeOfText(text, 'PUT')]]);
    assert.match(String(d[0].message), /^"datasources\[0\].jsonData.httpMethod" must be one of POST, GET, not "PUT"/);
  });

  test('a missing type and a wrong value type are errors', async () => {
    const text = 'apiVersion: 1\ndatasources:\n  - name: Loki\n    url: http://localhost:3100\n    isDefault: [true]\n';
    const d = await diagnose(text);
    assert.deepEqual(d.map((x) => [x.severity, x.code, x.range]), [
      [ERROR, 'grafana-provisioning-required', rangeOfText(text, 'name')],
      [ERROR, 'grafana-provisioning-type', rangeOfText(text, '[true]')],
    ]);
    assert.equal(d[0].message, '"datasources[0]" needs "type"; Grafana refuses the file without it.');
  });

  test('a uid Grafana refuses', async () => {
    const text = GOOD.replace('uid: lb-loki', 'uid: lb loki!');
    const d = await diagnose(text);
    const uid = d.find((x) => x.code === 'grafana-provisioning-uid')!;
    assert.equal(uid.severity, ERROR);
    assert.deepEqual(uid.range, rangeOfText(text, 'lb loki!'));
  });

  test('two default datasources in one organisation', async () => {
    const text = `${GOOD}    isDefault: true\n  - name: Loki 2\n    type: loki\n    uid: lb-loki\n    url: http://localhost:3100\n    isDefault: true\n`;
    const d = await diagnose(text);
    assert.deepEqual(d.map((x) => [x.code, x.range]), [['grafana-provisioning-default', rangeOfText(text, 'true', 1)]]);
  });

  test('a Loki uid the workspace\'s dashboards do not use', async () => {
    const text = GOOD.replace('uid: lb-loki', 'uid: loki');
    const d = await diagnose(text);
    assert.deepEqual(d.map((x) => [x.severity, x.code, x.range]), [[WARNING, 'grafana-provisioning-loki-uid', rangeOfText(text, 'loki', 1)]]);
    assert.equal(
      d[0].message,
      'The workspace refers to its Loki datasource by uid "lb-loki" (dashboards/runs.json). This Loki datasource\'s uid "loki" is not one of them: those dashboards and links will not find it.',
    );
  });

  test('a Loki url that is not a URL, and one on another port than lbObs.loki.url', async () => {
    let text = GOOD.replace('http://localhost:3100', 'localhost:3100');
    let d = await diagnose(text);
    assert.deepEqual(d.map((x) => [x.severity, x.range]), [[ERROR, rangeOfText(text, 'localhost:3100')]]);
    text = GOOD.replace('http://localhost:3100', 'http://loki:3200');
    d = await diagnose(text);
    assert.deepEqual(d.map((x) => [x.severity, x.range, x.message]), [
      [WARNING, rangeOfText(text, 'http://loki:3200'), 'The workspace pushes to and queries Loki at http://localhost:3100 (lbObs.loki.url), on port 3100; this datasource uses port 3200.'],
    ]);
  });
});

describe('dashboard providers and alerting files', () => {
  test('a provider needs options.path', async () => {
    const text = 'apiVersion: 1\nproviders:\n  - name: lb\n    type: file\n    options:\n      foldersFromFilesStructure: true\n';
    const d = await diagnose(text, 'dashboards.yaml');
    assert.deepEqual(d.map((x) => [x.code, x.range, x.message]), [
      ['grafana-provisioning-required', rangeOfText(text, 'foldersFromFilesStructure'), '"providers[0].options" needs "path"; Grafana refuses the file without it.'],
    ]);
  });

  test('an alert rule with an unknown noDataState', async () => {
    const text = 'apiVersion: 1\ngroups:\n  - orgId: 1\n    name: lb\n    folder: lb\n    interval: 1m\n    rules:\n      - uid: errors\n        title: Errors\n        condition: A\n        noDataState: Silent\n        data:\n          - refId: A\n            datasourceUid: lb-loki\n            model:\n              expr: sum(count_over_time({job="lb"} |= "error" [5m]))\n';
    const d = await diagnose(text, 'alerts.yaml');
    assert.deepEqual(d.map((x) => [x.severity, x.code, x.range]), [[ERROR, 'grafana-provisioning-value', rangeOfText(text, 'Silent')]]);
  });
});

describe('provisioning completion and hover', () => {
  test('datasource keys, and Loki jsonData keys by type', async () => {
    const text = 'apiVersion: 1\ndatasources:\n  - name: Loki\n    type: loki\n    jsonData:\n      max\n';
    const uri = uriOf('datasources.yaml');
    await client.open(uri, 'yaml', text);
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionAt(text, text.indexOf('      max') + 9) });
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('maxLines') && labels.includes('derivedFields'), labels.join(', '));
    assert.ok(!labels.includes('httpMethod'));
  });

  test('hover on a datasource key', async () => {
    const uri = uriOf('datasources.yaml');
    await client.open(uri, 'yaml', GOOD);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionAt(GOOD, GOOD.indexOf('access') + 2) });
    assert.match((hover.contents as { value: string }).value, /^\*\*access\*\* \(string\)\n\nHow Grafana reaches it/);
    assert.deepEqual(hover.range, rangeOfText(GOOD, 'access'));
  });
});
