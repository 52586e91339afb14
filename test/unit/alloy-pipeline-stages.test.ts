// The pipeline preview's engine, stage by stage: Alloy configs as users write them, run on sample entries with
// fixed timestamps, and exactly what Alloy would send on (the agreement with Alloy's own code is checked by
// test/integration/alloy-pipeline-agreement.test.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SampleEntry } from '../../core/alloy/pipeline/model';
import { previewPipeline, type PreviewResult } from '../../core/alloy/pipeline/preview';

const T0 = '2024-05-01T10:00:00Z';
const NOW = '2024-05-01T12:00:00Z';

function config(stages: string): string {
  return `loki.process "test" {\n  forward_to = [loki.echo.out.receiver]\n${stages}\n}\nloki.echo "out" { }\n`;
}

async function run(stages: string, entries: Array<string | SampleEntry>, now = NOW): Promise<PreviewResult & { ok: true }> {
  const result = await previewPipeline({
    documentText: config(stages),
    entries: entries.map((e) => (typeof e === 'string' ? { line: e, timestamp: T0 } : { timestamp: T0, ...e })),
    now,
  });
  if (!result.ok) assert.fail(`preview failed: ${result.message}`);
  return result;
}

async function refused(stages: string): Promise<{ message: string; at?: string }> {
  const text = config(stages);
  const result = await previewPipeline({ documentText: text, entries: [{ line: 'x' }] });
  assert.equal(result.ok, false);
  if (result.ok) throw new Error('unreachable');
  return { message: result.message, at: result.range && text.slice(result.range.start, result.range.end) };
}

describe('stage.regex', () => {
  test('named groups are extracted; a line that does not match extracts nothing', async () => {
    const r = await run('  stage.regex { expression = "^(?P<level>\\\\w+) (?P<msg>.*)$" }', ['INFO hello world', '']);
    assert.deepEqual(r.results[0].extracted, { level: 'INFO', msg: 'hello world' });
    assert.deepEqual(r.results[1].extracted, {});
  });
  test('labels_from_groups sets labels; source reads an extracted value', async () => {
    const r = await run(
      [
        '  stage.regex { expression = "^(?P<a>\\\\S+) (?P<rest>.*)$" }',
        '  stage.regex {',
        '    expression = "^user=(?P<user>\\\\w+)"',
        '    source = "rest"',
        '    labels_from_groups = true',
        '  }',
      ].join('\n'),
      ['x user=bob other'],
    );
    assert.deepEqual(r.results[0].labels, { user: 'bob' });
    assert.equal(r.results[0].extracted.user, 'bob');
  });
});

describe('stage.json', () => {
  test('JMESPath expressions; numbers stay numbers, objects become JSON text; an empty expression means the key', async () => {
    const r = await run(
      '  stage.json {\n    expressions = { level = "", user = "ctx.user", n = "count", tags = "tags", first = "tags[0]", missing = "nope" }\n  }',
      ['{"level":"warn","ctx":{"user":"ann"},"count":3,"tags":["a","b"]}'],
    );
    assert.deepEqual(r.results[0].extracted, { level: 'warn', user: 'ann', n: 3, tags: '["a","b"]', first: 'a', missing: null });
  });
  test('a line that is not JSON passes untouched, or is dropped with drop_malformed', async () => {
    const kept = await run('  stage.json { expressions = { a = "" } }', ['not json']);
    assert.deepEqual(kept.results[0].extracted, {});
    const dropped = await run('  stage.json {\n    expressions = { a = "" }\n    drop_malformed = true\n  }', ['not json', '{"a":"x"}']);
    assert.equal(dropped.results[0].droppedBy, 'stage.json (line 3)');
    assert.equal(dropped.results[1].droppedBy, undefined);
  });
});

describe('stage.logfmt', () => {
  test('mapped keys, renamed keys and a source', async () => {
    const r = await run(
      '  stage.regex { expression = "^(?P<ts>\\\\S+) (?P<kv>.*)$" }\n  stage.logfmt {\n    mapping = { dag = "dag_id", task_id = "" }\n    source = "kv"\n  }',
      ['t1 dag_id=hello task_id="say hi" other=1'],
    );
    assert.equal(r.results[0].extracted.dag, 'hello');
    assert.equal(r.results[0].extracted.task_id, 'say hi');
    assert.equal(r.results[0].extracted.other, undefined);
  });
});

describe('stage.labels and stage.structured_metadata', () => {
  test('labels from extracted values; a missing value sets no label', async () => {
    const r = await run('  stage.json { expressions = { level = "", user = "" } }\n  stage.labels { values = { level = "", who = "user", absent = "" } }', [
      '{"level":"info","user":"u1"}',
      '{"level":"debug"}',
    ]);
    assert.deepEqual(r.results[0].labels, { level: 'info', who: 'u1' });
    assert.deepEqual(r.results[1].labels, { level: 'debug' });
  });
  test('structured metadata from extracted values, and a stream label named as a source moves there', async () => {
    const r = await run('  stage.logfmt { mapping = { trace_id = "" } }\n  stage.structured_metadata { values = { trace_id = "", pod = "" } }', [
      { line: 'trace_id=abc msg=x', labels: { pod: 'p-1', app: 'a' } },
    ]);
    // pod twice, as in Alloy: once from the extracted values (stream labels are copied there first), once moved.
    assert.deepEqual(r.results[0].structuredMetadata, [
      { name: 'pod', value: 'p-1' },
      { name: 'trace_id', value: 'abc' },
      { name: 'pod', value: 'p-1' },
    ]);
    assert.deepEqual(r.results[0].labels, { app: 'a' });
  });
  test('static labels', async () => {
    const r = await run('  stage.static_labels { values = { cluster = "eu-1", empty = "" } }', ['x']);
    assert.deepEqual(r.results[0].labels, { cluster: 'eu-1' });
  });
});

describe('stage.match', () => {
  const airflow = [
    '  stage.match {',
    '    selector = "{namespace=\\"airflow\\"}"',
    '    stage.regex { expression = "dag_id=(?P<dag_id>\\\\S+)" }',
    '    stage.labels { values = { dag_id = "" } }',
    '  }',
  ].join('\n');
  test('nested stages run only for entries whose labels match', async () => {
    const r = await run(airflow, [
      { line: 'dag_id=hello', labels: { namespace: 'airflow' } },
      { line: 'dag_id=hello', labels: { namespace: 'other' } },
    ]);
    assert.deepEqual(r.results[0].labels, { namespace: 'airflow', dag_id: 'hello' });
    assert.deepEqual(r.results[1].labels, { namespace: 'other' });
    assert.equal(r.results[1].extracted.dag_id, undefined);
  });
  test('action = "drop" with a line filter drops matching entries under its counter reason', async () => {
    const r = await run('  stage.match {\n    selector = "{app=\\"api\\"} |= \\"healthz\\""\n    action = "drop"\n    drop_counter_reason = "health"\n  }', [
      { line: 'GET /healthz 200', labels: { app: 'api' } },
      { line: 'GET /users 200', labels: { app: 'api' } },
      { line: 'GET /healthz 200', labels: { app: 'web' } },
    ]);
    assert.deepEqual(
      r.results.map((x) => [x.droppedBy, x.dropReason]),
      [['stage.match (line 3)', 'health'], [undefined, undefined], [undefined, undefined]],
    );
  });
  test('a drop inside a match names the nested stage', async () => {
    const r = await run('  stage.match {\n    selector = "{app=~\\"a.*\\"}"\n    stage.drop { expression = "^DEBUG" }\n  }', [{ line: 'DEBUG x', labels: { app: 'api' } }]);
    assert.equal(r.results[0].droppedBy, 'stage.drop (line 5)');
    assert.equal(r.results[0].dropReason, 'drop_stage');
  });
  test('an invalid selector is refused at the stage, with Alloy\'s message', async () => {
    const r = await refused('  stage.match {\n    selector = "{app=}"\n    action = "drop"\n  }');
    assert.match(r.message, /^loki\.process "test": stage\.match \(line 3\): invalid selector syntax for match stage: /);
    assert.equal(r.at, 'stage.match');
  });
});

describe('stage.timestamp', () => {
  test('named formats, Go layouts with a location, Unix formats and fallbacks', async () => {
    const r = await run(
      [
        '  stage.regex { expression = "^(?P<ts>[^|]+)\\\\|" }',
        '  stage.timestamp {',
        '    source = "ts"',
        '    format = "RFC3339"',
        '    fallback_formats = ["2006-01-02 15:04:05", "UnixMs"]',
        '    location = "Europe/Paris"',
        '  }',
      ].join('\n'),
      ['2024-01-01T00:00:00.5+02:00|', '2024-07-01 12:00:00|', '1700000000123|', 'garbage|'],
    );
    assert.deepEqual(
      r.results.map((x) => x.timestamp),
      ['2023-12-31T22:00:00.5Z', '2024-07-01T10:00:00Z', '2023-11-14T22:13:20.123Z', '2023-11-14T22:13:20.123000001Z'],
    );
  });
  test('action_on_failure = "skip" keeps the read time; a year-less layout takes the current year', async () => {
    const r = await run(
      '  stage.regex { expression = "^(?P<ts>\\\\w+ +\\\\d+ [\\\\d:]+)" }\n  stage.timestamp {\n    source = "ts"\n    format = "Jan _2 15:04:05"\n    action_on_failure = "skip"\n  }',
      ['Mar  3 04:05:06 host x', 'nope'],
    );
    assert.deepEqual(
      r.results.map((x) => x.timestamp),
      ['2024-03-03T04:05:06Z', '2024-05-01T10:00:00Z'],
    );
  });
});

describe('stage.template, stage.output, stage.replace', () => {
  test('template with Alloy\'s functions and sprig, .Value and .Entry; an empty result removes the value', async () => {
    const r = await run(
      [
        '  stage.regex { expression = "^(?P<level>\\\\w+)" }',
        '  stage.template {',
        '    source   = "level"',
        '    template = "{{ ToLower .Value }}"',
        '  }',
        '  stage.template {',
        '    source   = "summary"',
        '    template = "{{ .level | upper }}:{{ trunc 5 .Entry }}"',
        '  }',
        '  stage.template {',
        '    source   = "level2"',
        '    template = "{{ if eq .level \\"x\\" }}x{{ end }}"',
        '  }',
      ].join('\n'),
      ['WARN something'],
    );
    assert.equal(r.results[0].extracted.level, 'warn');
    assert.equal(r.results[0].extracted.summary, 'WARN:WARN ');
    assert.equal('level2' in r.results[0].extracted, false);
  });
  test('output replaces the line with an extracted value', async () => {
    const r = await run('  stage.json { expressions = { message = "msg" } }\n  stage.output { source = "message" }', ['{"msg":"hello"}', 'plain']);
    assert.deepEqual(r.results.map((x) => x.line), ['hello', 'plain']);
  });
  test('replace rewrites every match of the groups, through a template', async () => {
    const r = await run('  stage.replace {\n    expression = "password=(\\\\S+)"\n    replace    = "****"\n  }', ['login password=secret ok password=two']);
    assert.equal(r.results[0].line, 'login password=**** ok password=****');
  });
});

describe('stage.drop, label_drop, label_keep, tenant, pack', () => {
  test('drop by source and value, by length, by age', async () => {
    const r = await run(
      [
        '  stage.logfmt { mapping = { level = "" } }',
        '  stage.drop {',
        '    source = "level"',
        '    value  = "debug"',
        '  }',
        '  stage.drop { longer_than = "20B" }',
        '  stage.drop {',
        '    older_than          = "1h"',
        '    drop_counter_reason = "too_old"',
        '  }',
      ].join('\n'),
      ['level=debug', 'level=info aaaaaaaaaaaaaaaaaaaa', 'level=info', { line: 'level=info', timestamp: '2024-05-01T11:30:00Z' }],
    );
    assert.deepEqual(
      r.results.map((x) => [x.droppedBy, x.dropReason]),
      [
        ['stage.drop (line 4)', 'drop_stage'],
        ['stage.drop (line 8)', 'drop_stage'],
        ['stage.drop (line 9)', 'too_old'],
        [undefined, undefined],
      ],
    );
  });
  test('label_drop, label_keep and tenant', async () => {
    const r = await run('  stage.label_drop { values = ["pod"] }\n  stage.tenant { label = "team" }\n  stage.label_keep { values = ["app", "__tenant_id__"] }', [
      { line: 'x', labels: { app: 'a', pod: 'p', team: 't1', node: 'n' } },
    ]);
    assert.deepEqual(r.results[0].labels, { app: 'a', __tenant_id__: 't1' });
  });
  test('pack puts the chosen values and the line into JSON and drops those labels', async () => {
    const r = await run('  stage.pack {\n    labels           = ["pod", "app"]\n    ingest_timestamp = false\n  }', [{ line: 'hello "x"', labels: { app: 'a', pod: 'p' } }]);
    assert.equal(r.results[0].line, '{"app":"a","pod":"p","_entry":"hello \\"x\\""}');
    assert.deepEqual(r.results[0].labels, {});
    assert.equal(r.results[0].timestamp, '2024-05-01T10:00:00Z');
  });
});

describe('stage.pattern', () => {
  test("Loki's pattern syntax: captures extracted, labels from groups, <_> skipped; a line that stops matching keeps the captures so far", async () => {
    const r = await run('  stage.pattern {\n    pattern            = "<ip> - <_> \\"<method> <path> <_>\\" <status>"\n    labels_from_groups = true\n  }', [
      '10.0.0.1 - - "GET /api HTTP/1.1" 200',
      'nothing like it',
    ]);
    assert.deepEqual(r.results[0].extracted, { ip: '10.0.0.1', method: 'GET', path: '/api', status: '200' });
    assert.deepEqual(r.results[0].labels, { ip: '10.0.0.1', method: 'GET', path: '/api', status: '200' });
    // As Alloy (checked against it): Loki's matcher returns the captures made before the line stopped matching.
    assert.deepEqual(r.results[1].extracted, { ip: 'nothing like it' });
  });
  test('a capture that is not a label name is refused, as Alloy does', async () => {
    const r = await refused('  stage.pattern { pattern = "<a-b> x" }');
    assert.match(r.message, /stage\.pattern \(line 3\): /);
  });
});

describe('stage.cri and stage.docker', () => {
  test('CRI lines: stream label, time, content; a partial line is held and sent joined with the next full line of its stream', async () => {
    const r = await run('  stage.cri { }', [
      { line: '2024-03-10T07:00:00.123456789Z stdout P first half, ', labels: { pod: 'a' } },
      { line: '2024-03-10T07:00:01Z stdout F other pod', labels: { pod: 'b' } },
      { line: '2024-03-10T07:00:02Z stdout F second half', labels: { pod: 'a' } },
      { line: 'not cri', labels: { pod: 'a' } },
    ]);
    assert.deepEqual(
      r.results.map((x) => [x.heldBy, x.line, x.labels.stream, x.timestamp]),
      [
        ['stage.cri (line 3)', 'first half, ', 'stdout', '2024-03-10T07:00:00.123456789Z'],
        [undefined, 'other pod', 'stdout', '2024-03-10T07:00:01Z'],
        [undefined, 'first half, second half', 'stdout', '2024-03-10T07:00:02Z'],
        [undefined, 'not cri', undefined, '2024-05-01T10:00:00Z'],
      ],
    );
  });
  test('Docker JSON lines: stream label, time and log', async () => {
    const r = await run('  stage.docker { }', ['{"log":"hello\\n","stream":"stderr","time":"2024-03-10T07:00:00.5Z"}']);
    assert.deepEqual([r.results[0].line, r.results[0].labels, r.results[0].timestamp], ['hello\n', { stream: 'stderr' }, '2024-03-10T07:00:00.5Z']);
  });
  test('max_partial_lines must be positive, as Alloy says', async () => {
    const r = await refused('  stage.cri { max_partial_lines = 0 }');
    assert.equal(r.message, 'loki.process "test": stage.cri (line 3): max_partial_lines must be greater than 0');
  });
});

describe('what the preview does not run, and what Alloy refuses', () => {
  test('stages that are not simulated are listed for the component and for each entry', async () => {
    const r = await run('  stage.decolorize { }\n  stage.metrics {\n    metric.counter {\n      name = "lines"\n      action = "inc"\n      match_all = true\n    }\n  }', ['x']);
    assert.deepEqual(r.notSimulated.map((s) => s.id), ['stage.decolorize (line 3)', 'stage.metrics (line 4)']);
    assert.deepEqual(r.results[0].notSimulated, ['stage.decolorize (line 3)', 'stage.metrics (line 4)']);
  });
  test('an invalid regular expression is Alloy\'s error, at its stage', async () => {
    const r = await refused('  stage.regex { expression = "(?=x)" }');
    assert.equal(r.message, 'loki.process "test": stage.regex (line 3): could not compile regular expression: error parsing regexp: invalid or unsupported Perl syntax: `(?=`');
    assert.equal(r.at, 'stage.regex');
  });
  test('a value only Alloy can compute is refused at its expression', async () => {
    const r = await refused('  stage.static_labels { values = { host = sys.env("HOSTNAME") } }');
    assert.equal(r.at, 'sys.env("HOSTNAME")');
    assert.match(r.message, /constant values only/);
  });
  test('several loki.process components need a name; an unknown name lists them', async () => {
    const text = 'loki.process "a" {\n  forward_to = []\n}\nloki.process "b" {\n  forward_to = []\n}\n';
    const several = await previewPipeline({ documentText: text, entries: [] });
    assert.deepEqual(several, { ok: false, message: 'the configuration has 2 loki.process components (loki.process "a", loki.process "b"): name one' });
    const unknown = await previewPipeline({ documentText: text, component: 'c', entries: [] });
    assert.deepEqual(unknown, { ok: false, message: 'no loki.process "c"; the configuration has loki.process "a", loki.process "b"' });
  });
});

test('the Airflow pipeline of the issue gives the DAG and task as labels', async () => {
  const r = await run(
    [
      '  stage.match {',
      '    selector = "{namespace=\\"airflow\\"}"',
      '    stage.regex {',
      '      expression = "^\\\\[(?P<timestamp>[^\\\\]]+)\\\\] \\\\{(?P<source>[^}]+)\\\\} (?P<level>[A-Z]+) - .*dag_id=(?P<dag_id>\\\\S+) task_id=(?P<task_id>\\\\S+) execution_date=(?P<execution_date>\\\\S+)"',
      '    }',
      '    stage.labels { values = { dag_id = "", task_id = "", level = "" } }',
      '    stage.structured_metadata { values = { execution_date = "" } }',
      '    stage.timestamp {',
      '      source = "timestamp"',
      '      format = "2006-01-02T15:04:05.000-0700"',
      '    }',
      '  }',
    ].join('\n'),
    [
      {
        line: '[2024-01-01T00:00:00.000+0000] {taskinstance.py:1234} INFO - dag_id=hello_world task_id=say_hello execution_date=2024-01-01T00:00:00+00:00',
        labels: { namespace: 'airflow' },
      },
    ],
  );
  assert.deepEqual(r.results[0].labels, { namespace: 'airflow', dag_id: 'hello_world', task_id: 'say_hello', level: 'INFO' });
  assert.deepEqual(r.results[0].structuredMetadata, [{ name: 'execution_date', value: '2024-01-01T00:00:00+00:00' }]);
  assert.equal(r.results[0].timestamp, '2024-01-01T00:00:00Z');
});

describe('hostile input', () => {
  test('a JSON line nested deeper than the engine parses is not simulated for that line, and the others run', async () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    const r = await run('  stage.json { expressions = { a = "" } }', [deep, '{"a":"ok"}']);
    assert.deepEqual(r.results[0].notSimulated, ['stage.json (line 3)']);
    assert.deepEqual(r.results[0].extracted, {});
    assert.equal(r.results[1].extracted.a, 'ok');
  });
  test('control characters, lone surrogates and binary noise pass through as text', async () => {
    const r = await run('  stage.regex { expression = "^(?P<first>.)" }\n  stage.labels { values = { first = "" } }', ['\u0000\u0007x', '\ud800abc', 'é\uFFFD']);
    assert.deepEqual(r.results.map((x) => x.extracted.first), ['\u0000', '\uFFFD', 'é']);
    assert.deepEqual(r.results.map((x) => x.line), ['\u0000\u0007x', '\uFFFDabc', 'é\uFFFD']);
  });
});
