// The batches of one file on their way to Loki: sent while the next ones are read and built (at most `depth`
// requests at once), so that reading and Loki's ingestion overlap. A batch may first have to wait (for its new
// streams' presence in Loki): it waits without a place in flight, and the batches read after it are sent
// meanwhile, so that Loki is not left idle. Loki takes a stream's entries out of order (unordered_writes, on by
// default since Loki 2.4); the checkpoint only moves past a batch once it and every batch before it are
// delivered. A batch's place in flight is free once it is delivered: the checkpoint's write (which waits for the
// disk) does not hold back the next request.
export class BatchPipeline {
  /** Batches added and not delivered yet: sending, or waiting to be ready or for a place in flight. */
  private readonly pending = new Set<Promise<void>>();
  private sending = 0;
  /** Batches ready to be sent, waiting for a place in flight, in the order they became ready. */
  private readonly waitingForRoom: Array<() => void> = [];
  private committed: Promise<void> = Promise.resolve();
  /** The first failure of a delivery or a commit, raised at the next add. */
  private failure: { error: unknown } | undefined;

  constructor(private readonly depth: number) {}

  /**
   * Queues a batch: `deliver` starts once `ready` (if any) has settled and there is a place in flight, then
   * `commit` runs when it and every earlier batch are delivered. Returns once the batch is queued; at most
   * `depth` batches wait besides those sending, so that reading stays at most that far ahead.
   */
  async add(deliver: () => Promise<void>, commit: () => Promise<void>, ready?: Promise<unknown>): Promise<void> {
    while (this.pending.size >= 2 * this.depth) await Promise.race(this.pending);
    if (this.failure) throw this.failure.error;
    const delivered = (async () => {
      await ready;
      await this.placeInFlight();
      try {
        // After a failure, the batches queued behind it are not sent.
        if (this.failure) throw this.failure.error;
        await deliver();
      } catch (error) {
        this.failure ??= { error };
        throw error;
      } finally {
        this.leaveFlight();
      }
    })();
    this.pending.add(delivered);
    const forget = () => this.pending.delete(delivered);
    delivered.then(forget, forget);
    const previous = this.committed;
    this.committed = (async () => {
      await previous;
      await delivered;
      await commit();
    })();
    // Failures surface at the next add, or at the end of the file.
    this.committed.catch((error: unknown) => (this.failure ??= { error }));
  }

  /** Every batch delivered and committed; the first failure rejects. */
  done(): Promise<void> {
    return this.committed;
  }

  /** Batches still in flight finished or failed, so that no checkpoint is written after the file is left. */
  settled(): Promise<void> {
    return this.committed.catch(() => undefined);
  }

  private async placeInFlight(): Promise<void> {
    if (this.sending < this.depth) {
      this.sending++;
      return;
    }
    // The place is handed over by the batch that leaves it (leaveFlight), so `sending` stays as it is.
    await new Promise<void>((resolve) => this.waitingForRoom.push(resolve));
  }

  private leaveFlight(): void {
    const next = this.waitingForRoom.shift();
    if (next) next();
    else this.sending--;
  }
}
