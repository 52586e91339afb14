// The message templates of a log session's records, mined on demand (in the log worker for the extension):
// a first pass feeds every record, in time order, to the template miner; a second pass assigns each record to
// its template with the miner's own matching (patterns/templateMatcher.ts) and counts it, with its volume over
// the histogram's time buckets. A filter by template uses the same assignment, so a template's count is
// exactly the number of lines the filtered view lists. Both passes yield between slices and can be cancelled.
import { emptyBuckets } from './lokiVolume';
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

/** The records of a view's merged order, read by position; null for a line that is not a record. */
export interface PatternRows {
  readonly length: number;
  at(pos: number, readers: Map<number, WindowedReader>): PatternRecord | null;
}

export interface MineOptions {
  signal?: AbortSignal;
  /** Rows read so far in this pass, and in it. */
  onRows?(done: number, total: number): void;
}

const SLICE = 1 << 14;
const SAMPLE_CHARS = 1000;

const refKey = (r: PatternRef) => `${r.level}\u0000${r.component}\u0000${r.pattern}`;

async function eachRecord(rows: PatternRows, options: MineOptions, visit: (record: PatternRecord) => void): Promise<void> {
  const readers = new Map<number, WindowedReader>();
  for (let start = 0; start < rows.length; start += SLICE) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    if (options.signal?.aborted) throw new Error('cancelled');
    const end = Math.min(rows.length, start + SLICE);
    for (let pos = start; pos < end; pos++) {
      const record = rows.at(pos, readers);
      if (record) visit(record);
    }
    options.onRows?.(end, rows.length);
  }
}

/** The templates of some rows and the matcher that assigns a record to one of them. */
export class MinedTemplates {
  readonly matcher: TemplateMatcher;
  private readonly indexes: Map<string, number>;

  constructor(readonly templates: PatternRef[]) {
    this.matcher = new TemplateMatcher(templates);
    this.indexes = new Map(templates.map((t, i) => [refKey(t), i]));
  }

  static async mine(rows: PatternRows, options: MineOptions = {}): Promise<MinedTemplates> {
    const miner = new TemplateMiner();
    await eachRecord(rows, options, (record) => miner.add(record));
    return new MinedTemplates(miner.patterns().map(({ pattern, level, component }) => ({ pattern, level, component })));
  }

  /** Index of a template, -1 when it is not one of these. */
  indexOf(ref: PatternRef): number {
    return this.indexes.get(refKey(ref)) ?? -1;
  }

  assign(record: PatternRecord): number {
    return this.matcher.match(record.level, record.component, record.message);
  }

  /** Each template's records counted (most first), with their volume over `buckets` buckets of [from, to). */
  async count(rows: PatternRows, span: { from: number; to: number } | null, buckets: number, options: MineOptions = {}): Promise<LogPatterns> {
    const edges = span ? emptyBuckets(span.from, span.to, buckets) : [];
    const width = edges.length ? edges[0].end - edges[0].start : 1;
    const found: Array<LogPatternSummary | undefined> = [];
    let records = 0;
    await eachRecord(rows, options, (record) => {
      records++;
      const i = this.assign(record);
      if (i < 0) return;
      let p = found[i];
      if (!p) {
        const sample = record.message.slice(0, SAMPLE_CHARS);
        found[i] = p = { ...this.templates[i], count: 0, first: record.time, last: record.time, sample, volume: edges.map(() => 0) };
      }
      p.count++;
      if (record.time < p.first) p.first = record.time;
      if (record.time > p.last) p.last = record.time;
      const b = Math.floor((record.time - (span?.from ?? 0)) / width);
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
    // A template no longer mined (-1) matches nothing: it must not catch the records without a template.
    this.only = only?.length ? new Set(only.map((r) => mined.indexOf(r)).filter((i) => i >= 0)) : null;
    this.hidden = new Set((hidden ?? []).map((r) => mined.indexOf(r)).filter((i) => i >= 0));
  }

  /** Whether a record passes; a line that is not a record (null) has no template. */
  passes(record: PatternRecord | null): boolean {
    if (!record) return this.only === null;
    const i = this.mined.assign(record);
    return (this.only === null || this.only.has(i)) && !this.hidden.has(i);
  }
}

export function hasPatternFilter(filter: { patterns?: PatternRef[]; hidePatterns?: PatternRef[] }): boolean {
  return !!filter.patterns?.length || !!filter.hidePatterns?.length;
}
