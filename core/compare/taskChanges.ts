// Two runs' journals side by side: each task (host, workload, repetition) with its status and duration in both,
// the duration's change and whether a failure is new; and per host and workload the numbers compared: the
// journal's mean duration of completed repetitions, then the means of the numbers in lb's per-repetition
// result.json files (repetitionResults.ts).
import type { JournalTask, RunJournal } from '../runs/journal';
import type { RepetitionMeans } from './repetitionResults';

export interface TaskSide {
  status: string;
  durationSeconds: number | null;
  error?: string;
}

export interface TaskComparison {
  host: string;
  workload: string;
  repetition: number;
  a: TaskSide | null;
  b: TaskSide | null;
  /** B's duration minus A's, when both have one. */
  deltaSeconds: number | null;
  /** Failed in B and not in A. */
  newFailure: boolean;
}

export interface ResultComparison {
  host: string;
  workload: string;
  metric: string;
  a: number | null;
  b: number | null;
  /** B - A, and (B - A) / A. */
  change: number | null;
  relative: number | null;
}

export const RESULT_METRIC = 'mean duration_seconds of COMPLETED repetitions (run_journal.json)';

function side(t: JournalTask | undefined): TaskSide | null {
  if (!t) return null;
  const s: TaskSide = { status: t.status, durationSeconds: t.durationSeconds ?? null };
  if (t.error !== undefined) s.error = t.error;
  return s;
}

function byKey<T>(items: T[], key: (t: T) => string): Map<string, T> {
  const m = new Map<string, T>();
  for (const t of items) if (!m.has(key(t))) m.set(key(t), t);
  return m;
}

function compareKeys(x: { host: string; workload: string; repetition?: number }, y: { host: string; workload: string; repetition?: number }): number {
  return (
    (x.host < y.host ? -1 : x.host > y.host ? 1 : 0) ||
    (x.workload < y.workload ? -1 : x.workload > y.workload ? 1 : 0) ||
    (x.repetition ?? 0) - (y.repetition ?? 0)
  );
}

const taskKey = (t: JournalTask) => JSON.stringify([t.host, t.workload, t.repetition]);

export function compareTasks(a: RunJournal | undefined, b: RunJournal | undefined): TaskComparison[] {
  const ta = byKey(a?.tasks ?? [], taskKey);
  const tb = byKey(b?.tasks ?? [], taskKey);
  const rows: TaskComparison[] = [];
  for (const key of new Set([...ta.keys(), ...tb.keys()])) {
    const x = ta.get(key);
    const y = tb.get(key);
    const any = (x ?? y)!;
    const da = x?.durationSeconds;
    const db = y?.durationSeconds;
    rows.push({
      host: any.host,
      workload: any.workload,
      repetition: any.repetition,
      a: side(x),
      b: side(y),
      deltaSeconds: da !== undefined && db !== undefined ? db - da : null,
      newFailure: y?.status === 'FAILED' && x?.status !== 'FAILED',
    });
  }
  return rows.sort(compareKeys);
}

function meanCompletedDurations(journal: RunJournal | undefined): Map<string, { host: string; workload: string; mean: number | null }> {
  const sums = new Map<string, { host: string; workload: string; sum: number; n: number }>();
  for (const t of journal?.tasks ?? []) {
    const key = JSON.stringify([t.host, t.workload]);
    const s = sums.get(key) ?? { host: t.host, workload: t.workload, sum: 0, n: 0 };
    if (t.status === 'COMPLETED' && t.durationSeconds !== undefined) {
      s.sum += t.durationSeconds;
      s.n++;
    }
    sums.set(key, s);
  }
  return new Map([...sums].map(([k, s]) => [k, { host: s.host, workload: s.workload, mean: s.n ? s.sum / s.n : null }]));
}

function resultRow(host: string, workload: string, metric: string, va: number | null, vb: number | null): ResultComparison {
  const change = va !== null && vb !== null ? vb - va : null;
  return { host, workload, metric, a: va, b: vb, change, relative: change !== null && va ? change / va : null };
}

export function compareResults(a: RunJournal | undefined, b: RunJournal | undefined, resultsA: RepetitionMeans = new Map(), resultsB: RepetitionMeans = new Map()): ResultComparison[] {
  const ma = meanCompletedDurations(a);
  const mb = meanCompletedDurations(b);
  const rows: ResultComparison[] = [];
  for (const key of new Set([...ma.keys(), ...mb.keys()])) {
    const any = (ma.get(key) ?? mb.get(key))!;
    rows.push(resultRow(any.host, any.workload, RESULT_METRIC, ma.get(key)?.mean ?? null, mb.get(key)?.mean ?? null));
  }
  for (const key of new Set([...resultsA.keys(), ...resultsB.keys()])) {
    const any = (resultsA.get(key) ?? resultsB.get(key))!;
    rows.push(resultRow(any.host, any.workload, `result.json ${any.metric}`, resultsA.get(key)?.mean ?? null, resultsB.get(key)?.mean ?? null));
  }
  // Per host and workload: the journal's row first, then result.json's numbers by name.
  return rows.sort(
    (x, y) =>
      compareKeys(x, y) ||
      Number(y.metric === RESULT_METRIC) - Number(x.metric === RESULT_METRIC) ||
      (x.metric < y.metric ? -1 : x.metric > y.metric ? 1 : 0),
  );
}
