// Label names and values for LogQL completion, without ever holding up typing: answers come from a short-lived
// cache, refreshed in the background with a timeout. A request waits for a refresh only a few milliseconds
// (so the first completion against a quick Loki is already complete); after that it answers with what it has
// and says the list is incomplete, so that the editor asks again as the user types.
// Sources, in order: the configured Loki; without one (or when it fails), lb's label names and the values
// seen in local run logs.
import { createHash } from 'crypto';
import { LB_LABELS } from '../../../core/logql/catalog';
import { runLogLabelValues } from '../../../core/logql/runLogLabels';
import { lokiLabels, lokiLabelValues } from '../../../core/loki/api';
import type { LokiConnection } from '../../../core/loki/connection';

const TTL_MS = 30_000;
const LOKI_TIMEOUT_MS = 3_000;
/** How far back label names and values are looked up in Loki. */
const LOOKBACK_MS = 24 * 3600_000;
/** How long a completion request waits for a refresh before answering with the cache or the fallback. */
const ANSWER_BUDGET_MS = 150;

interface Entry<T> {
  value?: T;
  fetchedAt: number;
  pending?: Promise<void>;
  error?: string;
}

export interface LabelAnswer {
  items: string[];
  /** False while a refresh is still running: the editor should ask again. */
  complete: boolean;
  /** Where the items came from. */
  source: 'loki' | 'local';
}

const MAX_ENTRIES = 500;

export class LabelSource {
  private readonly entries = new Map<string, Entry<string[] | Map<string, string[]>>>();

  constructor(private readonly onError: (message: string) => void = () => undefined) {}

  async labelNames(loki: LokiConnection | undefined, workspaceFolders: string[]): Promise<LabelAnswer> {
    if (loki) {
      const answer = await this.answer(`names|${connectionKey(loki)}`, (signal) => lokiLabels(loki, { ...lookback(), signal }));
      if (answer.value) return { items: answer.value as string[], complete: answer.complete, source: 'loki' };
      if (!answer.complete) return { items: LB_LABELS, complete: false, source: 'local' };
    }
    const local = await this.local(workspaceFolders);
    const names = new Set(LB_LABELS);
    for (const [name, values] of local.value ?? []) if (values.length > 0) names.add(name);
    return { items: [...names], complete: local.complete, source: 'local' };
  }

  async labelValues(loki: LokiConnection | undefined, workspaceFolders: string[], name: string, selector: string): Promise<LabelAnswer> {
    if (loki) {
      const key = `values|${connectionKey(loki)}|${name}|${selector}`;
      const answer = await this.answer(key, (signal) => lokiLabelValues(loki, name, { ...lookback(), query: selector || undefined, signal }));
      if (answer.value) return { items: answer.value as string[], complete: answer.complete, source: 'loki' };
      if (!answer.complete) return { items: [], complete: false, source: 'local' };
    }
    const local = await this.local(workspaceFolders);
    return { items: local.value?.get(name) ?? [], complete: local.complete, source: 'local' };
  }

  private local(workspaceFolders: string[]) {
    return this.answer(`local|${workspaceFolders.join('\n')}`, () => runLogLabelValues(workspaceFolders)) as Promise<{
      value?: Map<string, string[]>;
      complete: boolean;
    }>;
  }

  /** The cached value when fresh; else a refresh (started once), awaited for at most the answer budget. */
  private async answer<T extends string[] | Map<string, string[]>>(
    key: string,
    fetch: (signal: AbortSignal) => Promise<T>,
  ): Promise<{ value?: T; complete: boolean }> {
    let entry = this.entries.get(key) as Entry<T> | undefined;
    if (!entry) {
      entry = { fetchedAt: 0 };
      this.entries.set(key, entry);
      // One entry per selector typed: forget the oldest so a long session does not grow without bound.
      if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    }
    const fresh = entry.value !== undefined && Date.now() - entry.fetchedAt < TTL_MS;
    if (fresh || entry.error !== undefined && Date.now() - entry.fetchedAt < TTL_MS) {
      return { value: entry.value, complete: true };
    }
    let pending = entry.pending;
    if (!pending) {
      const target = entry;
      pending = target.pending = fetch(AbortSignal.timeout(LOKI_TIMEOUT_MS))
        .then((value) => {
          target.value = value;
          target.error = undefined;
        })
        .catch((err: Error) => {
          target.error = err.message;
          this.onError(`label lookup failed: ${err.message}`);
        })
        .finally(() => {
          target.fetchedAt = Date.now();
          target.pending = undefined;
        });
    }
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ANSWER_BUDGET_MS)));
    const outcome = await Promise.race([pending.then(() => 'done' as const), budget]);
    clearTimeout(timer);
    if (outcome === 'late') return { value: entry.value, complete: false };
    return { value: entry.value, complete: true };
  }
}

/** Identifies a connection in cache keys; credentials only as a hash. */
export function connectionKey(loki: LokiConnection): string {
  const auth = loki.auth ? createHash('sha256').update(JSON.stringify(loki.auth)).digest('hex') : '';
  return `${loki.url}|${loki.tenant ?? ''}|${auth}`;
}

function lookback(): { start: number; end: number } {
  const end = Date.now();
  return { start: end - LOOKBACK_MS, end };
}
