// package.json's task contributions agree with the code: every property of every task kind is declared with
// the same type and limits, every LB command is registered, and the problem matcher finds lb's messages.
import * as fs from 'fs';
import * as path from 'path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TASK_KINDS, TASK_PROPERTIES } from '../../core/tasks/definition';
import { REPO_ROOT } from '../support/paths';

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));

interface SchemaProperty {
  type: string;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  items?: { type: string };
  markdownDescription?: string;
}

describe('taskDefinitions', () => {
  const def = pkg.contributes.taskDefinitions.find((d: { type: string }) => d.type === 'lb');
  const props: Record<string, SchemaProperty> = def.properties;

  test('"task" is required and lists every task kind', () => {
    assert.deepEqual(def.required, ['task']);
    assert.deepEqual(props.task.enum, [...TASK_KINDS]);
  });

  test('every property is declared with the type and limits the code checks, and described', () => {
    const declared = new Set(Object.keys(props).filter((p) => p !== 'task'));
    const used = new Set<string>();
    for (const kind of TASK_KINDS) {
      for (const [name, type] of Object.entries(TASK_PROPERTIES[kind])) {
        used.add(name);
        const p = props[name];
        assert.ok(p, `package.json lacks "${name}" (task ${kind})`);
        assert.ok(p.markdownDescription && p.markdownDescription.length > 20, `"${name}" needs a description`);
        switch (type.kind) {
          case 'string':
            assert.equal(p.type, 'string', name);
            break;
          case 'boolean':
            assert.equal(p.type, 'boolean', name);
            break;
          case 'string[]':
            assert.deepEqual([p.type, p.items?.type], ['array', 'string'], name);
            break;
          case 'enum':
            assert.deepEqual([p.type, p.enum], ['string', [...type.values]], name);
            break;
          case 'integer':
            assert.deepEqual([p.type, p.minimum, p.maximum], ['integer', type.minimum, type.maximum], name);
            break;
        }
      }
    }
    assert.deepEqual([...declared].filter((d) => !used.has(d)), [], 'declared but never accepted');
  });
});

describe('commands', () => {
  test('the LB task commands are contributed in category LB and registered by registerTasks', () => {
    const source = fs.readFileSync(path.join(REPO_ROOT, 'client', 'src', 'tasks', 'registerTasks.ts'), 'utf8');
    const expected: Record<string, string> = {
      'lbObs.runBenchmark': 'Run Benchmark...',
      'lbObs.resumeRun': 'Resume Run...',
      'lbObs.provision': 'Provision Loki and Grafana...',
      'lbObs.installLoki': 'Install Loki...',
      'lbObs.uninstallLoki': 'Uninstall Loki...',
      'lbObs.installGrafana': 'Install Grafana...',
      'lbObs.uninstallGrafana': 'Uninstall Grafana...',
      'lbObs.checkServices': 'Check Loki and Grafana',
    };
    for (const [id, title] of Object.entries(expected)) {
      const c = pkg.contributes.commands.find((x: { command: string }) => x.command === id);
      assert.deepEqual(c, { command: id, title, category: 'LB' });
      assert.ok(source.includes(`'${id}'`), `${id} is not registered`);
    }
  });

  test('lbObs.lbPath is a setting VS Code ignores in untrusted workspaces', () => {
    assert.equal(pkg.contributes.configuration.properties['lbObs.lbPath'].default, 'lb');
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('lbObs.lbPath'));
  });
});

describe('problem matcher $lb', () => {
  const matcher = pkg.contributes.problemMatchers.find((m: { name: string }) => m.name === 'lb');
  const [fileLine, messageLine] = matcher.pattern.map((p: { regexp: string }) => new RegExp(p.regexp));

  /** What VS Code's multi-line matcher does: pattern 1 on a line, pattern 2 on the next. */
  function problems(output: string): Array<{ file: string; message: string }> {
    const lines = output.split('\n');
    const found = [];
    for (let i = 0; i + 1 < lines.length; i++) {
      const f = fileLine.exec(lines[i]);
      const m = f && messageLine.exec(lines[i + 1]);
      if (f && m) found.push({ file: f[matcher.pattern[0].file], message: m[matcher.pattern[1].message] });
    }
    return found;
  }

  test('reports "Unknown workload" against the config lb loaded (rich glyphs and all)', () => {
    const output = [
      '✓ Loaded config: /home/me/bench/benchmark_config.json',
      '⚠ Unknown workload: stress-ng',
      'Loaded config: configs/benchmark_config.dfaas.json',
      'No workloads selected to run.',
      'Loaded config: /x/benchmark_config.json',
      'Plan: 3 workloads',
    ].join('\n');
    assert.deepEqual(problems(output), [
      { file: '/home/me/bench/benchmark_config.json', message: 'Unknown workload: stress-ng' },
      { file: 'configs/benchmark_config.dfaas.json', message: 'No workloads selected to run.' },
    ]);
    assert.equal(matcher.owner, 'lb');
    assert.equal(matcher.pattern[0].kind, 'file');
  });
});
