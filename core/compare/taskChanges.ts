// Two runs' journals side by side: each task (host, workload, repetition) with its status and duration in both,
// the duration's change and whether a failure is new; and per host and workload the numbers compared. lb 0.67's
// per-repetition result files (`<host>/<workload>/rep<N>/...`) have no documented format here, so the numbers
// compared are the journal's: the mean duration of completed repetitions.
import type { JournalTask, RunJournal } from '../runs/journal';

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

export function compareResults(a: RunJournal | undefined, b: RunJournal | undefined): ResultComparison[] {
  const ma = meanCompletedDurations(a);
  const mb = meanCompletedDurations(b);
  const rows: ResultComparison[] = [];
  for (const key of new Set([...ma.keys(), ...mb.keys()])) {
    const any = (ma.get(key) ?? mb.get(key))!;
    const va = ma.get(key)?.mean ?? null;
    const vb = mb.get(key)?.mean ?? null;
    const change = va !== null && vb !== null ? vb - va : null;
    rows.push({
      host: any.host,
      workload: any.workload,
      metric: RESULT_METRIC,
      a: va,
      b: vb,
      change,
      relative: change !== null && va ? change / va : null,
    });
  }
  return rows.sort(compareKeys);
}
