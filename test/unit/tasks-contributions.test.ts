// package.json's task contributions agree with the code: every property of every task kind is declared with
// the same type and limits, every LB command is registered, and the problem matcher reads what lb-obs lb-exec prints.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TASK_KINDS, TASK_PROPERTIES } from '../../core/tasks/definition';
import { formatProblemLine } from '../../core/tasks/problemLine';
import { runLbObs } from '../support/lbObsCli';
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
  test('the LB task and service check commands are contributed in category LB and registered by registerTasks and registerHealth', () => {
    const source = (file: string) => fs.readFileSync(path.join(REPO_ROOT, 'client', 'src', file), 'utf8');
    const tasks = source('tasks/registerTasks.ts');
    const health = source('health/registerHealth.ts');
    const expected: Record<string, [title: string, registeredBy: string]> = {
      'lbObs.runBenchmark': ['Run Benchmark...', tasks],
      'lbObs.resumeRun': ['Resume Run...', tasks],
      'lbObs.provision': ['Provision Loki and Grafana...', tasks],
      'lbObs.installLoki': ['Install Loki...', tasks],
      'lbObs.uninstallLoki': ['Uninstall Loki...', tasks],
      'lbObs.installGrafana': ['Install Grafana...', tasks],
      'lbObs.uninstallGrafana': ['Uninstall Grafana...', tasks],
      'lbObs.checkServices': ['Check Loki and Grafana', health],
    };
    for (const [id, [title, registeredBy]] of Object.entries(expected)) {
      const c = pkg.contributes.commands.find((x: { command: string }) => x.command === id);
      assert.deepEqual(c, { command: id, title, category: 'LB' });
      assert.ok(registeredBy.includes(`'${id}'`), `${id} is not registered`);
    }
  });

  test('lbObs.lbPath is a setting VS Code ignores in untrusted workspaces', () => {
    assert.equal(pkg.contributes.configuration.properties['lbObs.lbPath'].default, 'lb');
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('lbObs.lbPath'));
  });
});

describe('problem matcher $lb', () => {
  const matcher = pkg.contributes.problemMatchers.find((m: { name: string }) => m.name === 'lb');
  const pattern = matcher.pattern;
  const regexp = new RegExp(pattern.regexp);

  /** What VS Code's single-line matcher makes of each line of the task's terminal. */
  function problems(output: string) {
    return output.split('\n').flatMap((line) => {
      const m = regexp.exec(line);
      if (!m) return [];
      const n = (group: number) => Number(m[group]);
      return [{
        file: m[pattern.file],
        range: [n(pattern.line), n(pattern.column), n(pattern.endLine), n(pattern.endColumn)],
        severity: m[pattern.severity],
        message: m[pattern.message],
        code: m[pattern.code],
      }];
    });
  }

  test('reads the lines lb-obs lb-exec adds to lb\'s output (run for real), and nothing of lb\'s own', async () => {
    assert.deepEqual([matcher.owner, matcher.source, matcher.fileLocation, matcher.applyTo], ['lb', 'lb', 'absolute', 'allDocuments']);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-matcher-'));
    try {
      const config = path.join(dir, 'my configs', 'benchmark_config.json');
      fs.mkdirSync(path.dirname(config));
      fs.writeFileSync(config, '{\n  "repetitions": 0,\n  "workloads": {\n    "fio": { "plugin": "fio", "options": { "iodepth": "deep" } }\n  }\n}\n');
      const lb = path.join(dir, 'lb');
      const stderr = [
        'pydantic_core._pydantic_core.ValidationError: 2 validation errors for BenchmarkConfig',
        'repetitions',
        '  Input should be greater than 0 [type=greater_than, input_value=0, input_type=int]',
        '    For further information visit https://errors.pydantic.dev/2.11/v/greater_than',
        'workloads.fio.options.iodepth',
        "  Input should be a valid integer, unable to parse string as an integer [type=int_parsing, input_value='deep', input_type=str]",
        '    For further information visit https://errors.pydantic.dev/2.11/v/int_parsing',
      ];
      fs.writeFileSync(lb, `#!/bin/bash\necho 'Unknown workload: a: 1:2-3:4: error: b [c]'\ncat >&2 <<'EOF'\n${stderr.join('\n')}\nEOF\nexit 1\n`, { mode: 0o755 });
      const run = await runLbObs(['lb-exec', '--config=my configs/benchmark_config.json', '--', lb, 'run'], { cwd: dir, env: { PATH: '/usr/bin:/bin' } });
      assert.equal(run.code, 1);
      assert.deepEqual(problems(`${run.stdout}${run.stderr}`), [
        { file: config, range: [3, 3, 3, 14], severity: 'error', message: 'Unknown workload: a: 1:2-3:4: error: b [c]', code: 'lb' },
        { file: config, range: [2, 3, 2, 16], severity: 'error', message: 'repetitions: Input should be greater than 0', code: 'greater_than' },
        { file: config, range: [4, 44, 4, 53], severity: 'error', message: 'workloads.fio.options.iodepth: Input should be a valid integer, unable to parse string as an integer', code: 'int_parsing' },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a path with spaces and colons, and a message that looks like another problem line, are read back as they are', () => {
    const file = '/home/me/bench: 1:2/run config [v2].json';
    const message = 'x:1:2-3:4: error: [a] ] [b';
    const line = formatProblemLine(file, { line: 7, column: 5, endLine: 7, endColumn: 11 }, 'error', message, 'value_error');
    assert.deepEqual(problems(line), [{ file, range: [7, 5, 7, 11], severity: 'error', message, code: 'value_error' }]);
    assert.deepEqual(problems(formatProblemLine('/c.json', { line: 1, column: 1, endLine: 1, endColumn: 2 }, 'error', 'a\nb\x1b[2Jc', 'lb')), [
      { file: '/c.json', range: [1, 1, 1, 2], severity: 'error', message: 'a b [2Jc', code: 'lb' },
    ]);
  });
});
