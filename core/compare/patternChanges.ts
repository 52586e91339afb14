// Which log patterns changed between two runs, after scaling run A's counts to run B's size: a run with twice
// the tasks is expected to log each pattern twice as often. The rule is part of the output, so a reader knows
// what "more" means.
import type { LogLevel } from '../logs/model';
import type { SharedPattern } from '../logs/patterns/templateMiner';

export type PatternChange = 'new' | 'gone' | 'more' | 'fewer' | 'same';

export interface PatternComparison {
  pattern: string;
  level: LogLevel;
  component: string;
  a: number;
  b: number;
  change: PatternChange;
}

export interface Normalisation {
  /** What the runs' sizes are measured in: tasks that ran, seconds of logs, or nothing comparable (raw counts). */
  by: 'tasks' | 'log-seconds' | 'none';
  a: number;
  b: number;
  rule: string;
}

/** What each run's size is measured by: tasks that ran when both journals have some, else the span of their logs. */
export function normalisation(tasksRun: [number, number], logSeconds: [number, number]): Normalisation {
  const noise = 'a change is beyond noise when |B - expected| > max(3 x sqrt(expected), 10% of expected), expected = A x scale';
  if (tasksRun[0] > 0 && tasksRun[1] > 0) {
    return { by: 'tasks', a: tasksRun[0], b: tasksRun[1], rule: `scale = B's tasks run / A's (COMPLETED or FAILED in run_journal.json); ${noise}` };
  }
  if (logSeconds[0] > 0 && logSeconds[1] > 0) {
    return { by: 'log-seconds', a: logSeconds[0], b: logSeconds[1], rule: `scale = B's log time span / A's (first to last record); ${noise}` };
  }
  return { by: 'none', a: 1, b: 1, rule: `scale = 1 (no tasks or time span in both runs); ${noise}` };
}

export function classifyChange(a: number, b: number, norm: Normalisation): PatternChange {
  if (a === 0) return b === 0 ? 'same' : 'new';
  if (b === 0) return 'gone';
  const expected = (a * norm.b) / norm.a;
  // Poisson-like counts: three standard deviations, and at least a tenth for large counts.
  const noise = Math.max(3 * Math.sqrt(expected), 0.1 * expected);
  if (Math.abs(b - expected) <= noise) return 'same';
  return b > expected ? 'more' : 'fewer';
}

const LEVEL_RANK: Record<string, number> = { CRITICAL: 0, ERROR: 1, WARNING: 2, INFO: 3, DEBUG: 4 };
const CHANGE_RANK: Record<PatternChange, number> = { new: 0, gone: 1, more: 2, fewer: 3, same: 4 };

/** Patterns of sources 0 (A) and 1 (B): errors and warnings first, then new, gone, more, fewer, same. */
export function comparePatternCounts(shared: SharedPattern[], norm: Normalisation): PatternComparison[] {
  const rows = shared.map((p): PatternComparison => {
    const a = p.stats[0]?.count ?? 0;
    const b = p.stats[1]?.count ?? 0;
    return { pattern: p.pattern, level: p.level, component: p.component, a, b, change: classifyChange(a, b, norm) };
  });
  return rows.sort(
    (x, y) =>
      (LEVEL_RANK[x.level] ?? 9) - (LEVEL_RANK[y.level] ?? 9) ||
      CHANGE_RANK[x.change] - CHANGE_RANK[y.change] ||
      Math.abs(y.b - y.a) - Math.abs(x.b - x.a) ||
      (x.component < y.component ? -1 : x.component > y.component ? 1 : 0) ||
      (x.pattern < y.pattern ? -1 : x.pattern > y.pattern ? 1 : 0),
  );
}
