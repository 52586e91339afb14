// Assigning lines to known templates in a scan worker: once the session's templates are mined, the pool's
// workers read the indexed byte ranges again and give each line's template (its index in the list, -1 for a
// line that is not a record), so that the Patterns view counts rows instead of reading and matching a million
// messages in one thread. The same matcher and the same decoded message as the view's own assignment
// (viewPatterns.ts), so a row gets the same template wherever it was assigned.
import { LEVEL_NAMES, type LineInfo } from '../lineClassifier';
import { MAX_DISPLAY_BYTES, messageText } from '../rowText';
import { TemplateMatcher, type TemplateOf } from './templateMatcher';

export class TemplateAssignment {
  private readonly matcher: TemplateMatcher;
  private assigned: Int32Array;

  constructor(templates: readonly TemplateOf[], expectedRows: number) {
    this.matcher = new TemplateMatcher(templates);
    this.assigned = new Int32Array(Math.max(16, expectedRows)).fill(-1);
  }

  /** The record classified as `info`, whose line starts at `lineStart` in `b`, is row `row` of the range. */
  record(b: Buffer, lineStart: number, info: LineInfo, row: number): void {
    if (row >= this.assigned.length) {
      const bigger = new Int32Array(Math.max(row + 1, this.assigned.length * 2)).fill(-1);
      bigger.set(this.assigned);
      this.assigned = bigger;
    }
    // The message as the view reads it (cut where the panel cuts it), so that both assign alike.
    const message =
      info.message === undefined
        ? messageText(b, lineStart + info.messageStart, lineStart + info.messageEnd, info.messageEscaped, MAX_DISPLAY_BYTES).text
        : info.message.slice(0, MAX_DISPLAY_BYTES);
    this.assigned[row] = this.matcher.match(LEVEL_NAMES[info.level], info.component!, message);
  }

  /** The template of each of the range's `rows` rows. */
  result(rows: number): Int32Array {
    if (this.assigned.length === rows) return this.assigned;
    const exact = new Int32Array(rows).fill(-1);
    exact.set(this.assigned.subarray(0, Math.min(rows, this.assigned.length)));
    return exact;
  }
}
