// What a push did, per file and in total, with the problems found: the CLI prints it (text or JSON) and the
// extension shows it. Problems are kept as samples (the first few of each kind per file) plus exact counts, so
// that a file of a million malformed lines gives a readable report.

export type ProblemKind =
  | 'malformed'
  | 'line-too-long'
  | 'too-old'
  | 'too-new'
  | 'stream-labels'
  | 'rejected-by-loki'
  | 'truncated'
  | 'repeat'
  | 'note';

export interface PushProblem {
  file: string;
  /** 1-based line number, or the first line of a batch for rejections by Loki. */
  line?: number;
  /** Last line of a rejected batch. */
  lastLine?: number;
  kind: ProblemKind;
  message: string;
}

export interface PushCounts {
  /** Lines read by this push (lines before a checkpoint are not read again). */
  lines: number;
  /** Entries now in Loki thanks to this push. */
  sent: number;
  /** Entries Loki held already (pushed before, e.g. by lb itself while the run was going). */
  alreadyInLoki: number;
  malformed: number;
  /** Lines Loki would reject or did reject. */
  rejected: number;
  truncated: number;
  /** Exact repeats of the previous entry of a stream (same timestamp and text): Loki keeps one. */
  repeats: number;
  /** Bytes of the lines sent. */
  bytesSent: number;
}

export interface FileReport extends PushCounts {
  file: string;
  /** Where a previous push of this file had got to. */
  resumedFrom?: { offset: number; line: number };
  /** Bytes after the last newline: a line still being written, left for the next push. */
  incompleteBytes: number;
  /** Samples of problems, at most PROBLEM_SAMPLES per kind. */
  problems: PushProblem[];
  /** Count of problems per kind (samples or not). */
  problemCounts: Partial<Record<ProblemKind, number>>;
}

export type PushOutcome = 'completed' | 'cancelled' | 'failed';

export interface PushReport {
  outcome: PushOutcome;
  /** Why the push failed (Loki unreachable after every retry, a file that cannot be read). */
  error?: string;
  loki: string;
  tenant?: string;
  labels: Record<string, string>;
  files: FileReport[];
  totals: PushCounts;
  /** Notes about the whole push (e.g. checks that could not be made). */
  notes: string[];
  elapsedMs: number;
}

export const PROBLEM_SAMPLES = 20;

export function emptyCounts(): PushCounts {
  return { lines: 0, sent: 0, alreadyInLoki: 0, malformed: 0, rejected: 0, truncated: 0, repeats: 0, bytesSent: 0 };
}

export function newFileReport(file: string): FileReport {
  return { file, ...emptyCounts(), incompleteBytes: 0, problems: [], problemCounts: {} };
}

/** Counts a problem of a file; keeps it as a sample while there are few of its kind. `count` lines at once. */
export function addProblem(report: FileReport, problem: Omit<PushProblem, 'file'>, count = 1): void {
  const seen = report.problemCounts[problem.kind] ?? 0;
  report.problemCounts[problem.kind] = seen + count;
  if (seen < PROBLEM_SAMPLES) report.problems.push({ file: report.file, ...problem });
}

export function sumCounts(reports: PushCounts[]): PushCounts {
  const total = emptyCounts();
  for (const r of reports) for (const k of Object.keys(total) as Array<keyof PushCounts>) total[k] += r[k];
  return total;
}

/** Whether lines of the push did not reach Loki (rejected, malformed) or the push did not finish. */
export function pushHasProblems(report: PushReport): boolean {
  return report.outcome !== 'completed' || report.totals.malformed > 0 || report.totals.rejected > 0;
}
