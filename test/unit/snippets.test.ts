// Each snippet of snippets/lb-config.json, inserted where it belongs and left at its defaults (the first choice
// of each choice), gives a config the schema accepts; and its choices are exactly the values lb accepts.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { compileSchemas, describeErrors, loadSchema } from '../support/configFixtures';
import { REPO_ROOT } from '../support/paths';

interface Snippet {
  prefix: string;
  body: string[];
}

const snippets: Record<string, Snippet> = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'snippets', 'lb-config.json'), 'utf8'));
const validate = compileSchemas()['lb-run-config'];

/**
 * What the user gets by pressing Tab through the snippet: tab stops empty, placeholders at their text, choices at
 * their first value. Covers the snippet syntax these snippets use: `$N`, `${N:text}` (with `\}` escapes) and
 * `${N|a,b|}`.
 */
function accept(body: string): string {
  return body
    .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
    .replace(/\$\{\d+:((?:\\.|[^}\\])*)\}/g, (_, text: string) => text.replace(/\\(.)/g, '$1'))
    .replace(/\$\d+/g, '');
}

function choices(snippet: Snippet, key: string): string[] {
  const line = snippet.body.find((l) => l.includes(`"${key}": `));
  const match = line && /\$\{\d+\|([^|]*)\|\}/.exec(line.slice(line.indexOf(`"${key}": `)));
  assert.ok(match, `no choice for ${key} in ${snippet.prefix}`);
  return match[1].split(',');
}

/** Where each snippet is inserted: `@` marks the place, in an otherwise valid config. */
const HOSTS: Record<string, string> = {
  'lb workload': '{"workloads": {@}}',
  'lb remote host': '{"workloads": {"cpu": {"plugin": "stress_ng"}}, "remote_hosts": [@]}',
  'lb dfaas settings': '{"workloads": {"faas": {"plugin": "dfaas"}}, "plugin_settings": {@}}',
  'lb loki': '{"workloads": {"cpu": {"plugin": "stress_ng"}}, @}',
};

test('there is a snippet for a workload, a remote host, a dfaas block and a loki block', () => {
  assert.deepEqual(Object.keys(snippets).sort(), Object.keys(HOSTS).sort());
});

for (const [name, host] of Object.entries(HOSTS)) {
  test(`snippet "${name}" inserted with its defaults gives a valid run config`, () => {
    const text = host.replace('@', accept(snippets[name].body.join('\n')));
    const config = JSON.parse(text);
    assert.ok(validate(config), `${text}\n${describeErrors(validate.errors)}`);
  });
}

test('the snippets offer exactly the built-in plugins, intensities and HTTP methods that lb accepts', () => {
  const definitions = loadSchema('lb-run-config').definitions as Record<string, Record<string, any>>;
  assert.deepEqual(choices(snippets['lb workload'], 'plugin'), definitions.builtin_plugins.enum);
  assert.deepEqual(choices(snippets['lb workload'], 'intensity'), definitions.workload.properties.intensity.examples);
  assert.deepEqual(choices(snippets['lb dfaas settings'], 'method'), definitions.plugin_dfaas.properties.functions.items.properties.method.examples);
});

test('accepting a snippet keeps the escaped braces of {host.address}', () => {
  const settings = JSON.parse(`{${accept(snippets['lb dfaas settings'].body.join('\n'))}}`);
  assert.equal(settings.dfaas.gateway_url, 'http://{host.address}:31112');
});
