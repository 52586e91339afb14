// The indexer's inner loop: finds the lines of a file range, classifies each one and appends a row to a
// batch, reading the file in large chunks and never holding more than a chunk (or one long line).
import { isUtf8 } from 'buffer';
import * as fs from 'fs';
import { LabelSetTable } from './labelSets';
import { LineClassifier, LineInfo } from './lineClassifier';
import type { PatternMining } from './patterns/patternMining';
import type { TemplateAssignment } from './patterns/templateAssignment';
import {
  FLAG_MSG_ESCAPED,
  FLAG_MSG_UNKNOWN,
  FLAG_NO_TIME,
  FLAG_UNPARSED,
  MAX_MESSAGE_START,
  RowBatchBuilder,
} from './rowBatch';

const CHUNK_BYTES = 1 << 20;
/** Lines longer than this are kept as unparsed rows without being read into memory at once. */
const MAX_PARSED_LINE_BYTES = 64 << 20;

export class IndexContext {
  readonly classifier = new LineClassifier();
  readonly info = new LineInfo();
  /** Label set ids by the classifier's label keys: most lines find theirs without building a string. */
  private readonly labelIds = new Map<number, number>();
  private lastLabelKey = -1;
  private lastLabelId = 0;
  /**
   * Set to mine the patterns of every record this context indexes (only when asked: it costs more than
   * indexing). FileSource.catchUp then has the scan workers mine their parts too, and applyParts absorbs them
   * in file order. A log session's SessionMining (patterns/sessionMining.ts) sets it.
   */
  mining: PatternMining | undefined;
  /** False when only the patterns are wanted (mineOnly). */
  keepRows = true;
  /** Set to give each record its template among templates already mined (assignOnly). */
  assignment: TemplateAssignment | undefined;

  /**
   * Only the patterns are wanted (`logs patterns`, compare): lines are classified (without the labels mining
   * does not read), mined and counted in the batch (`count`, `problems`), not stored: a good part of indexing.
   */
  mineOnly(mining: PatternMining): void {
    this.mining = mining;
    this.keepRows = false;
    this.classifier.componentOnly = true;
  }
  /** Only each record's template among `assignment`'s is wanted: lines are classified and matched, not stored. */
  assignOnly(assignment: TemplateAssignment): void {
    this.assignment = assignment;
    this.keepRows = false;
    this.classifier.componentOnly = true;
  }

  constructor(readonly labels: LabelSetTable = new LabelSetTable()) {
    // Rows keep their problem until shown: the wording of a line cut short is found then (logView.problemOf).
    this.classifier.deferJsonProblems = true;
  }

  labelIdOf(info: LineInfo): number {
    const key = info.labelKey;
    if (key < 0) return this.labels.idOf(info.component, info.host, info.workload, info.repetition, info.phase);
    if (key === this.lastLabelKey) return this.lastLabelId;
    let id = this.labelIds.get(key);
    if (id === undefined) {
      id = this.labels.idOf(info.component, info.host, info.workload, info.repetition, info.phase);
      this.labelIds.set(key, id);
    }
    this.lastLabelKey = key;
    this.lastLabelId = id;
    return id;
  }
}

/**
 * Indexes the complete lines of b[start, end) (b[0] is at file offset `baseOffset`) and returns the buffer
 * index just after the last newline, i.e. where the first incomplete line starts.
 */
function indexBuffer(b: Buffer, start: number, end: number, baseOffset: number, out: RowBatchBuilder, ctx: IndexContext): number {
  const last = end > start ? b.lastIndexOf(0x0a, end - 1) : -1;
  if (last < start) return start;
  // One native UTF-8 check for the whole region; only a region that fails is checked line by line.
  const utf8Ok = isUtf8(b.subarray(start, last));
  let pos = start;
  while (pos <= last) {
    const nl = b.indexOf(0x0a, pos);
    addRow(b, pos, nl, baseOffset, out, ctx, utf8Ok);
    pos = nl + 1;
  }
  return pos;
}

export function addRow(b: Buffer, start: number, end: number, baseOffset: number, out: RowBatchBuilder, ctx: IndexContext, utf8Ok: boolean): void {
  const info = ctx.info;
  ctx.classifier.classify(b, start, end, info, utf8Ok);
  if (!ctx.keepRows) {
    // Mining only: the line is counted (and its problem kept), not stored.
    if (info.parsed) {
      ctx.mining?.record(b, start, info);
      ctx.assignment?.record(b, start, info, out.count);
    } else {
      out.problems.push([out.count, info.problem]);
    }
    out.count++;
    return;
  }
  const r = out.count;
  const page = out.add(baseOffset + start);
  const j = page.count - 1;
  let flags = info.level;
  if (Number.isNaN(info.time)) {
    flags |= FLAG_NO_TIME;
    page.times[j] = out.lastTime;
  } else {
    page.times[j] = out.lastTime = info.time;
  }
  if (info.parsed) {
    page.setLabel(j, ctx.labelIdOf(info));
    if (ctx.mining !== undefined) ctx.mining.record(b, start, info);
    if (info.messageStart >= 0 && info.messageStart <= MAX_MESSAGE_START) {
      page.messageStarts[j] = info.messageStart;
      page.messageLengths[j] = info.messageEnd - info.messageStart;
      if (info.messageEscaped) flags |= FLAG_MSG_ESCAPED;
    } else {
      flags |= FLAG_MSG_UNKNOWN;
    }
  } else {
    flags |= FLAG_UNPARSED;
    page.messageLengths[j] = end - start;
    out.problems.push([r, info.problem]);
  }
  page.flags[j] = flags;
}

function addOversizedRow(offset: number, length: number, out: RowBatchBuilder): void {
  const r = out.count;
  const page = out.add(offset);
  const j = page.count - 1;
  page.times[j] = out.lastTime;
  page.flags[j] = 7 | FLAG_UNPARSED | FLAG_NO_TIME;
  page.messageLengths[j] = Math.min(length, 0xffffffff);
  out.problems.push([r, `line of ${length} bytes is longer than ${MAX_PARSED_LINE_BYTES >> 20} MiB: kept unparsed`]);
}

let reusedChunk: Buffer | undefined;

/**
 * The thread's read buffer for ranges of a chunk or more: a scan worker indexes or mines one range after
 * another, and a fresh 4 MiB buffer each time is memory that only a garbage collection gives back. Safe to
 * share: indexFileRange runs to its end without yielding, and keeps no view of the buffer.
 */
function chunk(): Buffer {
  reusedChunk ??= Buffer.allocUnsafe(CHUNK_BYTES + 1);
  return reusedChunk;
}

export interface RangeIndexed {
  /** File offset after the last indexed line (and its newline). */
  consumed: number;
  /** Where the last indexed line's content ends (its newline excluded). */
  lastLineEnd: number;
}

/**
 * Indexes the lines of the file range [start, end). A last line without a newline is left for later, unless
 * `final` (the file will not grow any more).
 */
export function indexFileRange(fd: number, start: number, end: number, out: RowBatchBuilder, ctx: IndexContext, final = false): RangeIndexed {
  if (end <= start) return { consumed: start, lastLineEnd: start - 1 };
  let buf = end - start >= CHUNK_BYTES ? chunk() : Buffer.allocUnsafe(end - start + 1);
  let bufOffset = start;
  let len = 0;
  let consumed = start;
  for (;;) {
    const want = Math.min(buf.length - 1 - len, end - (bufOffset + len));
    const n = want > 0 ? fs.readSync(fd, buf, len, want, bufOffset + len) : 0;
    len += n;
    const atEnd = n === 0 || bufOffset + len >= end;
    const used = indexBuffer(buf, consumed - bufOffset, len, bufOffset, out, ctx);
    consumed = bufOffset + used;
    if (atEnd) {
      if (final && used < len) {
        // The file will not grow: its last line ends at the end of the file. Give it its sentinel newline.
        buf[len] = 0x0a;
        indexBuffer(buf, used, len + 1, bufOffset, out, ctx);
        return { consumed: bufOffset + len, lastLineEnd: bufOffset + len };
      }
      return { consumed, lastLineEnd: consumed - 1 };
    }
    if (used === 0 && len === buf.length - 1) {
      if (len >= MAX_PARSED_LINE_BYTES) {
        const skipped = skipOversizedLine(fd, bufOffset, end, out, final);
        if (skipped.consumed === bufOffset) return { consumed, lastLineEnd: consumed - 1 };
        if (skipped.consumed >= end) return skipped;
        consumed = bufOffset = skipped.consumed;
        len = 0;
        continue;
      }
      const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, MAX_PARSED_LINE_BYTES + 1));
      buf.copy(bigger, 0, 0, len);
      buf = bigger;
      continue;
    }
    buf.copy(buf, 0, used, len);
    len -= used;
    bufOffset = consumed;
  }
}

/** Finds the end of a line too long to parse by reading forward; `consumed` stays at `lineStart` if it has no end yet. */
function skipOversizedLine(fd: number, lineStart: number, end: number, out: RowBatchBuilder, final: boolean): RangeIndexed {
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  for (let pos = lineStart + MAX_PARSED_LINE_BYTES; pos < end; ) {
    const n = fs.readSync(fd, buf, 0, Math.min(buf.length, end - pos), pos);
    if (n === 0) break;
    const nl = buf.subarray(0, n).indexOf(0x0a);
    if (nl >= 0) {
      addOversizedRow(lineStart, pos + nl - lineStart, out);
      return { consumed: pos + nl + 1, lastLineEnd: pos + nl };
    }
    pos += n;
  }
  if (!final) return { consumed: lineStart, lastLineEnd: lineStart - 1 };
  addOversizedRow(lineStart, end - lineStart, out);
  return { consumed: end, lastLineEnd: end };
}
