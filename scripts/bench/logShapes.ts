// Million-line lb JSONL files of different shapes for `npm run bench:logs`: the same record schema written the
// ways other writers write it (field order, timestamp precision and zone, tags, message length and alphabet,
// line endings, malformed lines), so that the benchmark shows whether the log engine's time follows the bytes
// or the shape. Each writer returns the counts `lb-obs logs stats` must report.
import * as fs from 'fs';
import { seededRandom } from '../../test/support/runGenerator';

export interface LogShape {
  name: string;
  /** lb's order (docs/FACTS.md, "JSONL log record"), alphabetical, or shuffled on every line. */
  keyOrder: 'lb' | 'alphabetical' | 'random';
  /** Fraction digits of the timestamp (0 = whole seconds). */
  precision: 0 | 3 | 6 | 9;
  zone: 'Z' | '+02:00' | '';
  /** Share of lines with `tags`. */
  tags: number;
  message: 'numbers' | 'short' | 'long' | 'non-ascii';
  crlf: boolean;
  malformedRate: number;
}

const BASE: LogShape = { name: '', keyOrder: 'lb', precision: 6, zone: 'Z', tags: 1 / 50, message: 'numbers', crlf: false, malformedRate: 0 };

export const LOG_SHAPES: LogShape[] = [
  { ...BASE, name: 'lb order, µs Z, tags 1/50, numbers (issue 18)' },
  { ...BASE, name: 'alphabetical keys, ms Z, no tags', keyOrder: 'alphabetical', precision: 3, tags: 0, message: 'short' },
  { ...BASE, name: 'random key order, s without zone, tags always', keyOrder: 'random', precision: 0, zone: '', tags: 1 },
  { ...BASE, name: 'ns +02:00, tags 1/2', precision: 9, zone: '+02:00', tags: 0.5 },
  { ...BASE, name: '2 KB messages on 1 line in 8', message: 'long' },
  { ...BASE, name: 'non-ASCII messages (raw and \\u escapes)', message: 'non-ascii' },
  { ...BASE, name: 'CRLF line endings', crlf: true },
  { ...BASE, name: '1% malformed lines', malformedRate: 0.01 },
];

export interface ShapeTruth {
  lines: number;
  records: number;
  malformed: number;
  byLevel: Record<string, number>;
  byComponent: Record<string, number>;
  bytes: number;
}

const LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];
const LEVEL_CDF = [0.2, 0.86, 0.95, 0.993, 1];
const COMPONENTS = ['runner', 'runner', 'runner', 'controller', 'dfaas'];
const LB_ORDER = ['timestamp', 'level', 'component', 'host', 'run_id', 'logger', 'message', 'event_type', 'workload', 'package', 'plugin', 'scenario', 'repetition', 'tags'];
const NON_ASCII = ['Tâche terminée — résultat ✓', 'ожидание охлаждения', '冷却を待っています', 'τέλος επανάληψης 🚀', 'caf\u00e9 \u2014 \u00fcber'];

function timestamp(ms: number, sub: number, shape: LogShape): string {
  // Offsets are written as the local time of that zone, so every shape encodes the same instant.
  const local = shape.zone === '+02:00' ? ms + 2 * 3_600_000 : ms;
  const base = new Date(local).toISOString().slice(0, 19);
  const fraction = shape.precision === 0 ? '' : `.${String((ms % 1000) * 1e6 + sub).padStart(9, '0').slice(0, shape.precision)}`;
  return `${base}${fraction}${shape.zone}`;
}

function message(rnd: () => number, shape: LogShape, i: number): string {
  const n = Math.floor(rnd() * 100000);
  switch (shape.message) {
    case 'short':
      return `step ${n % 100} done`;
    case 'long':
      return i % 8 === 0 ? `payload ${n} ${'0123456789abcdef'.repeat(128)}` : `Collected ${n} samples (cpu=${(rnd() * 100).toFixed(1)}%)`;
    case 'non-ascii':
      return `${NON_ASCII[n % NON_ASCII.length]} ${n}`;
    default:
      return `Collected ${n} samples from psutil (cpu=${(rnd() * 100).toFixed(1)}%, mem=${(rnd() * 100).toFixed(1)}%, t=${(rnd() * 1e6).toFixed(3)})`;
  }
}

function serialize(record: Record<string, unknown>, keys: string[], shape: LogShape): string {
  const parts = keys.filter((k) => record[k] !== undefined).map((k) => `${JSON.stringify(k)}:${JSON.stringify(record[k])}`);
  let text = `{${parts.join(',')}}`;
  // \u escapes as Python's json.dumps(ensure_ascii=True) writes them, on every other non-ASCII line.
  if (shape.message === 'non-ascii' && text.length % 2 === 0) text = text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return text;
}

/** Writes `lines` lines of `shape` to `file`; returns what `lb-obs logs stats` must count. */
export function writeShapeFile(file: string, shape: LogShape, lines: number, seed = 18): ShapeTruth {
  const rnd = seededRandom(seed);
  const truth: ShapeTruth = { lines: 0, records: 0, malformed: 0, byLevel: {}, byComponent: {}, bytes: 0 };
  const fd = fs.openSync(file, 'w');
  const alphabetical = [...LB_ORDER].sort();
  const eol = shape.crlf ? '\r\n' : '\n';
  let ms = Date.UTC(2026, 10, 21, 13, 56, 0);
  let pending: string[] = [];
  const flush = () => {
    const bytes = Buffer.from(pending.join(''), 'utf8');
    fs.writeSync(fd, bytes);
    truth.bytes += bytes.length;
    pending = [];
  };
  try {
    for (let i = 0; i < lines; i++) {
      ms += Math.floor(rnd() * 4);
      const level = LEVELS[LEVEL_CDF.findIndex((p) => rnd() < p)] ?? 'CRITICAL';
      const component = COMPONENTS[i % COMPONENTS.length];
      const record: Record<string, unknown> = {
        timestamp: timestamp(ms, Math.floor(rnd() * 1e6), shape),
        level,
        component,
        host: `node-${1 + (i % 2)}`,
        run_id: 'run-20261121-135600',
        logger: 'lb_runner.engine.runner',
        message: message(rnd, shape, i),
        event_type: 'log',
        workload: 'stress_ng',
        package: 'lb_runner',
        plugin: 'stress_ng',
        repetition: 1 + (Math.floor(i / 1000) % 3),
        tags: rnd() < shape.tags ? { phase: rnd() < 0.5 ? 'setup' : 'teardown' } : undefined,
      };
      const keys = shape.keyOrder === 'lb' ? LB_ORDER : shape.keyOrder === 'alphabetical' ? alphabetical : [...LB_ORDER].sort(() => rnd() - 0.5);
      truth.lines++;
      if (shape.malformedRate && rnd() < shape.malformedRate) {
        truth.malformed++;
        const json = serialize(record, keys, shape);
        pending.push(json.slice(0, Math.floor(json.length / 2)) + eol);
      } else {
        truth.records++;
        truth.byLevel[level] = (truth.byLevel[level] ?? 0) + 1;
        truth.byComponent[component] = (truth.byComponent[component] ?? 0) + 1;
        pending.push(serialize(record, keys, shape) + eol);
      }
      if (pending.length === 20_000) flush();
    }
    flush();
  } finally {
    fs.closeSync(fd);
  }
  return truth;
}
