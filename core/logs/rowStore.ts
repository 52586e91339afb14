// The index of one source: per line a few typed columns, in pages (rowPage.ts). Large batches (the scan
// workers' parts, a big in-thread range) are kept as the indexer built them; small ones (a followed file's new
// lines, Loki pages) are copied into an open page that grows up to PAGE_ROWS rows, so that a growing source
// never holds more than one partly used page and no page is tiny.
import type { RowBatch } from './rowBatch';
import { FLAG_NO_TIME } from './rowBatch';
import { PAGE_ROWS, PAGE_SHIFT, RowPage, type RowPageData, U32_LIMIT } from './rowPage';

/** Batch pages with fewer rows are copied, not kept: a row's page is found by a walk over the pages of its 64K-row block. */
const MIN_KEPT_ROWS = 4096;

export class RowStore {
  length = 0;
  private pages: RowPage[] = [];
  /** Index of each page's first row. */
  private starts: number[] = [];
  /** For each block of PAGE_ROWS rows, the index of the page holding its first row. */
  private blockPages: number[] = [];
  /** The last page when rows can still be copied into it. */
  private open: RowPage | undefined;
  /** Problem of each malformed row. */
  readonly problems = new Map<number, string>();
  /** Byte offset where the content of the last row ends (its newline excluded). */
  lastLineEnd = 0;

  /**
   * Appends a batch; `labelMap` translates the batch's label ids into this session's (null: same ids).
   * `lastLineEnd` is where the batch's last line ends. A batch's offsets ascend (lines in file order).
   */
  append(batch: RowBatch, labelMap: Uint32Array | null, lastLineEnd: number): void {
    if (batch.count === 0) return;
    const base = this.length;
    // Rows without a time sort right after the row before them; the first rows of a source, at the start.
    const timeBefore = base > 0 ? this.time(base - 1) : -Infinity;
    for (const [row, problem] of batch.problems) this.problems.set(base + row, problem);
    const widest = labelMap === null ? 0 : largest(labelMap);
    for (const data of batch.pages) {
      if (data.count >= MIN_KEPT_ROWS) this.keep(RowPage.adopt(data), labelMap, widest);
      else this.copy(data, labelMap, widest);
    }
    this.fillLeadingTimes(base, timeBefore);
    this.lastLineEnd = lastLineEnd;
  }

  /** Adds a page as it is, after translating its label ids in place. */
  private keep(page: RowPage, labelMap: Uint32Array | null, widest: number): void {
    if (labelMap !== null) mapLabels(page, 0, labelMap, widest);
    if (this.open) this.open.trim();
    this.open = undefined;
    this.addPage(page);
    this.length += page.count;
    this.indexBlocks();
  }

  /** Copies a page's rows into open pages, a column at a time. */
  private copy(from: RowPageData, labelMap: Uint32Array | null, widest: number): void {
    let r = 0;
    while (r < from.count) {
      const to = this.openPage(from.count - r, from.offsetBase + from.offsets[r]);
      const n = Math.min(from.count - r, to.capacity - to.count);
      const j0 = to.count;
      if (from.offsetBase + from.offsets[r + n - 1] - to.offsetBase >= U32_LIMIT && to.offsets instanceof Uint32Array) to.widenOffsets();
      const shift = from.offsetBase - to.offsetBase;
      for (let k = 0; k < n; k++) to.offsets[j0 + k] = from.offsets[r + k] + shift;
      if (from.labels instanceof Uint32Array && to.labels instanceof Uint16Array) to.widenLabels();
      to.labels.set(from.labels.subarray(r, r + n), j0);
      to.times.set(from.times.subarray(r, r + n), j0);
      to.flags.set(from.flags.subarray(r, r + n), j0);
      to.messageStarts.set(from.messageStarts.subarray(r, r + n), j0);
      to.messageLengths.set(from.messageLengths.subarray(r, r + n), j0);
      to.count += n;
      if (labelMap !== null) mapLabels(to, j0, labelMap, widest);
      this.length += n;
      r += n;
    }
    this.indexBlocks();
  }

  /** A page rows can be copied into, with room for at least one more. */
  private openPage(wanted: number, firstOffset: number): RowPage {
    let page = this.open;
    if (page === undefined || page.count === PAGE_ROWS) {
      page = new RowPage(firstOffset, Math.min(PAGE_ROWS, Math.max(wanted, 1024)));
      this.addPage(page);
      this.open = page;
    } else if (page.count === page.capacity) {
      page.resize(Math.min(PAGE_ROWS, Math.max(page.capacity * 2, page.count + wanted)));
    }
    return page;
  }

  private addPage(page: RowPage): void {
    this.pages.push(page);
    this.starts.push(this.length);
  }

  /** Records the page of each block whose first row now exists. */
  private indexBlocks(): void {
    let k = this.blockPages.length ? this.blockPages[this.blockPages.length - 1] : 0;
    for (let block = this.blockPages.length; block * PAGE_ROWS < this.length; block++) {
      const row = block * PAGE_ROWS;
      while (row - this.starts[k] >= this.pages[k].count) k++;
      this.blockPages.push(k);
    }
  }

  /** Rows from `from` on without a time of their own, up to the first with one, sort under `time`, the time before them. */
  private fillLeadingTimes(from: number, time: number): void {
    for (let i = from; i < this.length; i++) {
      const k = this.pageIndex(i);
      const page = this.pages[k];
      const j = i - this.starts[k];
      if (!(page.flags[j] & FLAG_NO_TIME)) return;
      page.times[j] = time;
    }
  }

  /**
   * Puts `batch`'s rows before the rows already here (a source whose history arrives newest first): its lines
   * take the first `bytes` bytes of the source, so every row already here moves `bytes` further and
   * `batch.count` rows down. Pages are kept or copied as in append: callers batch geometrically (O(n) in all).
   */
  prepend(batch: RowBatch, bytes: number): void {
    if (batch.count === 0) return;
    const older = new RowStore();
    older.append(batch, null, bytes - 1);
    for (let k = 0; k < this.pages.length; k++) {
      const page = this.pages[k];
      const moved = RowPage.adopt({ ...page, offsetBase: page.offsetBase + bytes });
      older.append({ count: page.count, pages: [moved], problems: [], labelSets: [] }, null, 0);
    }
    for (const [row, problem] of this.problems) older.problems.set(row + batch.count, problem);
    this.problems.clear();
    for (const [row, problem] of older.problems) this.problems.set(row, problem);
    this.pages = older.pages;
    this.starts = older.starts;
    this.blockPages = older.blockPages;
    this.open = older.open;
    this.length = older.length;
    this.lastLineEnd = this.length === batch.count ? bytes - 1 : this.lastLineEnd + bytes;
  }

  /** Index of the page holding row `i` (< length): the block's first page, or one of the few after it. */
  private pageIndex(i: number): number {
    let k = this.blockPages[i >>> PAGE_SHIFT];
    while (i - this.starts[k] >= this.pages[k].count) k++;
    return k;
  }

  /**
   * Calls `each` for every page holding rows of [from, to) with the part of its rows in that range
   * ([start, end) in the page; `row` is the store row of `start`): loops over many rows read the columns
   * directly instead of finding the page of each row.
   */
  forEachSpan(from: number, to: number, each: (page: RowPage, start: number, end: number, row: number) => void): void {
    if (from >= to) return;
    let k = this.pageIndex(from);
    for (let row = from; row < to; k++) {
      const start = row - this.starts[k];
      const end = Math.min(this.pages[k].count, to - this.starts[k]);
      each(this.pages[k], start, end, row);
      row += end - start;
    }
  }

  /** The latest time of rows [from, to) (-Infinity for none). */
  maxTime(from: number, to: number): number {
    let max = -Infinity;
    this.forEachSpan(from, to, (page, start, end) => {
      max = Math.max(max, largest(page.times, start, end));
    });
    return max;
  }

  offset(i: number): number {
    const k = this.pageIndex(i);
    const p = this.pages[k];
    return p.offsetBase + p.offsets[i - this.starts[k]];
  }

  /** End of the line's content: the next line's start minus its newline, or lastLineEnd for the last row. */
  lineEnd(i: number): number {
    return i + 1 < this.length ? this.offset(i + 1) - 1 : this.lastLineEnd;
  }

  /** Sort time (epoch ms); rows without a timestamp carry the previous row's, see `hasTime`. */
  time(i: number): number {
    const k = this.pageIndex(i);
    return this.pages[k].times[i - this.starts[k]];
  }

  flags(i: number): number {
    const k = this.pageIndex(i);
    return this.pages[k].flags[i - this.starts[k]];
  }

  label(i: number): number {
    const k = this.pageIndex(i);
    return this.pages[k].labels[i - this.starts[k]];
  }

  messageStart(i: number): number {
    const k = this.pageIndex(i);
    return this.pages[k].messageStarts[i - this.starts[k]];
  }

  messageLength(i: number): number {
    const k = this.pageIndex(i);
    return this.pages[k].messageLengths[i - this.starts[k]];
  }

  /** Bytes held by the columns (allocated, not only used). */
  bytes(): number {
    return this.pages.reduce((sum, p) => sum + p.bytes(), 0);
  }
}

/** Translates the label ids of rows from `j0` on in place; `widest` is the largest id of the map. */
function mapLabels(page: RowPage, j0: number, labelMap: Uint32Array, widest: number): void {
  if (widest > 0xffff && page.labels instanceof Uint16Array) page.widenLabels();
  const labels = page.labels;
  for (let j = j0; j < page.count; j++) labels[j] = labelMap[labels[j]];
}

/**
 * The largest of values[start, end) (-Infinity for none): label ids, or times; a loop over locals (a closure's
 * captured variable costs a store per row).
 */
function largest(values: Uint32Array | Float64Array, start = 0, end = values.length): number {
  let max = -Infinity;
  for (let j = start; j < end; j++) if (values[j] > max) max = values[j];
  return max;
}
