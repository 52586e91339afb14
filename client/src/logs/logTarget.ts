// What a log panel shows: a run folder, or JSONL files picked by the user (which may still belong to a run,
// so that "Open in Grafana" can link them), or any LogQL query read from Loki (workflow logs).
import * as path from 'path';
import { renderSelector } from '../../../core/logql/build/logqlQuery';
import type { LokiSourceOptions } from '../../../core/logs/lokiSource';
import { labelColumnTitles } from '../../../core/logs/lokiLabelColumns';
import { lokiBaseUrl, LokiConnection } from '../../../core/loki/connection';
import type { ColumnTitles } from '../../../protocol/logPanel';
import { journalTimeRange, readRunJournal } from '../../../core/runs/journal';

export interface LogTarget {
  /** Identifies the panel: opening the same target again reveals it. */
  key: string;
  title: string;
  runDir?: string;
  runId?: string;
  files?: string[];
  /** Read from Loki instead of files (a run whose logs are still on the remote hosts, or any LogQL query). */
  loki?: LokiSourceOptions;
  /** Titles of the text columns when they hold stream labels (workflow logs). */
  columnTitles?: ColumnTitles;
}

/** Margin around the journal's time range, for lines logged just before the first task or after the last. */
const LOKI_MARGIN_MS = 5 * 60_000;

async function runIdOf(runDir: string): Promise<string> {
  const journal = await readRunJournal(runDir);
  return journal.ok ? journal.journal.runId : path.basename(runDir);
}

export async function runTarget(runDir: string, runId?: string): Promise<LogTarget> {
  const dir = path.resolve(runDir);
  const id = runId ?? (await runIdOf(dir));
  return { key: `run:${dir}`, title: `Logs: ${id}`, runDir: dir, runId: id };
}

/**
 * Files under one run's `logs/` folder keep their run (known by its journal); any other selection is just
 * files, without a run to link to Grafana.
 */
export async function filesTarget(files: string[]): Promise<LogTarget> {
  const resolved = [...new Set(files.map((f) => path.resolve(f)))].sort();
  const logDirs = new Set(resolved.map((f) => path.dirname(f)));
  const [logDir] = logDirs;
  const first = path.basename(resolved[0]);
  const target: LogTarget = {
    key: `files:${resolved.join('\n')}`,
    title: resolved.length === 1 ? `Logs: ${first}` : `Logs: ${first} +${resolved.length - 1}`,
    files: resolved,
  };
  if (logDirs.size === 1 && path.basename(logDir) === 'logs') {
    const journal = await readRunJournal(path.dirname(logDir));
    if (journal.ok) {
      target.runDir = path.dirname(logDir);
      target.runId = journal.journal.runId;
    }
  }
  return target;
}

/**
 * A run read from Loki: `{run_id="<id>"}` (the id quoted as a LogQL string) over the journal's time range, and
 * followed while the run is still running.
 */
export async function lokiRunTarget(runDir: string, runId: string, connection: LokiConnection): Promise<LogTarget> {
  const dir = path.resolve(runDir);
  const journal = await readRunJournal(dir);
  const range = journal.ok ? journalTimeRange(journal.journal) : {};
  return {
    key: `loki:${dir}`,
    title: `Logs: ${runId} (Loki)`,
    runDir: dir,
    runId,
    loki: {
      connection,
      query: renderSelector([{ label: 'run_id', op: '=', value: runId }]),
      start: range.start === undefined ? undefined : range.start - LOKI_MARGIN_MS,
      end: range.end === undefined ? undefined : range.end + LOKI_MARGIN_MS,
      newestFirst: true,
    },
  };
}

/** How far back a query opened in the panel reads, as Grafana Explore's default range; then it is followed. */
const QUERY_LOOKBACK_MS = 60 * 60_000;

/**
 * Any LogQL log query (workflow logs from Flyte, Airflow, any pod): the last hour, followed, or `range` (epoch ms,
 * a compared run's); lines that are not lb records get their columns from stream labels.
 */
export function lokiQueryTarget(query: string, connection: LokiConnection, title = query, range?: { start: number; end: number }): LogTarget {
  return {
    key: `query:${lokiBaseUrl(connection)}\n${connection.tenant ?? ''}\n${query}${range ? `\n${range.start}-${range.end}` : ''}`,
    title: `Logs: ${title.length > 60 ? `${title.slice(0, 59)}…` : title}`,
    loki: { connection, query, start: range?.start ?? Date.now() - QUERY_LOOKBACK_MS, end: range?.end, labelColumns: true, newestFirst: true },
    columnTitles: labelColumnTitles(),
  };
}
