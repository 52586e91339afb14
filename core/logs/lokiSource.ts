// Loki as a log source, for runs whose files are not local yet: history through query_range, page by page
// (forward, 5000 entries, the next page starting at the last timestamp seen), then new lines from the tail
// WebSocket, or by polling query_range when the tail is refused or breaks. Pages overlap at their boundary
// and the tail restarts at the last timestamp, so entries are de-duplicated by (stream, timestamp, line).
import { createHash } from 'crypto';
import type { LokiConnection } from '../loki/connection';
import { LokiStream, lokiQueryRange, lokiTail } from '../loki/api';
import { IndexContext, addRow } from './lineIndexer';
import { MemoryLines } from './memoryLines';
import { FLAG_NO_TIME, RowBatchBuilder } from './rowBatch';
import { RowSource } from './rowSource';

export interface LokiSourceOptions {
  connection: LokiConnection;
  /** Any LogQL log query, typically `{run_id="<id>"}`. */
  query: string;
  /** Epoch ms; default one hour before now. */
  start?: number;
  /** Epoch ms; default now. A fixed end means no following. */
  end?: number;
  /** Keep receiving new lines after the history (default true when no end is given). */
  follow?: boolean;
  /** Entries per query_range page (Loki's default max_entries_limit_per_query is 5000). */
  pageLimit?: number;
  /** Polling interval when the tail WebSocket is not available (ms, default 1000). */
  pollIntervalMs?: number;
}

export interface LokiSourceHost {
  /** New rows were added (called from timers and socket callbacks). */
  onRows(): void;
  notice(message: string): void;
}

interface Entry {
  ns: bigint;
  line: string;
  key: string;
}

/** How far back re-delivered entries are recognised: the tail and polling restart this far before the last entry. */
const OVERLAP_NS = 10_000_000_000n;
const RETRY_MS = 5000;

export class LokiSource extends RowSource {
  loading = true;
  private readonly lines = new MemoryLines();
  /** Keys (hashes of stream, timestamp and line) of recent entries, to drop re-deliveries. */
  private readonly recent = new Map<string, bigint>();
  private keptFrom = -1n;
  private maxNs = -1n;
  private tail: { close(): void } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly limit: number;
  /** Names of structured metadata seen in query_range answers (see flatten). */
  private readonly metadataNames = new Set<string>();

  constructor(
    private readonly options: LokiSourceOptions,
    private readonly ctx: IndexContext,
    private readonly host: LokiSourceHost,
  ) {
    super({ name: `loki ${options.query}`, kind: 'loki' });
    this.limit = options.pageLimit ?? 5000;
  }

  /** Loads the first page (failing if Loki cannot answer); the rest of the history loads in the background. */
  async start(): Promise<void> {
    const endMs = this.options.end ?? Date.now();
    const startMs = this.options.start ?? endMs - 3600_000;
    const first = await this.page(startMs, endMs);
    if (!first.full) {
      this.historyDone(endMs);
      return;
    }
    void this.loadHistory(first.nextMs, endMs);
  }

  private async loadHistory(fromMs: number, endMs: number): Promise<void> {
    let cursor = fromMs;
    while (!this.stopped) {
      try {
        const page = await this.page(cursor, endMs);
        this.host.onRows();
        if (!page.full) break;
        cursor = page.nextMs;
      } catch (err) {
        if (this.stopped) return;
        this.host.notice(`loading history from Loki failed: ${(err as Error).message}; retrying every ${RETRY_MS / 1000} s`);
        await new Promise((resolve) => (this.timer = setTimeout(resolve, RETRY_MS)));
      }
    }
    this.historyDone(endMs);
  }

  private historyDone(endMs: number): void {
    this.loading = false;
    this.host.onRows();
    const follow = this.options.follow ?? this.options.end === undefined;
    if (follow && !this.stopped) this.startTail(endMs);
  }

  /**
   * One query_range page from `startMs`. `full` when Loki returned `limit` entries (there may be more);
   * `nextMs` is where the next page starts: the millisecond of the last entry (its entries come again and
   * are dropped as already seen). A page made only of already seen entries moves on by one millisecond.
   */
  private async page(startMs: number, endMs: number): Promise<{ full: boolean; nextMs: number }> {
    const streams = await lokiQueryRange(this.options.connection, {
      query: this.options.query,
      start: startMs,
      end: endMs,
      limit: this.limit,
      direction: 'forward',
    });
    const entries = flatten(streams, this.metadataNames, false);
    const added = this.add(entries);
    const full = entries.length >= this.limit;
    const lastMs = entries.length ? Number(entries[entries.length - 1].ns / 1_000_000n) : startMs;
    if (full && added === 0 && lastMs <= startMs) {
      this.host.notice(
        `more than ${this.limit} entries from Loki share the millisecond ${new Date(startMs).toISOString()}; entries beyond the first ${this.limit} of it may be missing`,
      );
      return { full, nextMs: startMs + 1 };
    }
    return { full, nextMs: Math.max(lastMs, startMs) };
  }

  private startTail(endMs: number): void {
    const fromMs = this.maxNs >= 0n ? Number((this.maxNs - OVERLAP_NS) / 1_000_000n) : endMs;
    this.tail = lokiTail(
      this.options.connection,
      { query: this.options.query, start: fromMs, limit: this.limit, delayFor: 0 },
      (streams) => {
        if (this.stopped) return;
        if (this.add(flatten(streams, this.metadataNames, true)) > 0) this.host.onRows();
      },
      (err) => {
        this.tail = undefined;
        if (this.stopped) return;
        const every = this.options.pollIntervalMs ?? 1000;
        this.host.notice(`Loki's live tail is not available (${err.message}); polling every ${every} ms instead`);
        this.poll(every);
      },
    );
  }

  /** Polls query_range from shortly before the last entry seen, paging while pages are full. */
  private poll(every: number): void {
    const tick = async () => {
      if (this.stopped) return;
      try {
        const endMs = Date.now();
        let cursor = this.maxNs >= 0n ? Number((this.maxNs - OVERLAP_NS) / 1_000_000n) : endMs - every;
        for (;;) {
          const page = await this.page(cursor, endMs);
          if (!page.full || this.stopped) break;
          cursor = page.nextMs;
        }
        this.host.onRows();
      } catch (err) {
        this.host.notice(`polling Loki failed: ${(err as Error).message}; trying again`);
      }
      if (!this.stopped) this.timer = setTimeout(tick, every);
    };
    this.timer = setTimeout(tick, every);
  }

  /**
   * Forgets keys of entries more than the overlap before the newest one: every restart (next page, tail,
   * polling) begins within the overlap, so older entries never come again. Pruned once per second of log time.
   */
  private prune(): void {
    const from = this.maxNs - OVERLAP_NS - 1_000_000n;
    if (from < this.keptFrom + 1_000_000_000n) return;
    this.keptFrom = from;
    for (const [key, at] of this.recent) if (at < from) this.recent.delete(key);
  }

  /** Adds the entries not seen before, in time order; returns how many. */
  private add(entries: Entry[]): number {
    const out = new RowBatchBuilder(entries.length);
    let lastLineEnd = this.store.lastLineEnd;
    for (const e of entries) {
      if (this.recent.has(e.key)) continue;
      this.recent.set(e.key, e.ns);
      if (e.ns > this.maxNs) this.maxNs = e.ns;
      const bytes = Buffer.from(`${e.line}\n`, 'utf8');
      const offset = this.lines.append(bytes.subarray(0, bytes.length - 1));
      const r = out.count;
      addRow(bytes, 0, bytes.length - 1, offset, out, this.ctx, false);
      if (Number.isNaN(out.times[r])) {
        // A line without a timestamp of its own (not an lb record) is placed at Loki's time for it.
        out.times[r] = Number(e.ns / 1000n) / 1000;
        out.flags[r] &= ~FLAG_NO_TIME;
      }
      lastLineEnd = offset + bytes.length - 1;
    }
    this.store.append(out.build([]), null, lastLineEnd);
    this.prune();
    return out.count;
  }

  displayOffset(row: number): number {
    return row;
  }

  read(position: number, length: number): Buffer | null {
    return this.lines.read(position, length);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.tail?.close();
    this.tail = undefined;
  }

  dispose(): void {
    this.stop();
  }
}

/**
 * Entries of all streams in time order (stable: Loki's stream order for equal timestamps). An entry is
 * identified by its stream labels, timestamp and line. Structured metadata (such as Loki's own
 * `detected_level`) is not part of the identity: query_range returns it beside the labels, and the tail
 * merges it into the labels of entries it replays but not of live ones; its names, learnt from query_range
 * answers (which always come first), are removed from the tail's labels.
 */
function flatten(streams: LokiStream[], metadataNames: Set<string>, fromTail: boolean): Entry[] {
  const entries: Entry[] = [];
  for (const s of streams) {
    let labels = Object.entries(s.stream);
    if (fromTail) labels = labels.filter(([name]) => !metadataNames.has(name));
    const identity = JSON.stringify(labels.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    for (const [ts, line, metadata] of s.values) {
      if (metadata) for (const name of Object.keys(metadata)) metadataNames.add(name);
      const key = createHash('sha1').update(identity).update('\0').update(ts).update('\0').update(line).digest('base64');
      entries.push({ ns: BigInt(ts), line, key });
    }
  }
  return entries.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0));
}
