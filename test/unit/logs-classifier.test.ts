// The line classifier and record parser against a reference written with JSON.parse: the fast byte scanner
// must agree with it on every line, valid or not (property-based), and malformed lines get exact reasons.
import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { JSON_PROBLEM_DEFERRED, LineClassifier, LineInfo, LEVEL_NAMES } from '../../core/logs/lineClassifier';
import { parseLogLine } from '../../core/logs/recordParser';
import { ScannedFields, scanRecord } from '../../core/logs/recordScanner';
import { formatTimestamp, parseIsoTimestamp, parseIsoTimestampString } from '../../core/logs/timestamp';

const REQUIRED = ['timestamp', 'level', 'component', 'host', 'run_id', 'logger', 'message'];

/** What the engine must conclude about a line, derived with JSON.parse only. */
function reference(bytes: Buffer) {
  let b = bytes;
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
  const text = b.toString('utf8');
  let value: unknown;
  let jsonOk = true;
  try {
    value = JSON.parse(text);
  } catch {
    jsonOk = false;
  }
  if (!jsonOk) {
    if (text.trim() === '' && !/[^ \t\r]/.test(text)) return { parsed: false, problem: 'empty line' };
    if (/[\x00-\x08\x0a-\x0c\x0e-\x1f]/.test(b.toString('latin1'))) return { parsed: false, problem: 'binary data (control bytes)' };
    if (!isUtf8(b)) return { parsed: false, problem: 'invalid UTF-8' };
    return { parsed: false, problem: 'invalid JSON' };
  }
  if (!isUtf8(b)) return { parsed: false, problem: 'invalid UTF-8' };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { parsed: false, problem: 'not a JSON object' };
  const r = value as Record<string, unknown>;
  const missing = REQUIRED.filter((k) => r[k] === undefined);
  if (missing.length) return { parsed: false, problem: `missing required field${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}` };
  const notString = REQUIRED.find((k) => typeof r[k] !== 'string');
  if (notString) return { parsed: false, problem: `field "${notString}" is not a string` };
  if (!LEVEL_NAMES.includes(r.level as never)) return { parsed: false, problem: 'unknown level' };
  const time = parseIsoTimestampString(r.timestamp as string);
  if (Number.isNaN(time)) return { parsed: false, problem: 'invalid timestamp' };
  const tags = r.tags;
  const phase = tags && typeof tags === 'object' && !Array.isArray(tags) ? (tags as Record<string, unknown>).phase : undefined;
  const rep = r.repetition;
  return {
    parsed: true,
    time,
    level: r.level,
    component: r.component,
    host: r.host,
    workload: typeof r.workload === 'string' ? r.workload : undefined,
    repetition: typeof rep === 'number' && Number.isInteger(rep) && rep >= 0 && rep <= 1e9 ? rep : undefined,
    phase: typeof phase === 'string' ? phase : undefined,
    message: r.message,
  };
}

const classifier = new LineClassifier();
const info = new LineInfo();

function classify(bytes: Buffer) {
  const b = Buffer.concat([bytes, Buffer.from('\n')]);
  classifier.classify(b, 0, bytes.length, info, false);
  if (!info.parsed) return { parsed: false, problem: info.problem };
  let message = info.message;
  if (info.messageStart >= 0) {
    const raw = b.toString('utf8', info.messageStart, info.messageEnd);
    message = info.messageEscaped ? JSON.parse(`"${raw}"`) : raw;
  }
  return {
    parsed: true,
    time: info.time,
    level: LEVEL_NAMES[info.level],
    component: info.component,
    host: info.host,
    workload: info.workload,
    repetition: info.repetition >= 0 ? info.repetition : undefined,
    phase: info.phase,
    message,
  };
}

function assertAgrees(bytes: Buffer): void {
  const expected = reference(bytes);
  const actual = classify(bytes);
  if (!expected.parsed) {
    assert.equal(actual.parsed, false, `line ${JSON.stringify(bytes.toString('latin1'))} should be malformed (${expected.problem})`);
    assert.ok(actual.problem!.startsWith(expected.problem!), `problem "${actual.problem}" should start with "${expected.problem}"`);
    return;
  }
  assert.deepEqual(actual, expected, `line ${JSON.stringify(bytes.toString('latin1'))}`);
}

const isoTimestamp = fc
  .tuple(fc.integer({ min: 0, max: 4102444800000 }), fc.integer({ min: 0, max: 999 }), fc.constantFrom('Z', '+00:00', '+02:00', '-05:30', ''))
  .map(([ms, micros, zone]) => `${new Date(ms).toISOString().slice(0, 23)}${String(micros).padStart(3, '0')}${zone}`);
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('runner', 'node-1', 'stress_ng', 'setup', 'a "quoted" \\ value\n'));
const anyValue = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 2 }));
const recordArb = fc.record(
  {
    timestamp: fc.oneof(isoTimestamp, isoTimestamp, text, anyValue),
    level: fc.oneof(fc.constantFrom(...LEVEL_NAMES), fc.constantFrom(...LEVEL_NAMES), fc.constantFrom('info', 'TRACE', ''), anyValue),
    component: fc.oneof(text, text, anyValue),
    host: fc.oneof(text, text, anyValue),
    run_id: fc.oneof(fc.constant('run-20261121-135600'), anyValue),
    logger: fc.oneof(fc.constant('lb_runner.engine'), anyValue),
    message: fc.oneof(text, text, anyValue),
    event_type: fc.constant('log'),
    workload: fc.oneof(text, anyValue),
    repetition: fc.oneof(fc.integer({ min: -2, max: 20 }), fc.double(), anyValue),
    tags: fc.oneof(fc.record({ phase: fc.oneof(fc.constantFrom('setup', 'teardown'), anyValue) }, { requiredKeys: [] }), anyValue),
    extra: anyValue,
  },
  { requiredKeys: [] },
);

/** Serialises with random whitespace between tokens and keys in a random order. */
const lineArb = fc
  .tuple(recordArb, fc.boolean(), fc.constantFrom('', ' ', '\t', '\r', '  '))
  .map(([record, reverse, space]) => {
    let entries = Object.entries(record);
    if (reverse) entries = entries.reverse();
    const body = entries.map(([k, v]) => `${JSON.stringify(k)}${space}:${space}${JSON.stringify(v)}`).join(`,${space}`);
    return `${space}{${space}${body}${space}}${space}`;
  });

/** Valid lines damaged: a byte inserted, removed or replaced; or a prefix. */
const damagedArb = fc
  .tuple(lineArb, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('insert', 'delete', 'replace', 'truncate'))
  .map(([line, at, byte, how]) => {
    const b = Buffer.from(line);
    const i = b.length ? at % b.length : 0;
    if (byte === 0x0a) byte = 0x0b;
    switch (how) {
      case 'insert':
        return Buffer.concat([b.subarray(0, i), Buffer.from([byte]), b.subarray(i)]);
      case 'delete':
        return Buffer.concat([b.subarray(0, i), b.subarray(i + 1)]);
      case 'replace':
        return Buffer.concat([b.subarray(0, i), Buffer.from([byte]), b.subarray(i + 1)]);
      default:
        return b.subarray(0, i);
    }
  });

describe('line classification agrees with JSON.parse', () => {
  test('generated lb-like lines (valid or not) are classified as the JSON.parse reference does', () => {
    fc.assert(fc.property(lineArb, (line) => assertAgrees(Buffer.from(line))), { numRuns: 3000 });
  });

  test('keys one byte away from the ones the scanner looks up (changed, added, removed, escaped, cut at the line end) are classified as JSON.parse does', () => {
    const known = ['timestamp', 'level', 'component', 'host', 'run_id', 'logger', 'message', 'event_type', 'workload', 'package', 'plugin', 'scenario', 'repetition', 'tags', 'phase'];
    const keyArb = fc.tuple(fc.constantFrom(...known), fc.nat(), fc.constantFrom('a', 'e', 'E', '_', '"', '\\u0068', ''), fc.constantFrom('change', 'add', 'remove', 'keep'))
      .map(([key, at, c, how]) => {
        const i = at % (key.length + 1);
        if (how === 'change') return key.slice(0, i) + c + key.slice(i + 1);
        if (how === 'add') return key.slice(0, i) + c + key.slice(i);
        if (how === 'remove') return key.slice(0, i) + key.slice(i + 1);
        return key;
      });
    const good = { timestamp: '2026-11-21T13:56:39.603580Z', level: 'INFO', component: 'runner', host: 'node-1', run_id: 'r', logger: 'l', message: 'm', tags: { phase: 'setup' } };
    fc.assert(
      fc.property(keyArb, fc.nat(), fc.nat(), (key, where, cut) => {
        const entries = Object.entries(good).map(([k, v]) => `"${k}":${JSON.stringify(v)}`);
        const inTags = where % 3 === 0;
        const line = inTags
          ? `{${entries.slice(0, -1).join(',')},"tags":{"${key}":"teardown"}}`
          : `{${[...entries.slice(0, where % entries.length), `"${key}":"x"`, ...entries.slice(where % entries.length)].join(',')}}`;
        assertAgrees(Buffer.from(line));
        assertAgrees(Buffer.from(line.slice(0, cut % (line.length + 1))));
      }),
      { numRuns: 5000 },
    );
  });

  test('damaged lines are classified as the JSON.parse reference does', () => {
    fc.assert(fc.property(damagedArb, (bytes) => assertAgrees(bytes)), { numRuns: 5000 });
  });

  test('arbitrary JSON texts: the fast scanner accepts exactly the objects JSON.parse accepts, except escaped keys', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), fc.nat(), (json, cut) => {
        for (const candidate of [json, json.slice(0, cut % (json.length + 1))]) {
          const b = Buffer.from(`${candidate}\n`);
          const fast = scanRecord(b, 0, b.length - 1, new ScannedFields());
          let isObject = false;
          try {
            const v = JSON.parse(candidate);
            isObject = v !== null && typeof v === 'object' && !Array.isArray(v);
          } catch {
            isObject = false;
          }
          if (fast) assert.ok(isObject, `scanner accepted ${candidate}`);
          else if (isObject) assert.match(candidate, /\\/, `scanner rejected a valid object without escapes: ${candidate}`);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('malformed lines get a precise reason', () => {
  const good = {
    timestamp: '2026-11-21T13:56:39.603580Z',
    level: 'INFO',
    component: 'runner',
    host: 'node-1',
    run_id: 'run-1',
    logger: 'lb',
    message: 'hello',
  };
  const cases: Array<[string, Buffer | string, string]> = [
    ['invalid JSON', '{"timestamp": "2026-11-21T13:56:39Z", "level": ', 'invalid JSON: '],
    ['missing fields', JSON.stringify({ ...good, run_id: undefined, logger: undefined }), 'missing required fields: run_id, logger'],
    ['a field of the wrong type', JSON.stringify({ ...good, host: 7 }), 'field "host" is not a string'],
    ['binary', Buffer.from([0x7b, 0x00, 0x01, 0xff, 0x22]), 'binary data (control bytes)'],
    ['invalid UTF-8 in a valid record', Buffer.concat([Buffer.from(JSON.stringify(good).slice(0, -2)), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]), 'invalid UTF-8'],
    ['an empty line', '', 'empty line'],
    ['a blank line', ' \t\r', 'empty line'],
    ['not an object', '[1, 2]', 'not a JSON object'],
    ['an unknown level', JSON.stringify({ ...good, level: 'trace' }), 'unknown level "trace"'],
    ['an invalid timestamp', JSON.stringify({ ...good, timestamp: '21/11/2026' }), 'invalid timestamp "21/11/2026"'],
  ];
  for (const [name, line, problem] of cases) {
    test(name, () => {
      const result = parseLogLine(line);
      assert.equal(result.ok, false);
      if (!result.ok) assert.ok(result.problem.startsWith(problem), `"${result.problem}" should start with "${problem}"`);
    });
  }

  test('a byte order mark and a CRLF ending are tolerated: the record stays valid', () => {
    const line = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${JSON.stringify(good)}\r`)]);
    const result = parseLogLine(line);
    assert.equal(result.ok, true);
    if (result.ok) {
      assert.equal(result.record.message, 'hello');
      assert.equal(result.level, 'INFO');
      assert.deepEqual(result.labels, { component: 'runner', host: 'node-1' });
    }
  });

  test('parseLogLine returns the record and lb label fields of a valid line', () => {
    const record = { ...good, workload: 'dfaas', repetition: 2, tags: { phase: 'teardown' }, plugin: 'dfaas' };
    const result = parseLogLine(JSON.stringify(record));
    assert.deepEqual(result, {
      ok: true,
      record,
      time: Date.UTC(2026, 10, 21, 13, 56, 39, 603) + 0.58,
      level: 'INFO',
      labels: { component: 'runner', host: 'node-1', workload: 'dfaas', repetition: 2, phase: 'teardown' },
    });
  });

  test('a malformed line with a valid timestamp reports it', () => {
    const result = parseLogLine(JSON.stringify({ ...good, message: undefined }));
    assert.deepEqual(result, { ok: false, problem: 'missing required field: message', time: Date.UTC(2026, 10, 21, 13, 56, 39, 603) + 0.58 });
  });
});

describe('timestamps', () => {
  test('ISO-8601 with microseconds round-trips and matches Date.parse to the millisecond', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4102444800000 }), fc.integer({ min: 0, max: 999 }), (ms, micros) => {
        const text = `${new Date(ms).toISOString().slice(0, 23)}${String(micros).padStart(3, '0')}Z`;
        const parsed = parseIsoTimestampString(text);
        assert.equal(Math.floor(parsed), ms);
        assert.equal(formatTimestamp(parsed), text);
      }),
      { numRuns: 2000 },
    );
  });

  test('offsets, missing fractions and invalid dates', () => {
    assert.equal(parseIsoTimestampString('2026-11-21T13:56:39Z'), Date.UTC(2026, 10, 21, 13, 56, 39));
    assert.equal(parseIsoTimestampString('2026-11-21T15:56:39.5+02:00'), Date.UTC(2026, 10, 21, 13, 56, 39, 500));
    assert.equal(parseIsoTimestampString('2026-11-21 13:56:39'), Date.UTC(2026, 10, 21, 13, 56, 39));
    for (const bad of ['2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-11-21T24:00:00Z', '2026-11-21T13:56:39.Z', '2026-11-21T13:56:39+2', '199x-01-01T00:00:00Z']) {
      assert.ok(Number.isNaN(parseIsoTimestampString(bad)), bad);
    }
  });

  test('the per-hour cache gives the same result as a full parse, line after line', () => {
    const reference = (t: string) => {
      const fraction = /\.(\d+)/.exec(t)?.[1] ?? '';
      const micros = Number(fraction.padEnd(6, '0').slice(0, 6));
      return Date.parse(t.replace(/\.\d+/, '')) + micros / 1000;
    };
    const times = ['2026-11-21T13:56:39.000001Z', '2026-11-21T13:59:59.999999Z', '2026-11-21T13:00:00Z', '2026-11-21T14:00:00.5Z', '2026-11-21T13:56:39.000001+00:00'];
    for (const t of [...times, ...[...times].reverse(), ...times]) {
      const b = Buffer.from(t);
      const got = parseIsoTimestamp(b, 0, b.length);
      assert.ok(Math.abs(got - reference(t)) < 1e-6, `${t}: ${got} vs ${reference(t)}`);
    }
  });

  test('the per-hour cache keeps the zone: runs of lines in one hour, with and without a zone or an offset, give the full parse', () => {
    const reference = (t: string) => {
      const m = /^(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:\.(\d+))?(Z|z|([+-])(\d\d):(\d\d))?$/.exec(t)!;
      const offset = m[9] ? (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11])) : 0;
      const micros = Number((m[7] ?? '').padEnd(6, '0').slice(0, 6));
      return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) - offset * 60000 + micros / 1000;
    };
    const line = fc
      .tuple(fc.constantFrom('2026-11-21T13', '2026-11-21T14', '2026-11-21 13', '2024-02-29T23'), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), fc.constantFrom('', '.5', '.123', '.603580', '.123456789'), fc.constantFrom('', 'Z', 'z', '+02:00', '-05:30', '+00:00'))
      .map(([hour, min, sec, fraction, zone]) => `${hour}:${String(min).padStart(2, '0')}:${String(sec).padStart(2, '0')}${fraction}${zone}`);
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 30 }), (lines) => {
        for (const t of lines) {
          const b = Buffer.from(t);
          assert.equal(parseIsoTimestamp(b, 0, b.length), reference(t), t);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

test("a line cut short anywhere: the indexer defers JSON.parse's wording, worded later exactly as at once", () => {
  const record = '{"timestamp":"2026-11-21T13:56:39.603580Z","level":"INFO","component":"runner","repetition":12,"tags":{"phase":"setup"},"message":"héllo wörld"}';
  const tagsStart = record.indexOf('{"phase"');
  const tagsEnd = record.indexOf('}', tagsStart);
  const indexer = new LineClassifier();
  indexer.deferJsonProblems = true;
  const out = new LineInfo();
  const classify = (line: Buffer) => {
    const b = Buffer.concat([line, Buffer.from('\n')]);
    indexer.classify(b, 0, line.length, out, false);
    return out.problem;
  };
  const whole = Buffer.from(record);
  for (let cut = 1; cut < whole.length; cut++) {
    const line = whole.subarray(0, cut);
    for (const l of [line, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), line]), Buffer.concat([line, Buffer.from('\r')])]) {
      const problem = classify(l);
      const wording = parseLogLine(l);
      assert.ok(!wording.ok, `cut at ${cut}`);
      if (problem !== JSON_PROBLEM_DEFERRED) {
        assert.equal(problem, wording.problem, `cut at ${cut}`);
        continue;
      }
      assert.ok(wording.problem.startsWith('invalid JSON: '), `cut at ${cut}`);
      assert.equal(new LineClassifier().problemOfLine(l), wording.problem);
    }
    // Only a cut inside a nested value (tags) or a UTF-8 sequence is worded at once.
    const inTags = cut > tagsStart && cut <= tagsEnd;
    const inCharacter = (whole[cut] & 0xc0) === 0x80;
    if (!inTags && !inCharacter) assert.equal(classify(line), JSON_PROBLEM_DEFERRED, `cut at ${cut}: ${line.toString('latin1')}`);
  }
  // An empty line, a line cut inside an escape, or not UTF-8: worded at once.
  assert.equal(classify(Buffer.from('  ')), 'empty line');
  assert.match(classify(Buffer.from('{"level":"IN\\')), /^invalid JSON: /);
  assert.equal(classify(Buffer.concat([Buffer.from('{"level":"IN'), Buffer.from([0xc3])])), 'invalid UTF-8');
});
