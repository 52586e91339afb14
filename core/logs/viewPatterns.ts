// The message templates of a log session's records, mined on demand (in the log worker for the extension):
// a first pass feeds every record, in time order, to the template miner; a second pass assigns each record to
// its template with the miner's own matching (patterns/templateMatcher.ts) and counts it, with its volume over
// the histogram's time buckets. Assignments are kept per row (4 bytes), so a filter by template uses the very
// same assignment without reading the lines again: a template's count is exactly the number of lines the
// filtered view lists. Both passes yield between slices and can be cancelled.
import { emptyBuckets } from './histogramBuckets';
import type { LogLevel, LogPatterns, LogPatternSummary, PatternRef } from './model';
import { comparePatterns, TemplateMiner } from './patterns/templateMiner';
import { TemplateMatcher } from './patterns/templateMatcher';
import type { WindowedReader } from './rowText';

/** A record as mining sees it. */
export interface PatternRecord {
  level: LogLevel;
  component: string;
  message: string;
  time: number;
}

export type Readers = Map<number, WindowedReader>;

/** The rows of a view's merged order by position, and each row's record (null for a line that is not one). */
export interface PatternRows {
  readonly length: number;
  sourceOf(pos: number): number;
  rowOf(pos: number): number;
  record(s: number, r: number, readers: Readers): PatternRecord | null;
  time(s: number, r: number): number;
}

export interface MineOptions {
  signal?: AbortSignal;
  /** Rows read so far in this pass, and in it. */
  onRows?(done: number, total: number): void;
}

const SLICE = 1 << 14;
const SAMPLE_CHARS = 1000;
/** Assignment not made yet; -1 is "no template" (a line that is not a record). */
const UNKNOWN = -2;

/** A template's identity: equal keys, the same template. */
export const refKey = (r: PatternRef) => `${r.level}\u0000${r.component}\u0000${r.pattern}`;

async function eachRow(rows: PatternRows, options: MineOptions, visit: (s: number, r: number, readers: Readers) => void): Promise<void> {
  const readers: Readers = new Map();
  for (let start = 0; start < rows.length; start += SLICE) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    if (options.signal?.aborted) throw new Error('cancelled');
    const end = Math.min(rows.length, start + SLICE);
    for (let pos = start; pos < end; pos++) visit(rows.sourceOf(pos), rows.rowOf(pos), readers);
    options.onRows?.(end, rows.length);
  }
}

/** The templates of some rows, the matcher that assigns a record to one of them, and the assignments made. */
export class MinedTemplates {
  private readonly matcher: TemplateMatcher;
  private readonly indexes: Map<string, number>;
  /** Per source, the template of each row (UNKNOWN until assigned). */
  private assigned: Int32Array[] = [];

  constructor(readonly templates: PatternRef[]) {
    this.matcher = new TemplateMatcher(templates);
    this.indexes = new Map(templates.map((t, i) => [refKey(t), i]));
  }

  static async mine(rows: PatternRows, options: MineOptions = {}): Promise<MinedTemplates> {
    const miner = new TemplateMiner();
    await eachRow(rows, options, (s, r, readers) => {
      const record = rows.record(s, r, readers);
      if (record) miner.add(record);
    });
    return new MinedTemplates(miner.patterns().map(({ pattern, level, component }) => ({ pattern, level, component })));
  }

  /** Index of a template, -1 when it is not one of these. */
  indexOf(ref: PatternRef): number {
    return this.indexes.get(refKey(ref)) ?? -1;
  }

  /** The template of row `r` of source `s` (-1 for none), assigned once. */
  assign(rows: Pick<PatternRows, 'record'>, s: number, r: number, readers: Readers): number {
    let column = this.assigned[s];
    if (!column || r >= column.length) {
      const bigger = new Int32Array(Math.max(1024, (r + 1) * 2)).fill(UNKNOWN);
      if (column) bigger.set(column);
      this.assigned[s] = column = bigger;
    }
    let i = column[r];
    if (i === UNKNOWN) {
      const record = rows.record(s, r, readers);
      i = record ? this.matcher.match(record.level, record.component, record.message) : -1;
      column[r] = i;
    }
    return i;
  }

  /** Rows firstRow.. of source `s` have the templates `parts` give, in order (assigned elsewhere with these templates). */
  seed(s: number, firstRow: number, parts: readonly Int32Array[]): void {
    const rows = parts.reduce((sum, p) => sum + p.length, 0);
    let column = this.assigned[s];
    if (!column || column.length < firstRow + rows) {
      const bigger = new Int32Array(firstRow + rows).fill(UNKNOWN);
      if (column) bigger.set(column);
      this.assigned[s] = column = bigger;
    }
    let at = firstRow;
    for (const part of parts) {
      column.set(part, at);
      at += part.length;
    }
  }

  /** The rows were renumbered (history put before them): assign again as asked. */
  forgetAssignments(): void {
    this.assigned = [];
  }

  /** Each template's records counted (most first), with their volume over `buckets` buckets of [from, to). */
  async count(rows: PatternRows, span: { from: number; to: number } | null, buckets: number, options: MineOptions = {}): Promise<LogPatterns> {
    const edges = span ? emptyBuckets(span.from, span.to, buckets) : [];
    const width = edges.length ? edges[0].end - edges[0].start : 1;
    const found: Array<LogPatternSummary | undefined> = [];
    let records = 0;
    await eachRow(rows, options, (s, r, readers) => {
      const i = this.assign(rows, s, r, readers);
      if (i === -1 && !rows.record(s, r, readers)) return;
      records++;
      if (i < 0) return;
      const time = rows.time(s, r);
      let p = found[i];
      if (!p) {
        // Rows come in time order: the first one seen is the template's first; only its text is read.
        const sample = rows.record(s, r, readers)!.message.slice(0, SAMPLE_CHARS);
        found[i] = p = { ...this.templates[i], count: 0, first: time, last: time, sample, volume: edges.map(() => 0) };
      }
      p.count++;
      if (time < p.first) p.first = time;
      if (time > p.last) p.last = time;
      const b = Math.floor((time - (span?.from ?? 0)) / width);
      if (b >= 0 && b < edges.length) p.volume[b]++;
    });
    return {
      patterns: found.filter((p): p is LogPatternSummary => p !== undefined).sort(comparePatterns),
      start: edges.length ? edges[0].start : null,
      end: edges.length ? edges[edges.length - 1].end : null,
      records,
    };
  }
}

/** The part of a filter about templates: records of the ones asked for, none of the hidden ones. */
export class PatternFilter {
  private readonly only: Set<number> | null;
  private readonly hidden: Set<number>;

  constructor(
    private readonly mined: MinedTemplates,
    only: PatternRef[] | undefined,
    hidden: PatternRef[] | undefined,
  ) {
    // A template no longer mined (-1) matches nothing: it must not catch the lines without a template.
    this.only = only?.length ? new Set(only.map((r) => mined.indexOf(r)).filter((i) => i >= 0)) : null;
    this.hidden = new Set((hidden ?? []).map((r) => mined.indexOf(r)).filter((i) => i >= 0));
  }

  /** Whether row `r` of source `s` passes; a line that is not a record has no template. */
  passes(rows: Pick<PatternRows, 'record'>, s: number, r: number, readers: Readers): boolean {
    const i = this.mined.assign(rows, s, r, readers);
    return (this.only === null || this.only.has(i)) && !this.hidden.has(i);
  }
}

export function hasPatternFilter(filter: { patterns?: PatternRef[]; hidePatterns?: PatternRef[] }): boolean {
  return !!filter.patterns?.length || !!filter.hidePatterns?.length;
}
