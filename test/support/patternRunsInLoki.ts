// Generated pattern runs (patternRuns.ts) in a real Loki, as lb pushes them: one stream per log file (component
// and host), the JSONL record as the line; and Loki's pattern ingester's answer for a run once it has settled.
import * as fs from 'fs';
import { LokiPattern, lokiPatterns, LokiStream } from '../../core/loki/api';
import { runLogPaths } from '../../core/logs/patterns/minePatterns';
import { parseLogLine } from '../../core/logs/recordParser';
import { ns } from './lbStreams';
import { waitUntil } from './waitUntil';

/** The run's lines as lb pushes them, and how many. */
export function runStreams(runDir: string): { streams: LokiStream[]; lines: number } {
  const streams: LokiStream[] = [];
  let lines = 0;
  for (const file of runLogPaths(runDir)) {
    const values: LokiStream['values'] = [];
    let labels: Record<string, string> = {};
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      const parsed = parseLogLine(line);
      if (!parsed.ok) continue;
      labels = { component: parsed.record.component, host: parsed.record.host, run_id: parsed.record.run_id };
      values.push([ns(parsed.time), line]);
    }
    streams.push({ stream: labels, values });
    lines += values.length;
  }
  return { streams, lines };
}

/**
 * Loki's patterns of `query` over [startMs, now]: the ingester mines as lines arrive (and leaves out its rarest
 * templates), so they are taken when two answers a second apart agree.
 */
export function settledLokiPatterns(url: string, query: string, startMs: number): Promise<LokiPattern[]> {
  const ask = () => lokiPatterns({ url }, { query, start: startMs, end: Date.now() + 60_000 });
  let previous = '';
  return waitUntil(
    "Loki's patterns to settle",
    async () => {
      const got = await ask();
      const text = JSON.stringify(got);
      const settled = got.length > 0 && text === previous;
      previous = text;
      return settled && got;
    },
    { intervalMs: 1000, seen: async () => previous },
  );
}
