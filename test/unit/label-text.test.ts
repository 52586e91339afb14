// Untrusted text in VS Code labels: `$(name)` must show as written, not as an icon.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapedItem, escapeIcons } from '../../client/src/labelText';

test('icon syntax gets the backslash VS Code reads as "show as written"', () => {
  assert.equal(escapeIcons('net "edge"; $(id)'), 'net "edge"; \\$(id)');
  assert.equal(escapeIcons('$(sync~spin) and $(x)$(y)'), '\\$(sync~spin) and \\$(x)\\$(y)');
});

test('a backslash already before the icon syntax stays visible', () => {
  // VS Code shows `\\$(id)` as `\` followed by the literal `$(id)`.
  assert.equal(escapeIcons('\\$(id)'), '\\\\$(id)');
});

test('text without icon syntax is unchanged', () => {
  for (const text of ['cpu_burn', '$ (id)', '$(', '$()', '$(a b)', 'price $5', '']) assert.equal(escapeIcons(text), text);
});

test('a quick-pick item: label, description and detail are escaped, the picked value is not', () => {
  const run = { runId: 'run-$(x)', runDir: '/r/$(y)' };
  assert.deepEqual(escapedItem({ label: run.runId, description: 'RUNNING', detail: run.runDir, run }), {
    label: 'run-\\$(x)',
    description: 'RUNNING',
    detail: '/r/\\$(y)',
    run: { runId: 'run-$(x)', runDir: '/r/$(y)' },
  });
  assert.deepEqual(Object.keys(escapedItem({ label: '$(a)', uid: 'u' })), ['label', 'uid']);
});
