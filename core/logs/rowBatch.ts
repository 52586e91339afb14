// Rows as the indexer produces them: pages of typed columns (rowPage.ts; transferable between threads without
// copying, and kept as they are by the RowStore), plus the label sets their ids refer to and the problems of
// malformed lines.
import type { LabelSet } from './labelSets';
import { PAGE_ROWS, RowPage, type RowPageData, pageBuffers } from './rowPage';

// Row flags: bits 0-2 hold the level (LEVEL_NONE = 7).
export const FLAG_LEVEL_MASK = 0x07;
export const FLAG_UNPARSED = 0x08;
/** The message bytes contain JSON escapes. */
export const FLAG_MSG_ESCAPED = 0x10;
/** The line has no valid timestamp of its own; its time column holds the previous line's (for ordering). */
export const FLAG_NO_TIME = 0x20;
/** The message position was not recorded (too far into the line, or found by the slow path). */
export const FLAG_MSG_UNKNOWN = 0x40;
/** Message offsets are stored in 16 bits; longer prefixes fall back to rescanning the line. */
export const MAX_MESSAGE_START = 0xfffe;

export interface RowBatch {
  count: number;
  /** Full pages of PAGE_ROWS rows but the last; rows without a time before the batch's first timed row have NaN. */
  pages: RowPageData[];
  /** [row, problem] for malformed rows. */
  problems: Array<[number, string]>;
  /** The sets the rows' label ids refer to, by id (local to the batch when it comes from another thread). */
  labelSets: LabelSet[];
}

export class RowBatchBuilder {
  count = 0;
  /** Row r is row r & PAGE_MASK of page r >>> PAGE_SHIFT. */
  readonly pages: RowPage[] = [];
  problems: Array<[number, string]> = [];
  /** Time of the last row with a time of its own (NaN before the first): rows without one get it. */
  lastTime = NaN;

  /** `expectedRows` sizes the pages (an estimate: they grow past it). */
  constructor(private readonly expectedRows = 1024) {}

  /** Adds a row at `offset`; returns its page, where it is the last row (index count - 1): the caller sets its other columns. */
  add(offset: number): RowPage {
    let page = this.pages[this.pages.length - 1];
    if (page === undefined || page.count === PAGE_ROWS) {
      page = new RowPage(offset, Math.min(PAGE_ROWS, Math.max(16, this.expectedRows - this.count)));
      this.pages.push(page);
    } else if (page.count === page.capacity) {
      page.resize(Math.min(PAGE_ROWS, Math.ceil(page.capacity * 1.5)));
    }
    page.setOffset(page.count++, offset);
    this.count++;
    return page;
  }

  /** The rows so far, the last page's unused room given back. */
  build(labelSets: LabelSet[]): RowBatch {
    this.pages[this.pages.length - 1]?.trim();
    return { count: this.count, pages: this.pages, problems: this.problems, labelSets };
  }
}

/** The ArrayBuffers of a batch, to transfer it to another thread. */
export function batchTransferList(batch: RowBatch): ArrayBuffer[] {
  return batch.pages.flatMap(pageBuffers);
}
