// The live facts of core/logql/hints/liveStreams.ts for the language server. Like label completion, answers come from a
// short-lived cache refreshed in the background; a request waits only a short budget, never holding up the editor.
import type { SelectorStats } from '../../../core/logql/explain';
import { sampleLines, selectorStats } from '../../../core/logql/hints/liveStreams';
import type { LokiConnection } from '../../../core/loki/connection';
import { connectionKey } from './labelSource';

const TTL_MS = 30_000;
const LOKI_TIMEOUT_MS = 3_000;
const ANSWER_BUDGET_MS = 300;
const MAX_ENTRIES = 200;

interface Entry<T> {
  value?: T;
  fetchedAt: number;
  pending?: Promise<void>;
}

export class StreamFacts {
  private readonly entries = new Map<string, Entry<unknown>>();

  constructor(private readonly onError: (message: string) => void = () => undefined) {}

  /** Recent lines of the selector's streams, newest first; undefined while unknown. */
  sample(loki: LokiConnection, selector: string): Promise<string[] | undefined> {
    return this.answer(`sample|${connectionKey(loki)}|${selector}`, (signal) => sampleLines(loki, selector, signal));
  }

  stats(loki: LokiConnection, selector: string): Promise<SelectorStats | undefined> {
    return this.answer(`stats|${connectionKey(loki)}|${selector}`, (signal) => selectorStats(loki, selector, signal));
  }

  private async answer<T>(key: string, fetch: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
    let entry = this.entries.get(key) as Entry<T> | undefined;
    if (!entry) {
      entry = { fetchedAt: 0 };
      this.entries.set(key, entry);
      if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    }
    if (Date.now() - entry.fetchedAt < TTL_MS) return entry.value;
    const target = entry;
    target.pending ??= fetch(AbortSignal.timeout(LOKI_TIMEOUT_MS))
      .then((value) => void (target.value = value))
      .catch((err: Error) => this.onError(`stream lookup failed: ${err.message}`))
      .finally(() => {
        target.fetchedAt = Date.now();
        target.pending = undefined;
      });
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<void>((resolve) => (timer = setTimeout(resolve, ANSWER_BUDGET_MS)));
    await Promise.race([target.pending, budget]);
    clearTimeout(timer);
    return target.value;
  }
}
