// What a log session counts over all its rows, whatever the filter: lines, records and lines that are not
// records, the records' time span, and records per label set and level (the facets' counts).
import type { LabelSetTable } from './labelSets';
import { LEVEL_NAMES } from './lineClassifier';
import type { LogFacets } from './model';
import { FLAG_LEVEL_MASK, FLAG_UNPARSED } from './rowBatch';
import type { RowPage } from './rowPage';
import type { RowSource } from './rowSource';
import type { RowStore } from './rowStore';

export class LogTotals {
  records = 0;
  unparsed = 0;
  private firstTime = Infinity;
  private lastTime = -Infinity;
  /** Rows of each source already counted. */
  private readonly counted: number[] = [];
  /** Records per label set and level: index `label * 5 + level` (a typed array: the count loop runs per row). */
  private facetCounts: Float64Array = new Float64Array(5 * 64);

  /**
   * Counts the rows added to the sources since the last call: appended ones, and `prepended` rows put before
   * those of source `prependedTo` (Loki's history read newest first). False when there were none.
   */
  count(list: readonly RowSource[], prependedTo: RowSource | undefined, prepended: number): boolean {
    let any = false;
    for (let s = 0; s < list.length; s++) {
      const store = list[s].store;
      const before = list[s] === prependedTo ? prepended : 0;
      const from = (this.counted[s] ?? 0) + before;
      if (from === store.length && before === 0) continue;
      any = true;
      // The rows put before those counted (0 .. before), then those appended since.
      if (before > 0) this.countRows(store, 0, before);
      this.countRows(store, from, store.length);
      this.counted[s] = store.length;
    }
    return any;
  }

  private countRows(store: RowStore, from: number, to: number): void {
    store.forEachSpan(from, to, (page, start, end) => this.countPage(page, start, end));
  }

  /** Rows [start, end) of one page; the running values stay in locals for the loop (a million rows at once). */
  private countPage(page: RowPage, start: number, end: number): void {
    const { flags, labels, times } = page;
    let facets = this.facetCounts;
    let first = this.firstTime;
    let last = this.lastTime;
    let unparsed = 0;
    for (let j = start; j < end; j++) {
      const f = flags[j];
      if (f & FLAG_UNPARSED) {
        unparsed++;
        continue;
      }
      const k = labels[j] * 5 + (f & FLAG_LEVEL_MASK);
      if (k >= facets.length) facets = this.growFacets(k);
      facets[k]++;
      const t = times[j];
      if (t < first) first = t;
      if (t > last) last = t;
    }
    this.unparsed += unparsed;
    this.records += end - start - unparsed;
    this.firstTime = first;
    this.lastTime = last;
  }

  private growFacets(k: number): Float64Array {
    const grown = new Float64Array(Math.max(2 * this.facetCounts.length, 5 * (Math.floor(k / 5) + 1)));
    grown.set(this.facetCounts);
    this.facetCounts = grown;
    return grown;
  }

  /** Epoch ms of the first record and just after the last (whole ms), null without records. */
  span(): { from: number; to: number } | null {
    return this.records ? { from: Math.floor(this.firstTime), to: Math.floor(this.lastTime) + 1 } : null;
  }

  get first(): number | null {
    return this.records ? this.firstTime : null;
  }

  get last(): number | null {
    return this.records ? this.lastTime : null;
  }

  facets(labels: LabelSetTable): LogFacets {
    const facets: LogFacets = { level: {}, component: {}, host: {}, workload: {}, repetition: {}, phase: {} };
    const add = (into: Record<string, number>, key: string | number | undefined, n: number) => {
      if (key !== undefined) into[key] = (into[key] ?? 0) + n;
    };
    this.facetCounts.forEach((n, k) => {
      if (!n) return;
      const set = labels.get(Math.floor(k / 5));
      add(facets.level, LEVEL_NAMES[k % 5], n);
      add(facets.component, set.component, n);
      add(facets.host, set.host, n);
      add(facets.workload, set.workload, n);
      add(facets.repetition, set.repetition, n);
      add(facets.phase, set.phase, n);
    });
    return facets;
  }
}
