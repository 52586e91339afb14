// A LogSession over records held in memory (or computed from their index, for a million synthetic rows), with
// the filter semantics of core/logs/model.ts. It stands in for the log engine in the log panel's tests and
// records every call, so tests can check that the panel asks only for what it shows.
import type { Disposable, HistogramBucket, LogFacets, LogFilter, LogLevel, LogPatterns, LogRow, LogRowDetails, LogSession, LogSessionInfo } from '../../core/logs/model';
import { LOG_LEVELS } from '../../core/logs/model';
import { type ChangeListener, SessionListeners } from '../../core/logs/sessionListeners';

/** A row's fields; `parsed` defaults to true (an unparsed record is shown as its raw text), `source` to 0. */
export interface MemoryRecord extends Omit<LogRow, 'index' | 'offset' | 'parsed' | 'source'> {
  parsed?: boolean;
  source?: number;
}

export interface MemorySessionOptions {
  records?: MemoryRecord[];
  /** Synthetic rows: `count` records computed by `recordAt`, before any in `records`. */
  count?: number;
  recordAt?: (index: number) => MemoryRecord;
  sources?: string[];
  /** LogSessionInfo.notices and .loading; change them with setStatus. */
  notices?: string[];
  loading?: boolean;
}

const rank = (level: LogLevel | null) => (level === null ? -1 : LOG_LEVELS.indexOf(level));

export class MemoryLogSession implements LogSession {
  readonly calls: { method: string; args: unknown[] }[] = [];
  private readonly synthetic: number;
  private readonly recordAt: (index: number) => MemoryRecord;
  private readonly extra: MemoryRecord[];
  private readonly sources: string[];
  private notices: string[];
  private loading: boolean;
  private filter: LogFilter = {};
  /** Record numbers of the filtered view, or null when the filter keeps everything. */
  private view: number[] | null = null;
  private readonly listeners = new SessionListeners();

  constructor(options: MemorySessionOptions) {
    this.synthetic = options.count ?? 0;
    this.recordAt = options.recordAt ?? (() => ({ time: null, level: null, message: '' }));
    this.extra = [...(options.records ?? [])];
    this.sources = options.sources ?? ['memory.jsonl'];
    this.notices = options.notices ?? [];
    this.loading = options.loading ?? false;
  }

  private get total(): number {
    return this.synthetic + this.extra.length;
  }

  private record(n: number): MemoryRecord {
    return n < this.synthetic ? this.recordAt(n) : this.extra[n - this.synthetic];
  }

  private matches(r: MemoryRecord): boolean {
    const f = this.filter;
    const parsed = r.parsed !== false;
    if (!parsed && f.includeUnparsed === false) return false;
    if (parsed && f.minLevel && rank(r.level) < rank(f.minLevel)) return false;
    if (f.components?.length && !f.components.includes(r.component ?? '')) return false;
    if (f.hosts?.length && !f.hosts.includes(r.host ?? '')) return false;
    if (f.workloads?.length && !f.workloads.includes(r.workload ?? '')) return false;
    if (f.repetitions?.length && (r.repetition === undefined || !f.repetitions.includes(r.repetition))) return false;
    if (f.phases?.length && !f.phases.includes(r.phase ?? '')) return false;
    if (f.from !== undefined && (r.time === null || r.time < f.from)) return false;
    if (f.to !== undefined && (r.time === null || r.time >= f.to)) return false;
    if (f.text) {
      if (f.regex) {
        if (!new RegExp(f.text, f.caseSensitive ? '' : 'i').test(r.message)) return false;
      } else if (f.caseSensitive ? !r.message.includes(f.text) : !r.message.toLowerCase().includes(f.text.toLowerCase())) {
        return false;
      }
    }
    return true;
  }

  private isIdentity(): boolean {
    const f = this.filter;
    return (
      !f.minLevel && !f.components?.length && !f.hosts?.length && !f.workloads?.length && !f.repetitions?.length &&
      !f.phases?.length && !f.text && f.from === undefined && f.to === undefined && f.includeUnparsed !== false
    );
  }

  private rebuild(): void {
    if (this.isIdentity()) {
      this.view = null;
      return;
    }
    const view: number[] = [];
    for (let n = 0; n < this.total; n++) if (this.matches(this.record(n))) view.push(n);
    this.view = view;
  }

  private get matched(): number {
    return this.view ? this.view.length : this.total;
  }

  private at(index: number): number {
    return this.view ? this.view[index] : index;
  }

  private currentInfo(): LogSessionInfo {
    let unparsed = 0;
    let firstTime: number | null = null;
    let lastTime: number | null = null;
    for (const r of this.extra) if (r.parsed === false) unparsed++;
    if (this.total > 0) {
      firstTime = this.record(0).time;
      lastTime = this.record(this.total - 1).time;
    }
    const info: LogSessionInfo = {
      sources: this.sources.map((name) => ({ name, kind: 'file' as const })),
      lines: this.total,
      records: this.total - unparsed,
      unparsed,
      matched: this.matched,
      firstTime,
      lastTime,
    };
    if (this.notices.length) info.notices = [...this.notices];
    if (this.loading) info.loading = true;
    return info;
  }

  private log(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }

  async info(): Promise<LogSessionInfo> {
    this.log('info');
    return this.currentInfo();
  }

  async setFilter(filter: LogFilter): Promise<LogSessionInfo> {
    this.log('setFilter', filter);
    this.filter = filter;
    this.rebuild();
    return this.currentInfo();
  }

  async rows(start: number, count: number): Promise<LogRow[]> {
    this.log('rows', start, count);
    const rows: LogRow[] = [];
    for (let i = start; i < Math.min(start + count, this.matched); i++) {
      const r = this.record(this.at(i));
      rows.push({
        index: i,
        source: r.source ?? 0,
        offset: this.at(i) * 100,
        time: r.time,
        level: r.parsed === false ? null : r.level,
        component: r.component,
        host: r.host,
        workload: r.workload,
        repetition: r.repetition,
        phase: r.phase,
        message: r.message,
        parsed: r.parsed !== false,
        problem: r.problem,
        truncated: r.truncated,
      });
    }
    return rows;
  }

  async details(index: number): Promise<LogRowDetails | null> {
    this.log('details', index);
    if (index >= this.matched) return null;
    const r = this.record(this.at(index));
    const record =
      r.parsed === false
        ? undefined
        : {
            timestamp: r.time === null ? undefined : new Date(r.time).toISOString(),
            level: r.level,
            component: r.component,
            host: r.host,
            workload: r.workload,
            repetition: r.repetition,
            message: r.message,
            tags: r.phase ? { phase: r.phase } : undefined,
          };
    // Through JSON, as the engine reads records back from the file.
    const raw = record ? JSON.stringify(record) : r.message;
    return {
      raw,
      record: record ? JSON.parse(raw) : undefined,
      source: this.sources[r.source ?? 0],
      offset: this.at(index) * 100,
    };
  }

  /** No templates: the panel's Patterns view is tested over the real engine (test/e2e/log-panel-patterns.test.ts). */
  async patterns(buckets: number): Promise<LogPatterns> {
    this.log('patterns', buckets);
    return { patterns: [], start: null, end: null, records: 0 };
  }

  async facets(): Promise<LogFacets> {
    this.log('facets');
    const facets: LogFacets = { level: {}, component: {}, host: {}, workload: {}, repetition: {}, phase: {} };
    const add = (table: Record<string, number>, key: string | number | undefined | null) => {
      if (key === undefined || key === null) return;
      table[String(key)] = (table[String(key)] ?? 0) + 1;
    };
    for (let n = 0; n < this.total; n++) {
      const r = this.record(n);
      add(facets.level, r.parsed === false ? 'UNPARSED' : r.level);
      add(facets.component, r.component);
      add(facets.host, r.host);
      add(facets.workload, r.workload);
      add(facets.repetition, r.repetition);
      add(facets.phase, r.phase);
    }
    return facets;
  }

  async histogram(buckets: number): Promise<HistogramBucket[]> {
    this.log('histogram', buckets);
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < this.matched; i++) {
      const t = this.record(this.at(i)).time;
      if (t === null) continue;
      min = Math.min(min, t);
      max = Math.max(max, t);
    }
    if (min === Infinity) return [];
    const width = Math.max(1, Math.ceil((max + 1 - min) / buckets));
    const result: HistogramBucket[] = Array.from({ length: buckets }, (_, b) => ({
      start: min + b * width,
      end: min + (b + 1) * width,
      counts: {},
    }));
    for (let i = 0; i < this.matched; i++) {
      const r = this.record(this.at(i));
      if (r.time === null) continue;
      const key = r.parsed === false ? 'UNPARSED' : r.level ?? 'UNPARSED';
      const bucket = result[Math.min(buckets - 1, Math.floor((r.time - min) / width))];
      bucket.counts[key] = (bucket.counts[key] ?? 0) + 1;
    }
    return result;
  }

  async findLevel(from: number, direction: 1 | -1, minLevel: LogLevel): Promise<number | null> {
    this.log('findLevel', from, direction, minLevel);
    for (let i = from + direction; i >= 0 && i < this.matched; i += direction) {
      const r = this.record(this.at(i));
      if (r.parsed !== false && rank(r.level) >= rank(minLevel)) return i;
    }
    return null;
  }

  onDidChange(listener: ChangeListener): Disposable {
    return this.listeners.add(listener);
  }

  /** New lines at the end of the sources, as a tail would see them. */
  append(records: MemoryRecord[]): void {
    const before = this.matched;
    this.extra.push(...records);
    if (this.view) {
      for (let n = this.total - records.length; n < this.total; n++) if (this.matches(this.record(n))) this.view.push(n);
    }
    this.emit(this.matched - before);
  }

  /** New notices or the end of loading, as the engine reports them. */
  setStatus(status: { notices?: string[]; loading?: boolean }): void {
    this.notices = status.notices ?? this.notices;
    this.loading = status.loading ?? this.loading;
    this.emit(0);
  }

  private emit(appended: number): void {
    this.listeners.emit({ info: this.currentInfo(), appended, reset: false });
  }

  async dispose(): Promise<void> {
    this.listeners.clear();
  }
}
