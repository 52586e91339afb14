// The push reads lb's labels from the byte scanner's field positions, not from JSON.parse's object. Property:
// on hostile records (escapes, any Unicode, duplicate keys, nested objects using the label names, labels of
// every JSON type, integers written as 1.0 or 1e2) the labels, their stream key and the timestamp equal what
// JSON.parse's object gives through lbLabelValues.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { lineEntry } from '../../core/push/lineEntry';
import { lbLabelValues } from '../../core/push/streamLabels';
import { isoToNs } from '../../core/push/timestampNs';
import { parseIsoTimestampString } from '../../core/logs/timestamp';

/** A JSON string literal of `text`, with some characters written as \u escapes (as ensure_ascii writers do). */
function jsonString(text: string, escapeMask: number): string {
  let out = '"';
  let k = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if ((escapeMask >> k++ % 31) & 1 && code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += JSON.stringify(ch).slice(1, -1);
  }
  return `${out}"`;
}

const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', 'runner', 'node-1', 'setup', 'teardown', 'é', '😀', '"', '\\', '\u2028'),
);
const stringValue = fc.tuple(text, fc.integer({ min: 0, max: 2 ** 31 - 1 })).map(([t, mask]) => jsonString(t, mask));
const numberValue = fc.oneof(
  fc.integer({ min: -5, max: 5000 }).map(String),
  fc.constantFrom('0', '-0', '1.0', '1e2', '2E+1', '1.5', '-3', '1e400', '12345678901234567890', '0.1e1', '1000000001'),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
);
const scalarValue = fc.oneof(stringValue, numberValue, fc.constantFrom('true', 'false', 'null'));
const labelNames = ['component', 'host', 'run_id', 'workload', 'package', 'plugin', 'scenario', 'repetition', 'phase', 'tags'];
const anyValue: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    scalarValue,
    fc.array(tie('value'), { maxLength: 3 }).map((items) => `[${items.join(',')}]`),
    fc.array(fc.tuple(fc.oneof(fc.constantFrom(...labelNames), text.map((t) => JSON.stringify(t).slice(1, -1))), tie('value')), { maxLength: 4 }).map(
      (members) => `{${members.map(([k, v]) => `"${k}" : ${v}`).join(',')}}`,
    ),
  ),
})).value;
/** `tags` values: objects whose `phase` (maybe repeated, maybe nested) has any type, or not an object at all. */
const tagsValue = fc.oneof(
  fc.array(fc.tuple(fc.constantFrom('phase', 'phase', 'other', 'tags'), fc.oneof(stringValue, anyValue)), { maxLength: 4 }).map(
    (members) => `{ ${members.map(([k, v]) => `"${k}":${v}`).join(' , ')} }`,
  ),
  anyValue,
);
const member = fc.oneof(
  fc.tuple(fc.constantFrom('component', 'host', 'run_id', 'workload', 'package', 'plugin', 'scenario'), fc.oneof(stringValue, stringValue, anyValue)),
  fc.tuple(fc.constant('repetition'), fc.oneof(numberValue, anyValue)),
  fc.tuple(fc.constant('tags'), tagsValue),
  fc.tuple(fc.constantFrom('event_type', 'extra', 'nested'), anyValue),
);
const timestamp = fc.constantFrom('2026-11-21T13:56:39.603580Z', '2026-11-21T13:56:39Z', '2026-11-21T15:56:39.123456789+02:00', '2026-11-21T13:56:39.5');
const required = fc.tuple(timestamp, stringValue, stringValue, stringValue).map(([ts, component, host, runId]) => [
  ['timestamp', JSON.stringify(ts)],
  ['level', '"INFO"'],
  ['component', component],
  ['host', host],
  ['run_id', runId],
  ['logger', '"lb"'],
  ['message', '"hello"'],
]);

const record = fc
  .tuple(fc.array(member, { maxLength: 8 }), required, fc.array(member, { maxLength: 8 }), fc.constantFrom('', ' ', '\t'))
  .map(([before, req, after, ws]) => {
    // Required fields keep their valid values when repeated: the last occurrence is the one JSON.parse keeps.
    const members = [...before, ...req, ...after.filter(([k]) => !['component', 'host', 'run_id'].includes(k))];
    return `{${ws}${members.map(([k, v]) => `"${k}"${ws}:${ws}${v}`).join(`${ws},`)}${ws}}`;
  });

test('labels and timestamps from the byte scanner equal those of JSON.parse on hostile records', () => {
  const keys = new Map<string, string>();
  fc.assert(
    fc.property(record, (line) => {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      const entry = lineEntry(Buffer.from(line));
      assert.notEqual(typeof entry, 'string', `${line}: ${String(entry)}`);
      if (typeof entry === 'string') return;
      const expected = lbLabelValues(parsed);
      assert.deepEqual(entry.labelValues, expected, line);
      assert.equal(entry.ns, isoToNs(parsed.timestamp as string, parseIsoTimestampString(parsed.timestamp as string)), line);
      // Equal keys name equal label values.
      const values = JSON.stringify(expected);
      const seen = keys.get(entry.labelsKey);
      if (seen !== undefined) assert.equal(seen, values, `key ${entry.labelsKey}: ${line}`);
      keys.set(entry.labelsKey, values);
    }),
    { numRuns: 3000 },
  );
});

/** Records that share most of their labels: consecutive lines often have the same label bytes, or differ in one. */
const nearRecord = fc
  .tuple(
    fc.constantFrom('"fio"', '"fi\\u006f"', '"dfaas"', '"abcd"', '"abce"', '"stress_ng"', '"stress_nx"', '1', ''),
    fc.constantFrom('1', '2', '1.0', '"1"', ''),
    fc.constantFrom('{"phase": "setup"}', '{"phase": "run"}', '{"phase": 1}', '{}', ''),
    // Timestamps that differ from each other in one of the bytes of their date and hour, or after them.
    fc.constantFrom(
      '"2026-11-21T13:56:39.603580Z"',
      '"2026-11-21T13:56:40Z"',
      '"2026-11-21T14:56:39.603580Z"',
      '"2026-11-22T13:56:39.603580Z"',
      '"2026-12-21T13:56:39.603580Z"',
      '"2025-11-21T13:56:39.603580Z"',
      '"2026-11-21T13:56:39.603580+01:00"',
    ),
    fc.constantFrom('node-1', 'node-2', 'nade-1', 'n1'),
  )
  .map(([workload, repetition, tags, timestamp, host]) => {
    const optional = [workload && `"workload": ${workload}`, repetition && `"repetition": ${repetition}`, tags && `"tags": ${tags}`].filter(Boolean);
    return `{"timestamp": ${timestamp}, "level": "INFO", "component": "runner", "host": "${host}", "run_id": "r", "logger": "lb", "message": "m"${optional.map((o) => `, ${o}`).join('')}}`;
  });

test('consecutive lines with the same or nearly the same label and timestamp bytes get the labels and times JSON.parse gives', () => {
  fc.assert(
    fc.property(fc.array(nearRecord, { minLength: 2, maxLength: 12 }), (lines) => {
      for (const line of lines) {
        const entry = lineEntry(Buffer.from(line));
        assert.ok(typeof entry !== 'string', line);
        const record = JSON.parse(line) as Record<string, unknown>;
        assert.deepEqual(entry.labelValues, lbLabelValues(record), line);
        assert.equal(Math.floor(entry.ms), Date.parse(record.timestamp as string), line);
      }
    }),
    { numRuns: 1000 },
  );
});
