// A LogFilter compiled for the index: field filters are decided once per label set, the level and time
// from the row's columns, and the text (when there is one) against the message read back from the source.
import type { LabelSetTable } from './labelSets';
import type { LogFilter, LogLevel } from './model';
import { LEVEL_NAMES } from './lineClassifier';
import { FLAG_LEVEL_MASK, FLAG_UNPARSED } from './rowBatch';
import { MAX_SEARCH_BYTES, ReadFn, readRowText } from './rowText';
import type { RowSource } from './rowSource';

export class InvalidFilterError extends Error {}

export function levelNumber(level: LogLevel): number {
  const n = LEVEL_NAMES.indexOf(level);
  if (n < 0) throw new InvalidFilterError(`unknown level "${level}": expected one of ${LEVEL_NAMES.join(', ')}`);
  return n;
}

/** The text filter as a regular expression: a literal text is escaped, a regex is checked here. */
function textPattern(filter: LogFilter): RegExp | null {
  if (!filter.text) return null;
  const source = filter.regex ? filter.text : filter.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  try {
    return new RegExp(source, filter.caseSensitive ? '' : 'i');
  } catch (err) {
    throw new InvalidFilterError(`invalid regular expression /${filter.text}/: ${(err as Error).message}`);
  }
}

export class CompiledFilter {
  readonly minLevel: number;
  readonly text: RegExp | null;
  private readonly from: number;
  private readonly to: number;
  private readonly includeUnparsed: boolean;
  /** Per label set id: 1 passes, 2 fails, 0 not decided yet (sets are added as lines arrive). */
  private labelVerdicts = new Uint8Array(64);
  private readonly fieldFilters: boolean;

  constructor(
    readonly filter: LogFilter,
    private readonly labels: LabelSetTable,
  ) {
    this.minLevel = filter.minLevel ? levelNumber(filter.minLevel) : 0;
    this.text = textPattern(filter);
    this.from = filter.from ?? -Infinity;
    this.to = filter.to ?? Infinity;
    this.includeUnparsed = filter.includeUnparsed ?? true;
    // An empty list means "no filter on this field", as an empty multi-select does.
    this.fieldFilters = [filter.components, filter.hosts, filter.workloads, filter.repetitions, filter.phases].some((f) => !!f?.length);
  }

  get needsText(): boolean {
    return this.text !== null;
  }

  /** Everything but the text. */
  passesIndex(source: RowSource, row: number): boolean {
    const store = source.store;
    const flags = store.flags(row);
    if (flags & FLAG_UNPARSED) {
      if (!this.includeUnparsed) return false;
    } else {
      if ((flags & FLAG_LEVEL_MASK) < this.minLevel) return false;
      if (this.fieldFilters && !this.labelPasses(store.label(row))) return false;
    }
    if (this.from !== -Infinity || this.to !== Infinity) {
      // A row without its own time is judged by the time it sorts under (the line before it).
      const t = store.time(row);
      if (!(t >= this.from && t < this.to)) return false;
    }
    return true;
  }

  passesText(source: RowSource, row: number, read: ReadFn): boolean {
    if (!this.text) return true;
    const text = readRowText(source, row, MAX_SEARCH_BYTES, read);
    return text !== null && this.text.test(text.text);
  }

  private labelPasses(id: number): boolean {
    if (id >= this.labelVerdicts.length) {
      const bigger = new Uint8Array(Math.max(id + 1, this.labelVerdicts.length * 2));
      bigger.set(this.labelVerdicts);
      this.labelVerdicts = bigger;
    }
    let verdict = this.labelVerdicts[id];
    if (verdict === 0) {
      verdict = this.decideLabels(id) ? 1 : 2;
      this.labelVerdicts[id] = verdict;
    }
    return verdict === 1;
  }

  private decideLabels(id: number): boolean {
    const set = this.labels.get(id);
    const f = this.filter;
    if (f.components?.length && !f.components.includes(set.component ?? '')) return false;
    if (f.hosts?.length && !f.hosts.includes(set.host ?? '')) return false;
    if (f.workloads?.length && !f.workloads.includes(set.workload ?? '')) return false;
    if (f.repetitions?.length && (set.repetition === undefined || !f.repetitions.includes(set.repetition))) return false;
    if (f.phases?.length && !f.phases.includes(set.phase ?? '')) return false;
    return true;
  }
}
