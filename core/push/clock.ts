// Time, waiting and randomness for the push, injectable so that backoff timing is tested without waiting.
import { setTimeout as delay } from 'timers/promises';

export interface Clock {
  now(): number;
  /** Resolves after ms, rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Uniform in [0, 1). */
  random(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    await delay(ms, undefined, { signal });
  },
  random: () => Math.random(),
};
