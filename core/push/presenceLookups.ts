// Whether Loki already holds each stream of a push (batchDelivery.ts checks it before a stream's first batch),
// asked as soon as the stream is first seen rather than when that batch is sent: the answer is then usually
// there already, and the batch does not hold its place in flight waiting for it. At most `limit` questions run
// ahead at once, so that a push of thousands of streams does not flood Loki; one question per stream for the
// whole push (files sharing a stream share its answer). A question asked ahead that fails is asked again by the
// delivery itself, whose failures are retried and reported as they always were.
import type { LokiStream } from '../loki/api';
import type { DeliveryTarget, StreamPresence } from './batchDelivery';
import type { StreamTarget } from './batchBuilder';
import { compareNs, nsToMs } from './timestampNs';

interface Lookup {
  /** The stream asked about, with the one entry whose timestamp the query's window starts from. */
  stream: LokiStream;
  /** Once the question is asked (undefined while it waits for room): its answer and where its window starts (ns). */
  asked?: { answer: Promise<boolean>; windowStart: string };
  /** Settles once the question is answered or failed, or will not be asked ahead after all. */
  settled: Promise<void>;
  settle: () => void;
}

function newLookup(stream: LokiStream): Lookup {
  let settle!: () => void;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  return { stream, settled, settle };
}

/** The timestamp of a stream's earliest entry. */
function firstNs(stream: LokiStream): string {
  let first = stream.values[0][0];
  for (const [ns] of stream.values) if (compareNs(ns, first) < 0) first = ns;
  return first;
}

export class PresenceLookups {
  private readonly lookups = new Map<StreamPresence, Lookup>();
  /** Lookups waiting for room, oldest first. */
  private readonly waiting: StreamPresence[] = [];
  private running = 0;

  constructor(
    private readonly target: DeliveryTarget,
    private readonly limit: number,
    /** Shared with the deliveries: once Loki refuses the query, nothing more is asked. */
    private readonly checks: { enabled: boolean },
    private readonly signal?: AbortSignal,
  ) {}

  /** A stream has an entry at `entry.ns`: the first time it is seen, its question is asked when there is room. */
  seen(stream: StreamPresence & StreamTarget, entry: { readonly ns: string }): void {
    if (stream.inLoki !== undefined || this.lookups.has(stream) || !this.checks.enabled) return;
    this.lookups.set(stream, newLookup({ stream: stream.labels, values: [[entry.ns, '']] }));
    this.waiting.push(stream);
    this.startWaiting();
  }

  /**
   * For each of a batch's streams, whether Loki held it: the answer asked ahead (or by another batch) when its
   * window covers the batch's entries of the stream; the others (a question not asked yet, or one that failed)
   * are asked now in one query, as the delivery used to, and a failure of that query is the caller's.
   */
  async inLoki(streams: LokiStream[], presences: StreamPresence[], signal?: AbortSignal): Promise<boolean[]> {
    const answers = await Promise.all(
      streams.map((stream, i) => {
        const asked = this.lookups.get(presences[i])?.asked;
        return asked && this.covers(asked.windowStart, firstNs(stream)) ? asked.answer.catch(() => undefined) : undefined;
      }),
    );
    const now = answers.flatMap((answer, i) => (answer === undefined ? [i] : []));
    if (now.length === 0) return answers as boolean[];
    const asked = this.target.streamsInLoki(
      now.map((i) => streams[i]),
      signal,
    );
    now.forEach((i, k) => {
      const presence = presences[i];
      const waiting = this.waiting.indexOf(presence);
      if (waiting >= 0) this.waiting.splice(waiting, 1);
      this.lookups.get(presence)?.settle();
      const answer = asked.then((found) => found[k]);
      const first = firstNs(streams[i]);
      const lookup = newLookup({ stream: streams[i].stream, values: [[first, '']] });
      lookup.asked = { answer, windowStart: this.windowStart(first) };
      // Other batches of the stream wait for this answer; a failure is theirs to ask again.
      answer.then(lookup.settle, lookup.settle);
      this.lookups.set(presence, lookup);
    });
    const found = await asked;
    now.forEach((i, k) => (answers[i] = found[k]));
    return answers as boolean[];
  }

  /**
   * The questions about these streams are answered (or failed), those still waiting for room included: a batch
   * waits for them before it takes its place in flight, while other batches are sent.
   */
  async answered(streams: Iterable<StreamPresence>): Promise<void> {
    const pending: Array<Promise<void>> = [];
    for (const stream of streams) {
      const lookup = stream.inLoki === undefined ? this.lookups.get(stream) : undefined;
      if (lookup) pending.push(lookup.settled);
    }
    if (pending.length) await Promise.all(pending);
  }

  private startWaiting(): void {
    while (this.running < this.limit && this.waiting.length > 0) {
      const presence = this.waiting.shift()!;
      const lookup = this.lookups.get(presence)!;
      if (!this.checks.enabled || this.signal?.aborted) {
        lookup.settle();
        continue;
      }
      this.running++;
      const answer = this.target.streamsInLoki([lookup.stream], this.signal).then((found) => found[0]);
      lookup.asked = { answer, windowStart: this.windowStart(lookup.stream.values[0][0]) };
      // A failure is not raised here: the stream's first batch then asks itself, with the delivery's retries.
      const done = () => {
        lookup.settle();
        this.done();
      };
      answer.then(done, done);
    }
  }

  /**
   * Where the window of a question about a stream first seen at `ns` starts, as the target says (for Loki an hour
   * before it, but never more than Loki's 30-day query range ago): files sharing a stream share the answer even
   * when the one read first starts a little later.
   */
  private windowStart(ns: string): string {
    const startMs = this.target.presenceStartMs?.(nsToMs(ns));
    // Rounded up to the millisecond: a window taken as starting later covers less, never more.
    return startMs === undefined ? ns : (BigInt(Math.ceil(startMs)) * 1_000_000n).toString();
  }

  /**
   * Whether an answer whose window starts at `windowStart` serves a batch whose entries start at `first`: its window
   * holds them, or the batch's own question could ask no more (its window, clamped to Loki's range, starts there too).
   */
  private covers(windowStart: string, first: string): boolean {
    return compareNs(windowStart, first) <= 0 || compareNs(windowStart, this.windowStart(first)) <= 0;
  }

  private done(): void {
    this.running--;
    this.startWaiting();
  }
}
