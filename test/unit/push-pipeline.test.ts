// The batches of a file on their way to Loki: at most `depth` requests at once, a batch waiting for its streams'
// presence holds no place in flight (the batches after it are sent meanwhile), checkpoints move in file order
// whatever order the deliveries end in, and nothing queued behind a failure is sent.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BatchPipeline } from '../../core/push/batchPipeline';

/** A promise with its resolve and reject, settled by the test. */
function gate<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('batch pipeline', () => {
  test('at most depth deliveries at once; reading goes on until depth more are queued', async () => {
    const pipeline = new BatchPipeline(2);
    const events: string[] = [];
    const deliveries = [0, 1, 2, 3, 4].map(() => gate());
    const added: boolean[] = [];
    const adding = (async () => {
      for (let i = 0; i < 5; i++) {
        await pipeline.add(
          () => (events.push(`send ${i}`), deliveries[i].promise),
          async () => void events.push(`commit ${i}`),
        );
        added[i] = true;
      }
    })();
    await settle();
    assert.deepEqual(events, ['send 0', 'send 1']);
    assert.deepEqual(added, [true, true, true, true], 'four batches queued, the fifth waits for room');
    deliveries[1].resolve();
    await settle();
    assert.deepEqual(events, ['send 0', 'send 1', 'send 2'], 'batch 1 delivered: batch 2 takes its place; no commit before batch 0');
    deliveries[0].resolve();
    await settle();
    assert.deepEqual(events.slice(3).sort(), ['commit 0', 'commit 1', 'send 3'], 'batch 0 delivered: batch 3 is sent, batches 0 and 1 committed');
    for (const d of deliveries) d.resolve();
    await adding;
    await pipeline.done();
    assert.deepEqual(events.slice(6).sort(), ['commit 2', 'commit 3', 'commit 4', 'send 4']);
    assert.deepEqual(
      events.filter((e) => e.startsWith('commit')),
      ['commit 0', 'commit 1', 'commit 2', 'commit 3', 'commit 4'],
      'checkpoints in file order',
    );
  });

  test('a batch waiting to be ready holds no place: the batches after it are sent, its commit still comes first', async () => {
    const pipeline = new BatchPipeline(1);
    const events: string[] = [];
    const presence = gate();
    await pipeline.add(
      async () => void events.push('send 0'),
      async () => void events.push('commit 0'),
      presence.promise,
    );
    await pipeline.add(
      async () => void events.push('send 1'),
      async () => void events.push('commit 1'),
    );
    await settle();
    assert.deepEqual(events, ['send 1']);
    presence.resolve();
    await pipeline.done();
    assert.deepEqual(events, ['send 1', 'send 0', 'commit 0', 'commit 1']);
  });

  test('a failed delivery: the batches queued behind it are not sent, nothing after it is committed, the next add throws', async () => {
    const pipeline = new BatchPipeline(1);
    const events: string[] = [];
    const first = gate();
    await pipeline.add(
      () => (events.push('send 0'), first.promise),
      async () => void events.push('commit 0'),
    );
    await pipeline.add(
      async () => void events.push('send 1'),
      async () => void events.push('commit 1'),
    );
    first.reject(new Error('Loki refused the push (401)'));
    await assert.rejects(pipeline.done(), /401/);
    await assert.rejects(
      pipeline.add(
        async () => void events.push('send 2'),
        async () => void events.push('commit 2'),
      ),
      /401/,
    );
    await pipeline.settled();
    assert.deepEqual(events, ['send 0']);
  });
});
