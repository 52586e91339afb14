// The conventions the validator, completion and hover rely on (see scripts/schemas/build.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigKind, loadSchema } from '../support/configFixtures';

type Node = Record<string, unknown>;
const KINDS: ConfigKind[] = ['lb-run-config', 'lb-platform-config'];

/** Calls `visit` on every subschema with its JSON pointer; `if` conditions and `then` overlays are flagged. */
function walk(node: unknown, pointer: string, visit: (n: Node, pointer: string, overlay: boolean) => void, overlay = false): void {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return;
  const n = node as Node;
  visit(n, pointer, overlay);
  for (const [key, value] of Object.entries(n.properties ?? {})) walk(value, `${pointer}/properties/${key}`, visit, overlay);
  for (const [key, value] of Object.entries(n.definitions ?? {})) walk(value, `${pointer}/definitions/${key}`, visit, overlay);
  if (n.items) walk(n.items, `${pointer}/items`, visit, overlay);
  if (typeof n.additionalProperties === 'object') walk(n.additionalProperties, `${pointer}/additionalProperties`, visit, overlay);
  ((n.allOf as Node[] | undefined) ?? []).forEach((branch, i) => {
    walk(branch.if, `${pointer}/allOf/${i}/if`, visit, true);
    walk(branch.then, `${pointer}/allOf/${i}/then`, visit, true);
  });
}

for (const kind of KINDS) {
  test(`${kind}: every property has a description`, () => {
    const missing: string[] = [];
    walk(loadSchema(kind), '#', (n, pointer, overlay) => {
      if (overlay) return;
      for (const [key, value] of Object.entries((n.properties ?? {}) as Record<string, Node>)) {
        if (typeof value.description !== 'string' || value.description.length === 0) missing.push(`${pointer}/properties/${key}`);
      }
    });
    assert.deepEqual(missing, []);
  });

  test(`${kind}: every object with properties says what other keys do (additionalProperties)`, () => {
    const open: string[] = [];
    walk(loadSchema(kind), '#', (n, pointer, overlay) => {
      if (!overlay && n.properties && !('additionalProperties' in n) && !n.allOf) open.push(pointer);
    });
    assert.deepEqual(open, []);
  });
}

test('the built-in plugins are listed once and typed everywhere: plugin_settings, workload options, platform plugins', () => {
  const run = loadSchema('lb-run-config') as Node;
  const definitions = run.definitions as Record<string, Node>;
  const builtins = definitions.builtin_plugins.enum as string[];
  assert.equal(builtins.length, 17);
  const settings = ((run.properties as Record<string, Node>).plugin_settings.properties ?? {}) as Record<string, Node>;
  assert.deepEqual(Object.keys(settings), builtins);
  for (const name of builtins) assert.equal(settings[name].$ref, `#/definitions/plugin_${name}`);
  const typedOptions = (definitions.workload.allOf as Node[]).map((b) => {
    const plugin = ((b.if as Node).properties as Record<string, Node>).plugin.const;
    const options = ((b.then as Node).properties as Record<string, Node>).options.$ref;
    return [plugin, options];
  });
  assert.deepEqual(typedOptions, builtins.map((name) => [name, `#/definitions/plugin_${name}`]));
  const platformPlugins = (((loadSchema('lb-platform-config') as Node).properties as Record<string, Node>).plugins.properties ?? {}) as object;
  assert.deepEqual(Object.keys(platformPlugins), builtins);
});

test('plugin settings are partial overlays: no plugin definition requires a key, and each accepts the common keys', () => {
  const definitions = (loadSchema('lb-run-config') as Node).definitions as Record<string, Node>;
  for (const [name, definition] of Object.entries(definitions).filter(([n]) => n.startsWith('plugin_'))) {
    assert.equal(definition.required, undefined, name);
    assert.equal(definition.additionalProperties, false, name);
    for (const common of ['max_retries', 'timeout_buffer', 'tags']) assert.ok(common in (definition.properties as object), `${name} lacks ${common}`);
  }
});

test('the Loki block is the same in both files, except that platform.json may set it to null', () => {
  const runLoki = ((loadSchema('lb-run-config') as Node).definitions as Record<string, Node>).loki;
  const platformLoki = ((loadSchema('lb-platform-config') as Node).definitions as Record<string, Node>).loki;
  assert.deepEqual(platformLoki.properties, runLoki.properties);
  assert.equal(runLoki.type, 'object');
  assert.deepEqual(platformLoki.type, ['object', 'null']);
});
