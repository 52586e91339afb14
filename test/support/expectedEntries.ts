// What Loki should hold after pushing lb JSONL files, computed independently of the push code: lb's label
// rules (docs/FACTS.md, "Loki push") written out plainly, and the line and its timestamp read straight from the
// file. Push tests compare Loki's content with this, line for line.
import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import type { StoredEntry } from './lokiEntries';

const LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];
const REQUIRED = ['timestamp', 'level', 'component', 'host', 'run_id', 'logger', 'message'];
const LB_STRING_LABELS = ['component', 'host', 'run_id', 'workload', 'package', 'plugin', 'scenario'];

/** `2026-11-21T13:56:39.603580Z` as nanoseconds since the epoch. */
export function nsOf(timestamp: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d{6})Z$/.exec(timestamp);
  if (!m) throw new Error(`unexpected timestamp ${timestamp}`);
  return (BigInt(Date.parse(`${m[1]}Z`)) * 1_000_000n + BigInt(m[2]) * 1000n).toString();
}

/** The entries of the files' valid records, oldest first, as query results show them. */
export function expectedEntries(files: string[], staticLabels: Record<string, string> = {}): StoredEntry[] {
  const entries: StoredEntry[] = [];
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    let start = 0;
    for (let nl = bytes.indexOf(0x0a); nl >= 0; start = nl + 1, nl = bytes.indexOf(0x0a, start)) {
      let raw = bytes.subarray(start, nl);
      if (raw[raw.length - 1] === 0x0d) raw = raw.subarray(0, raw.length - 1);
      if (!isUtf8(raw) || raw.some((c) => c < 0x20 && c !== 0x09)) continue;
      const line = raw.toString('utf8').replace(/^\ufeff/, '');
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line);
      } catch {
        continue;
      }
      if (!record || typeof record !== 'object' || Array.isArray(record)) continue;
      if (!REQUIRED.every((k) => typeof record[k] === 'string') || !LEVELS.includes(record.level as string)) continue;
      if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(record.timestamp as string)) continue;
      const labels: Record<string, string> = {};
      for (const k of LB_STRING_LABELS) if (typeof record[k] === 'string' && record[k] !== '') labels[k] = record[k] as string;
      if (typeof record.repetition === 'number') labels.repetition = String(record.repetition);
      const phase = (record.tags as Record<string, unknown> | undefined)?.phase;
      if (typeof phase === 'string' && phase) labels.phase = phase;
      Object.assign(labels, staticLabels);
      entries.push({ labels, ns: nsOf(record.timestamp as string), line });
    }
  }
  return entries.sort((a, b) => (BigInt(a.ns) < BigInt(b.ns) ? -1 : BigInt(a.ns) > BigInt(b.ns) ? 1 : a.line < b.line ? -1 : 1));
}

/** Entries as `[labels, ns, line]` with labels in a canonical order, sorted, for deepEqual. */
export function canonical(entries: StoredEntry[]): Array<[string, string, string]> {
  return entries
    .map((e): [string, string, string] => [JSON.stringify(Object.keys(e.labels).sort().map((k) => [k, e.labels[k]])), e.ns, e.line])
    .sort((a, b) => (a.join('\u0000') < b.join('\u0000') ? -1 : 1));
}

/** Fails with the number of missing and unexpected entries and a few of each, instead of two huge arrays. */
export function assertSameEntries(actual: StoredEntry[], expected: StoredEntry[]): void {
  const a = canonical(actual).map((e) => JSON.stringify(e));
  const e = canonical(expected).map((x) => JSON.stringify(x));
  const inActual = new Set(a);
  const inExpected = new Set(e);
  const missing = e.filter((x) => !inActual.has(x));
  const extra = a.filter((x) => !inExpected.has(x));
  if (missing.length === 0 && extra.length === 0 && a.length === e.length) return;
  const show = (list: string[]) => list.slice(0, 3).map((x) => `    ${x.slice(0, 300)}`).join('\n');
  throw new Error(
    `Loki holds ${a.length} entries, the files give ${e.length}: ${missing.length} missing, ${extra.length} unexpected` +
      `${missing.length ? `\n  missing:\n${show(missing)}` : ''}${extra.length ? `\n  unexpected:\n${show(extra)}` : ''}`,
  );
}
