// lb's output as the terminal gets it -> the problems that concern the run config, and each problem -> the place
// in the config it is about. The samples are pydantic v2's own format (pydantic_core's ValidationError.__str__:
// a header, then per error the loc line, the indented message with `[type=..., input_value=..., input_type=...]`
// and the link line), as lb prints it: in a Python or rich traceback, coloured, or wrapped at 80 columns.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigLocator, ConfigRange } from '../../core/tasks/configPosition';
import { LbOutputParser, LbProblem, parseLoc, problemMessage } from '../../core/tasks/lbOutput';

/** Every problem the parser reports for `output`, fed line by line as lb-exec does, then the end of the stream. */
function problemsIn(output: string): LbProblem[] {
  const parser = new LbOutputParser();
  return [...output.split('\n').flatMap((line) => parser.push(line)), ...parser.end()];
}

const url = (type: string) => `    For further information visit https://errors.pydantic.dev/2.11/v/${type}`;

const TRACEBACK = [
  'Traceback (most recent call last):',
  '  File "/home/me/.local/share/pipx/venvs/linux-benchmark-lib/lib/python3.12/site-packages/lb_ui/cli/commands/run.py", line 164, in run',
  '    cfg, resolved, stale = ctx.config_service.load_for_read(config)',
  '                           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
  '  File "/home/me/.local/share/pipx/venvs/linux-benchmark-lib/lib/python3.12/site-packages/lb_runner/models/config.py", line 201, in load',
  '    return cls.model_validate_json(filepath.read_text())',
  'pydantic_core._pydantic_core.ValidationError: 1 validation error for BenchmarkConfig',
  'repetitions',
  '  Input should be greater than 0 [type=greater_than, input_value=0, input_type=int]',
  url('greater_than'),
].join('\n');

const SIX_ERRORS = [
  '6 validation errors for BenchmarkConfig',
  'workloads.fio.options.iodepth',
  '  Input should be greater than 0 [type=greater_than, input_value=0, input_type=int]',
  url('greater_than'),
  'workloads.`fio.v2`.plugin',
  "  Field required [type=missing, input_value={'options': {'iodepth': 'deep'}}, input_type=dict]",
  url('missing'),
  'remote_hosts.0.name',
  '  Input should be a valid string [type=string_type, input_value=42, input_type=int]',
  url('string_type'),
  'remote_hosts.1',
  "  Value error, RemoteHostConfig: 'name' must be non-empty [type=value_error, input_value={'name': ' ', 'address': '10.0.0.2'}, input_type=dict]",
  url('value_error'),
  'plugin_settings.dfaas.rate_strategy.linear.min_rate',
  '  Input should be greater than or equal to 0 [type=greater_than_equal, input_value=-5, input_type=int]',
  url('greater_than_equal'),
  'collectors.perf_config.interval_ms',
  "  Input should be a valid integer, unable to parse string as an integer [type=int_parsing, input_value='fast', input_type=str]",
  url('int_parsing'),
].join('\n');

describe("lb's output -> problems", () => {
  test('a traceback ending in a validation error: the loc, the message and the type', () => {
    assert.deepEqual(problemsIn(TRACEBACK), [{ loc: ['repetitions'], message: 'Input should be greater than 0', code: 'greater_than' }]);
  });

  test('several errors in one block, a dotted key in backticks, list indexes, a union tag, model validators', () => {
    assert.deepEqual(problemsIn(SIX_ERRORS), [
      { loc: ['workloads', 'fio', 'options', 'iodepth'], message: 'Input should be greater than 0', code: 'greater_than' },
      { loc: ['workloads', 'fio.v2', 'plugin'], message: 'Field required', code: 'missing' },
      { loc: ['remote_hosts', '0', 'name'], message: 'Input should be a valid string', code: 'string_type' },
      { loc: ['remote_hosts', '1'], message: "Value error, RemoteHostConfig: 'name' must be non-empty", code: 'value_error' },
      { loc: ['plugin_settings', 'dfaas', 'rate_strategy', 'linear', 'min_rate'], message: 'Input should be greater than or equal to 0', code: 'greater_than_equal' },
      { loc: ['collectors', 'perf_config', 'interval_ms'], message: 'Input should be a valid integer, unable to parse string as an integer', code: 'int_parsing' },
    ]);
  });

  test("Invalid JSON: no loc, and pydantic's line and column", () => {
    const output = [
      'pydantic_core._pydantic_core.ValidationError: 1 validation error for BenchmarkConfig',
      `  Invalid JSON: expected \`,\` or \`}\` at line 3 column 3 [type=json_invalid, input_value='{\\n  "repetitions": 3\\n  "workloads": {}\\n}\\n', input_type=str]`,
      url('json_invalid'),
    ].join('\n');
    assert.deepEqual(problemsIn(output), [
      { loc: [], message: 'Invalid JSON: expected `,` or `}` at line 3 column 3', code: 'json_invalid', jsonPosition: { line: 3, column: 3 } },
    ]);
  });

  test('a model-level error (empty loc) whose cut input value holds brackets and " [type="', () => {
    const output = [
      '1 validation error for BenchmarkConfig',
      "  Value error, BenchmarkConfig: remote_hosts names must be unique [type=value_error, input_value={'remote_hosts': [{'name'... [type=x', 'port': 22}]}, input_type=dict]",
      url('value_error'),
    ].join('\n');
    assert.deepEqual(problemsIn(output), [{ loc: [], message: 'Value error, BenchmarkConfig: remote_hosts names must be unique', code: 'value_error' }]);
  });

  test('rich: colours, and lines wrapped at 80 columns (message, bracket and link)', () => {
    const output = [
      '\x1b[1;31mValidationError\x1b[0m: \x1b[1;36m2\x1b[0m validation errors for BenchmarkConfig',
      '\x1b[33mrepetitions\x1b[0m',
      '  Input should be greater than 0 [type=greater_than, input_value=0,',
      'input_type=int]',
      '    For further information visit',
      'https://errors.pydantic.dev/2.11/v/greater_than',
      'loki.endpoint',
      "  Input should be a valid string [type=string_type, input_value=3100, input_type=int]",
      '    For further information visit',
      'https://errors.pydantic.dev/2.11/v/string_type',
      'Run failed.',
    ].join('\n');
    assert.deepEqual(problemsIn(output), [
      { loc: ['repetitions'], message: 'Input should be greater than 0', code: 'greater_than' },
      { loc: ['loki', 'endpoint'], message: 'Input should be a valid string', code: 'string_type' },
    ]);
  });

  test('hidden input values, and an error type without a link', () => {
    const output = ['1 validation error for BenchmarkConfig', 'warmup_seconds', '  Input should be greater than or equal to 0 [type=greater_than_equal]', 'Aborted.'].join('\n');
    assert.deepEqual(problemsIn(output), [{ loc: ['warmup_seconds'], message: 'Input should be greater than or equal to 0', code: 'greater_than_equal' }]);
  });

  test('problems are reported when their block ends, not before; a new header ends the block before it', () => {
    const parser = new LbOutputParser();
    const lines = SIX_ERRORS.split('\n');
    for (const line of lines.slice(0, -1)) assert.deepEqual(parser.push(line), []);
    assert.equal(parser.push(lines[lines.length - 1]).length, 6);
    assert.deepEqual(parser.push('1 validation error for BenchmarkConfig'), []);
    assert.deepEqual(parser.push('repetitions'), []);
    assert.deepEqual(parser.push('  Input should be greater than 0 [type=greater_than, input_value=0, input_type=int]'), []);
    assert.deepEqual(parser.push('1 validation error for PlatformConfig'), [{ loc: ['repetitions'], message: 'Input should be greater than 0', code: 'greater_than' }]);
    assert.deepEqual(parser.push('  Input should be a valid integer [type=int_type, input_value=1.5'), []);
    // lb stopped mid-line: the type is still known.
    assert.deepEqual(parser.end(), [{ loc: [], message: 'Input should be a valid integer', code: 'int_type' }]);
  });

  test('"Unknown workload: X" and "No workloads selected to run." with rich glyphs, colours and carriage returns', () => {
    const output = [
      '⚠ Unknown workload: stress-ng',
      '\x1b[31mRun failed: Unknown workload: net "edge"; $(id)\x1b[0m',
      'progress 40%\rprogress 90%\r✗ No workloads selected to run.',
      'Add workloads first with `lb config enable-workload NAME` or use `lb config select-workloads`.',
      'Nothing like Unknown workloads: here, nor 2 validation errors for the user',
    ].join('\n');
    assert.deepEqual(problemsIn(output), [
      { loc: ['workloads', 'stress-ng'], message: 'Unknown workload: stress-ng', code: 'lb' },
      { loc: ['workloads', 'net "edge"; $(id)'], message: 'Unknown workload: net "edge"; $(id)', code: 'lb' },
      { loc: ['workloads'], message: 'No workloads selected to run.', code: 'lb' },
    ]);
  });

  test('loc items: dots split, backticks keep a dotted key whole', () => {
    assert.deepEqual(parseLoc('workloads.`fio.v2`.options.iodepth'), ['workloads', 'fio.v2', 'options', 'iodepth']);
    assert.deepEqual(parseLoc('`a.b`'), ['a.b']);
    assert.deepEqual(parseLoc('remote_hosts.0'), ['remote_hosts', '0']);
  });

  test('the Problems text names the field, as pydantic printed it', () => {
    const [first, second] = problemsIn(SIX_ERRORS);
    assert.equal(problemMessage(first), 'workloads.fio.options.iodepth: Input should be greater than 0');
    assert.equal(problemMessage(second), 'workloads.`fio.v2`.plugin: Field required');
    assert.equal(problemMessage({ loc: ['workloads', 'x'], message: 'Unknown workload: x', code: 'lb' }), 'Unknown workload: x');
  });
});

const CONFIG = `{
  "repetitions": 0,
  "workloads": {
    "fio": {
      "plugin": "fio",
      "options": { "iodepth": 0 }
    },
    "fio.v2": {
      "options": { "iodepth": "deep" }
    }
  },
  "remote_hosts": [
    { "name": 42, "address": "10.0.0.1" },
    {
      "name": " ",
      "address": "10.0.0.2"
    }
  ],
  "plugin_settings": {
    "dfaas": {
      "rate_strategy": { "type": "linear", "min_rate": -5, "step": 10 }
    }
  },
  "collectors": { "perf_config": { "interval_ms": "fast" } }
}
`;

const range = (line: number, column: number, endColumn: number): ConfigRange => ({ line, column, endLine: line, endColumn });

describe('problems -> places in the config', () => {
  const locator = new ConfigLocator(CONFIG);
  const locate = (loc: string[]) => locator.locate({ loc, message: '', code: 'x' });

  test('on the key of the field pydantic names', () => {
    assert.deepEqual(locate(['repetitions']), range(2, 3, 16));
    assert.deepEqual(locate(['workloads', 'fio', 'options', 'iodepth']), range(6, 20, 29));
    assert.deepEqual(locate(['remote_hosts', '0', 'name']), range(13, 7, 13));
    assert.deepEqual(locate(['collectors', 'perf_config', 'interval_ms']), range(24, 36, 49));
  });

  test('a missing field: on the key of the deepest node that exists', () => {
    assert.deepEqual(locate(['workloads', 'fio.v2', 'plugin']), range(8, 5, 13));
    assert.deepEqual(locate(['loki', 'endpoint']), range(1, 1, 2));
  });

  test("a union tag that is no key of the file is skipped", () => {
    assert.deepEqual(locate(['plugin_settings', 'dfaas', 'rate_strategy', 'linear', 'min_rate']), range(21, 44, 54));
    assert.deepEqual(locate(['plugin_settings', 'dfaas', 'rate_strategy', 'linear']), range(21, 7, 22));
  });

  test('a list item: the item on one line, else its opening brace', () => {
    assert.deepEqual(locate(['remote_hosts', '0']), range(13, 5, 42));
    assert.deepEqual(locate(['remote_hosts', '1']), range(14, 5, 6));
    assert.deepEqual(locate(['remote_hosts', '7', 'name']), range(12, 3, 17));
  });

  test('an unknown workload: on its key when the config has it, else on "workloads"', () => {
    assert.deepEqual(locate(['workloads', 'fio']), range(4, 5, 10));
    assert.deepEqual(locate(['workloads', 'stress-ng']), range(3, 3, 14));
  });

  test('no loc, or a config that is gone: line 1', () => {
    assert.deepEqual(locate([]), range(1, 1, 2));
    assert.deepEqual(new ConfigLocator('').locate({ loc: ['repetitions'], message: '', code: 'x' }), range(1, 1, 2));
  });

  test("a JSON syntax error: pydantic's line, its byte column as the editor's column", () => {
    const broken = '{\n  "output_dir": "résultats" "workloads": {}\n}\n';
    // 28 characters precede `"workloads"`; "é" is 2 bytes in UTF-8, so pydantic says column 30.
    assert.deepEqual(new ConfigLocator(broken).locate({ loc: [], message: '', code: 'json_invalid', jsonPosition: { line: 2, column: 30 } }), range(2, 29, 30));
    const [problem] = problemsIn(
      [
        '1 validation error for BenchmarkConfig',
        `  Invalid JSON: expected \`,\` or \`}\` at line 3 column 3 [type=json_invalid, input_value='{\\n  "repetitions": 3\\n  "workloads": {}\\n}\\n', input_type=str]`,
      ].join('\n'),
    );
    assert.deepEqual(new ConfigLocator('{\n  "repetitions": 3\n  "workloads": {}\n}\n').locate(problem), range(3, 3, 4));
    // A position past the end of a file that changed since: its last line.
    assert.deepEqual(new ConfigLocator('{}').locate({ ...problem, jsonPosition: { line: 9, column: 1 } }), range(1, 1, 2));
  });
});
