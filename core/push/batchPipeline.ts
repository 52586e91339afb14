// The batches of one file on their way to Loki: delivered while the next ones are read and built (at most
// `depth` at once), so that reading and Loki's ingestion overlap. Loki takes a stream's entries out of order
// (unordered_writes, on by default since Loki 2.4); the checkpoint only moves past a batch once it and every
// batch before it are delivered. A batch's place in flight is free once it is delivered: the checkpoint's write
// (which waits for the disk) does not hold back the next request.
export class BatchPipeline {
  private readonly inFlight: Array<Promise<void>> = [];
  private committed: Promise<void> = Promise.resolve();
  /** The first failure of a delivery or a commit, raised at the next add. */
  private failure: { error: unknown } | undefined;

  constructor(private readonly depth: number) {}

  /** Starts `deliver` once there is room, then `commit` when it and every earlier batch are delivered. */
  async add(deliver: () => Promise<void>, commit: () => Promise<void>): Promise<void> {
    while (this.inFlight.length >= this.depth) await this.inFlight.shift();
    if (this.failure) throw this.failure.error;
    const delivered = deliver();
    const previous = this.committed;
    this.committed = (async () => {
      await previous;
      await delivered;
      await commit();
    })();
    // Failures surface when this batch's turn comes to be awaited, at the next add, or at the end of the file.
    delivered.catch(() => undefined);
    this.committed.catch((error: unknown) => (this.failure ??= { error }));
    this.inFlight.push(delivered);
  }

  /** Every batch delivered and committed; the first failure rejects. */
  done(): Promise<void> {
    return this.committed;
  }

  /** Batches still in flight finished or failed, so that no checkpoint is written after the file is left. */
  settled(): Promise<void> {
    return this.committed.catch(() => undefined);
  }
}
