// The view side of a log session: the rows of every source merged in time order, the totals and facet counts,
// the rows passing the filter, and the queries over them (rows, details, facets, histogram, level search).
import { JSON_PROBLEM_DEFERRED, LEVEL_NAMES, LineClassifier } from './lineClassifier';
import { LogTotals } from './logTotals';
import { logfmtFields } from './logfmtFields';
import { emptyBuckets, volumeBuckets } from './histogramBuckets';
import { MergedOrder } from './mergedOrder';
import type { HistogramBucket, LogFacets, LogLevel, LogPatterns, LogRow, LogRowDetails, LogSessionInfo, PatternProgress } from './model';
import type { LogSources } from './logSources';
import { PagedArray } from './pagedArray';
import type { PatternMining } from './patterns/patternMining';
import { templateRefs } from './patterns/sessionMining';
import type { RowSource } from './rowSource';
import { FLAG_LEVEL_MASK, FLAG_NO_TIME, FLAG_UNPARSED } from './rowBatch';
import { CompiledFilter, levelNumber } from './rowFilter';
import { MAX_DISPLAY_BYTES, WindowedReader, rawDisplayText, readRawLine, readRowText } from './rowText';
import { hasPatternFilter, MinedTemplates, PatternFilter, PatternRecord, PatternRows } from './viewPatterns';

/** A filter as the view applies it: the row filter, and the template filter when it names templates. */
export interface ViewFilter {
  rows: CompiledFilter;
  patterns: PatternFilter | null;
}

/** Rows of a view are evaluated in slices this big, yielding in between so requests are answered. */
const VIEW_SLICE = 1 << 16;

export class LogView {
  private order = new MergedOrder();
  /** Rows were put before rows already placed (Loki's history read newest first): the order is rebuilt. */
  private reorder = false;
  /** Positions in `order` of the rows passing the filter; null when the filter lets everything through. */
  private view: PagedArray | null = null;
  filter: ViewFilter;
  /** The templates last mined, and the order and rows they were mined from. */
  private mined: { templates: MinedTemplates; order: MergedOrder; length: number } | undefined;
  private readonly totals = new LogTotals();
  /** Words the problems deferred at indexing, when a malformed row is shown. */
  private explainer: LineClassifier | undefined;

  constructor(private readonly sources: LogSources) {
    this.filter = { rows: new CompiledFilter({}, sources.labels), patterns: null };
  }

  /** Counts new rows into the totals; false when there were none. */
  private account(): boolean {
    const loki = this.sources.loki;
    const older = loki?.takeOlder() ?? 0;
    if (older > 0) {
      this.reorder = true;
      // Rows renumbered: the templates' per-row assignments no longer hold (the templates do).
      this.mined?.templates.forgetAssignments();
    }
    return this.totals.count(this.sources.list, loki, older);
  }

  /** Counts the rows added so far into the totals, in any order (while the rest of the files is indexed). */
  countArrived(): void {
    this.account();
  }

  /** The initial merge and view (no text filter is set yet, so nothing needs reading). */
  integrateSync(): void {
    this.account();
    if (this.reorder) this.order = MergedOrder.build(this.sources.list);
    else this.order.mergeNew(this.sources.list);
    this.reorder = false;
  }

  /**
   * Takes in rows added to the sources: appended to the order and view when they sort last, else a rebuild
   * (`stale` tells when a newer filter makes building the view pointless). Null when there were no new rows.
   */
  async integrate(stale: () => boolean): Promise<{ appended: number; reset: boolean } | null> {
    if (!this.account()) return null;
    const list = this.sources.list;
    const reordered = this.reorder;
    this.reorder = false;
    if (!reordered && this.order.canAppend(list)) {
      const start = this.order.length;
      this.order.mergeNew(list);
      return { appended: this.extendView(start), reset: false };
    }
    const order = MergedOrder.build(list);
    // Renumbered rows: the old order no longer points at them, so the new view is made before anything is served.
    const view = await this.computeView(order, this.filter, stale, reordered);
    this.order = order;
    // A newer filter is queued and will build its view over this order.
    this.view = view === undefined ? new PagedArray((n) => new Uint32Array(n)) : view;
    return { appended: 0, reset: true };
  }

  /** Applies `rows` (with its templates, mined first if need be) unless a newer one came (`stale`) meanwhile. */
  async setFilter(rows: CompiledFilter, stale: () => boolean): Promise<void> {
    const f = rows.filter;
    const patterns = hasPatternFilter(f) ? new PatternFilter(await this.templates(), f.patterns, f.hidePatterns) : null;
    const filter = { rows, patterns };
    const view = await this.computeView(this.order, filter, stale);
    if (view !== undefined) {
      this.filter = filter;
      this.view = view;
    }
  }

  private isPassAll(filter: ViewFilter): boolean {
    return filter.rows.filter.from === undefined && filter.rows.filter.to === undefined && this.isWindowOnly(filter);
  }

  /** Whether the filter keeps every row of its time window. */
  private isWindowOnly(filter: ViewFilter): boolean {
    const f = filter.rows.filter;
    return (
      filter.rows.minLevel === 0 &&
      !filter.rows.needsText &&
      filter.patterns === null &&
      f.includeUnparsed !== false &&
      ![f.components, f.hosts, f.workloads, f.repetitions, f.phases].some((l) => !!l?.length)
    );
  }

  /** Adds the matching rows among order positions [start, end) to the view; returns how many. */
  private extendView(start: number): number {
    const order = this.order;
    if (this.view === null) return order.length - start;
    const readers = new Map<number, WindowedReader>();
    let added = 0;
    for (let pos = start; pos < order.length; pos++) {
      if (this.matches(order, this.filter, pos, readers)) {
        this.view.push(pos);
        added++;
      }
    }
    return added;
  }

  private matches(order: MergedOrder, filter: ViewFilter, pos: number, readers: Map<number, WindowedReader>): boolean {
    return this.passes(filter, order.source(pos), order.row(pos), readers);
  }

  /** Whether row `r` of source `s` passes the filter (the text read through `readers`, one per source). */
  private passes(filter: ViewFilter, s: number, r: number, readers: Map<number, WindowedReader>): boolean {
    const source = this.sources.list[s];
    if (!filter.rows.passesIndex(source, r)) return false;
    if (filter.rows.needsText && !filter.rows.passesText(source, r, this.reader(s, readers).read)) return false;
    return filter.patterns === null || filter.patterns.passes(this, s, r, readers);
  }

  private reader(s: number, readers: Map<number, WindowedReader>): WindowedReader {
    let reader = readers.get(s);
    if (!reader) readers.set(s, (reader = new WindowedReader(this.sources.list[s])));
    return reader;
  }

  /** Row `r` of source `s` as a record for templates; null for a line that is not a record. */
  record(s: number, r: number, readers: Map<number, WindowedReader>): PatternRecord | null {
    const source = this.sources.list[s];
    const store = source.store;
    const flags = store.flags(r);
    if (flags & FLAG_UNPARSED) return null;
    const text = readRowText(source, r, MAX_DISPLAY_BYTES, this.reader(s, readers).read);
    return {
      level: LEVEL_NAMES[flags & FLAG_LEVEL_MASK],
      component: this.sources.labels.get(store.label(r)).component ?? '',
      message: text?.text ?? '',
      time: store.time(r),
    };
  }

  /** The records of the current order, in time order. */
  private patternRows(): PatternRows {
    const order = this.order;
    return {
      length: order.length,
      sourceOf: (pos) => order.source(pos),
      rowOf: (pos) => order.row(pos),
      record: (s, r, readers) => this.record(s, r, readers),
      time: (s, r) => this.sources.list[s].store.time(r),
    };
  }

  /**
   * The templates of every row taken in so far: those the engine mined (waited for while it mines them) when
   * it does, else mined here (a first pass over the rows); made again only when rows came since.
   */
  private async templates(onRows?: (done: number, total: number) => void, signal?: AbortSignal): Promise<MinedTemplates> {
    const { order } = this;
    const mining = await this.sources.mining?.mined((share) => onRows?.(Math.floor(share * order.length), order.length), signal);
    const length = mining ? mining.counts.records : order.length;
    if (this.mined && (mining || this.mined.order === order) && this.mined.length === length) return this.mined.templates;
    const templates = mining ? this.engineTemplates(mining) : await MinedTemplates.mine(this.patternRows(), { onRows, signal });
    this.mined = { templates, order, length };
    return templates;
  }

  /** The engine's templates, with the rows its workers assigned to them (the others are assigned when read). */
  private engineTemplates(mining: PatternMining): MinedTemplates {
    const refs = templateRefs(mining);
    const templates = new MinedTemplates(refs);
    for (const { source, firstRow, parts } of this.sources.mining?.assignedRows(refs) ?? []) {
      const s = this.sources.list.indexOf(source);
      if (s >= 0) templates.seed(s, firstRow, parts);
    }
    return templates;
  }

  /** Every record's template counted, with its volume over the histogram's buckets of the session's time. */
  async patterns(buckets: number, options: { signal?: AbortSignal; onProgress?(progress: PatternProgress): void } = {}): Promise<LogPatterns> {
    const { signal, onProgress } = options;
    const rows = this.patternRows();
    // One pass (counting) when the engine has mined the templates, else two: mining them here, or waiting
    // for the engine's mining, then counting.
    const passes = this.sources.mining?.done ? 1 : 2;
    const total = passes * rows.length;
    const templates = await this.templates((done) => onProgress?.({ done, total }), signal);
    const span = this.totals.span();
    return templates.count(rows, span, buckets, { signal, onRows: (done) => onProgress?.({ done: (passes - 1) * rows.length + done, total }) });
  }

  /** The view of `filter` over `order`, or undefined when `stale` says a newer filter made it pointless. */
  private async computeView(order: MergedOrder, filter: ViewFilter, stale: () => boolean, atOnce = false): Promise<PagedArray | null | undefined> {
    if (this.isPassAll(filter)) return null;
    const view = PagedArray.u32();
    const readers = new Map<number, WindowedReader>();
    for (let start = 0; start < order.length; start += VIEW_SLICE) {
      if (start > 0 && !atOnce) {
        await new Promise((resolve) => setImmediate(resolve));
        if (stale()) return undefined;
      }
      const end = Math.min(order.length, start + VIEW_SLICE);
      for (let pos = start; pos < end; pos++) if (this.matches(order, filter, pos, readers)) view.push(pos);
    }
    return view;
  }

  get matched(): number {
    return this.view === null ? this.order.length : this.view.length;
  }

  private position(index: number): number {
    return this.view === null ? index : this.view.get(index);
  }

  info(): LogSessionInfo {
    const info: LogSessionInfo = {
      sources: this.sources.list.map((s) => ({ ...s.info })),
      lines: this.totals.records + this.totals.unparsed,
      records: this.totals.records,
      unparsed: this.totals.unparsed,
      matched: this.matched,
      firstTime: this.totals.first,
      lastTime: this.totals.last,
    };
    if (this.sources.notices.length) info.notices = [...this.sources.notices];
    if (this.sources.loki?.loading) info.loading = true;
    return info;
  }

  rows(start: number, count: number): LogRow[] {
    const rows: LogRow[] = [];
    const end = Math.min(this.matched, Math.max(0, start) + Math.max(0, count));
    for (let i = Math.max(0, start); i < end; i++) {
      const pos = this.position(i);
      rows.push(this.rowAt(this.order.source(pos), this.order.row(pos), i));
    }
    return rows;
  }

  /** The row `r` of source `s`, shown at `index` of a listing. */
  rowAt(s: number, r: number, index: number): LogRow {
    const source = this.sources.list[s];
    const store = source.store;
    const flags = store.flags(r);
    const parsed = (flags & FLAG_UNPARSED) === 0;
    const text = readRowText(source, r, MAX_DISPLAY_BYTES);
    const row: LogRow = {
      index,
      source: s,
      offset: source.displayOffset(r),
      time: flags & FLAG_NO_TIME ? null : store.time(r),
      level: parsed ? LEVEL_NAMES[flags & FLAG_LEVEL_MASK] : null,
      message: text ? text.text : '(text no longer available: the file was truncated)',
      parsed,
    };
    if (text?.truncated) row.truncated = true;
    if (parsed) {
      const set = this.sources.labels.get(store.label(r));
      if (set.component !== undefined) row.component = set.component;
      if (set.host !== undefined) row.host = set.host;
      if (set.workload !== undefined) row.workload = set.workload;
      if (set.repetition !== undefined) row.repetition = set.repetition;
      if (set.phase !== undefined) row.phase = set.phase;
    } else {
      row.problem = this.problemOf(source, r);
    }
    return row;
  }

  /** Why row `r` of `source` is malformed, in words (a problem deferred at indexing is worded now). */
  private problemOf(source: RowSource, r: number): string {
    const problem = source.store.problems.get(r) ?? 'malformed line';
    if (problem !== JSON_PROBLEM_DEFERRED) return problem;
    const line = readRawLine(source, r);
    this.explainer ??= new LineClassifier();
    return line ? this.explainer.problemOfLine(line) : 'invalid JSON (the line can no longer be read)';
  }

  details(index: number): LogRowDetails | null {
    if (index < 0 || index >= this.matched) return null;
    const { source: s, row: r } = this.locate(index);
    const source = this.sources.list[s];
    const bytes = readRawLine(source, r);
    const details: LogRowDetails = {
      raw: bytes ? rawDisplayText(bytes, true) : '(text no longer available: the file was truncated)',
      source: source.info.name,
      offset: source.displayOffset(r),
    };
    if (bytes) {
      const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
      const text = bytes.toString('utf8', start);
      try {
        details.record = JSON.parse(text);
      } catch {
        // Not JSON: a logfmt line's fields (workflow logs), else the raw text is all there is.
        details.record = logfmtFields(text);
      }
    }
    return details;
  }

  facets(): LogFacets {
    return this.totals.facets(this.sources.labels);
  }

  async histogram(buckets: number): Promise<HistogramBucket[]> {
    const f = this.filter.rows.filter;
    const loki = this.sources.loki;
    if (loki?.loading && this.sources.list.length === 1 && this.isWindowOnly(this.filter)) {
      // While Loki's history loads, Loki counts the whole range (the rows loaded are only part of it).
      try {
        return await loki.volume(volumeBuckets(f.from ?? loki.range.from, f.to ?? loki.range.to, buckets));
      } catch (err) {
        this.sources.notice(`counting the query's lines over time in Loki failed (${(err as Error).message}); the histogram counts the lines loaded`);
      }
    }
    const span = this.totals.span();
    const from = f.from ?? span?.from ?? null;
    const to = f.to ?? span?.to ?? null;
    if (from === null || to === null) return [];
    const result = emptyBuckets(from, to, buckets);
    if (result.length === 0) return [];
    const width = result[0].end - result[0].start;
    for (let i = 0; i < this.matched; i++) {
      const { source, row } = this.locate(i);
      const store = this.sources.list[source].store;
      const flags = store.flags(row);
      if (flags & FLAG_NO_TIME) continue;
      const b = Math.floor((store.time(row) - from) / width);
      if (b < 0 || b >= result.length) continue;
      const key = flags & FLAG_UNPARSED ? 'UNPARSED' : LEVEL_NAMES[flags & FLAG_LEVEL_MASK];
      result[b].counts[key] = (result[b].counts[key] ?? 0) + 1;
    }
    return result;
  }

  findLevel(from: number, direction: 1 | -1, minLevel: LogLevel): number | null {
    const min = levelNumber(minLevel);
    for (let i = from + direction; i >= 0 && i < this.matched; i += direction) {
      const { source, row } = this.locate(i);
      const flags = this.sources.list[source].store.flags(row);
      if ((flags & FLAG_UNPARSED) === 0 && (flags & FLAG_LEVEL_MASK) >= min) return i;
    }
    return null;
  }

  /** Source and row of the view's row `index`. */
  locate(index: number): { source: number; row: number } {
    const pos = this.position(index);
    return { source: this.order.source(pos), row: this.order.row(pos) };
  }

  /** Rows of each source taken into the view so far: a starting point for `matchingSince`. */
  followMarks(): number[] {
    return this.sources.list.map((_, s) => this.order.placed[s] ?? 0);
  }

  /** Rows taken in since `marks` (see followMarks) that pass the filter, in time order; `marks` is advanced. */
  matchingSince(marks: number[]): Array<{ source: number; row: number }> {
    const found: Array<{ source: number; row: number; time: number }> = [];
    const readers = new Map<number, WindowedReader>();
    const list = this.sources.list;
    for (let s = 0; s < list.length; s++) {
      const placed = this.order.placed[s] ?? 0;
      for (let r = marks[s] ?? 0; r < placed; r++) {
        if (this.passes(this.filter, s, r, readers)) found.push({ source: s, row: r, time: list[s].store.time(r) });
      }
      marks[s] = placed;
    }
    // Array.prototype.sort is stable: rows of one source keep their order.
    return found.sort((a, b) => a.time - b.time || a.source - b.source);
  }

  /** The first `limit` malformed rows (where and why) in source order, and how many there are. */
  malformedRows(limit: number): { total: number; rows: Array<{ where: string; problem: string }> } {
    const rows: Array<{ where: string; problem: string }> = [];
    const list = this.sources.list;
    for (let s = 0; s < list.length && rows.length < limit; s++) {
      for (const row of list[s].store.problems.keys()) {
        if (rows.length >= limit) break;
        rows.push({ where: this.sources.where(s, row), problem: this.problemOf(list[s], row) });
      }
    }
    return { total: this.totals.unparsed, rows };
  }

  /** Bytes held by the index: columns of every source, the merged order and the filtered view. */
  indexBytes(): number {
    return this.sources.list.reduce((sum, s) => sum + s.store.bytes(), 0) + this.order.bytes() + (this.view?.bytes() ?? 0);
  }
}
