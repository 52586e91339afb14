// Links for an lb run: the LogQL of `{run_id="..."}` plus the log panel's filters, the run's time range
// (journal and log timestamps, padded; open-ended while running) and lb's provisioned dashboards.
import * as path from 'path';
import { LOG_LEVELS } from '../logging/levels';
import type { LogFilter } from '../logs/model';
import { LinkInputError } from '../logql/build/inputError';
import { LabelMatcher, LineFilter, matchAny, renderLogQuery, textFilter } from '../logql/build/logqlQuery';
import { journalTimeRange, readRunJournal, runStatus } from '../runs/journal';
import { logTimeBounds } from './logTimeBounds';
import { msTime, TimeRange } from './timeRange';

/** What a run's folder tells about its links. */
export interface RunFacts {
  runId: string;
  /** Epoch ms of the first record / task start, when known. */
  start?: number;
  /** Epoch ms of the last record / task finish; undefined while running or unknown. */
  end?: number;
  running: boolean;
  /** The run has dfaas (k6) workloads, so lb's dfaas dashboards apply. */
  hasDfaas: boolean;
}

/** Records near the edges (controller setup, collect) fall just outside the tasks' times. */
export const RUN_RANGE_PADDING_MS = 60_000;

const DFAAS_WORKLOADS = new Set(['dfaas', 'peva_faas']);
const DFAAS_LOG = /^(dfaas|k6)-.*\.jsonl(\.\d+)?$/;

export async function inspectRunDir(runDir: string): Promise<RunFacts> {
  const journalResult = await readRunJournal(runDir);
  const bounds = await logTimeBounds(path.join(runDir, 'logs'));
  const journal = journalResult.ok ? journalResult.journal : undefined;
  const range = journal ? journalTimeRange(journal) : {};
  const running = journal ? ['RUNNING', 'PENDING'].includes(runStatus(journal)) && journal.tasks.length > 0 : false;
  const min = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
  const max = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.max(a, b));
  return {
    runId: journal?.runId ?? path.basename(path.resolve(runDir)),
    start: min(range.start, bounds.first),
    end: running ? undefined : max(range.end, bounds.last),
    running,
    hasDfaas:
      bounds.files.some((f) => DFAAS_LOG.test(f)) || (journal?.tasks.some((t) => DFAAS_WORKLOADS.has(t.workload)) ?? false),
  };
}

/** lb's default run ids are `run-YYYYmmdd-HHMMSS` in UTC: the run's start when nothing better is known. */
export function runIdStartTime(runId: string): number | undefined {
  const m = /^run-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})$/.exec(runId);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The fallback when neither the run nor the user gives a time range. */
export const DEFAULT_RUN_RANGE: TimeRange = { from: 'now-24h', to: 'now' };

/**
 * The run's range: the filter's selected window first, then the run's own times (padded), then the start
 * encoded in the run id; the end is `now` while the run is running or when it is unknown.
 */
export function runTimeRange(runId: string, facts?: Partial<RunFacts>, filter?: LogFilter): TimeRange {
  if (filter?.from !== undefined && filter.to !== undefined) return { from: msTime(filter.from), to: msTime(filter.to) };
  const start = facts?.start ?? runIdStartTime(runId);
  if (start === undefined) return DEFAULT_RUN_RANGE;
  const end = facts?.end;
  return {
    from: msTime(Math.max(0, start - RUN_RANGE_PADDING_MS)),
    to: facts?.running || end === undefined ? 'now' : msTime(end + RUN_RANGE_PADDING_MS),
  };
}

/** `{run_id="<id>", ...}` with the panel's filters as lb's Loki labels, line filters and a level filter. */
export function runQuery(runId: string, filter: LogFilter = {}): string {
  if (!runId) throw new LinkInputError('a run id is needed for a run link');
  const matchers: LabelMatcher[] = [{ label: 'run_id', op: '=', value: runId }];
  const labelFilters: Array<[string, readonly string[] | undefined]> = [
    ['component', filter.components],
    ['host', filter.hosts],
    ['workload', filter.workloads],
    ['repetition', filter.repetitions?.map(String)],
    ['phase', filter.phases],
  ];
  for (const [label, values] of labelFilters) if (values?.length) matchers.push(matchAny(label, values));
  const lineFilters: LineFilter[] = filter.text ? [textFilter(filter.text, filter)] : [];
  const jsonFilters: LabelMatcher[] = [];
  if (filter.minLevel && filter.minLevel !== LOG_LEVELS[0]) {
    const levels = LOG_LEVELS.slice(LOG_LEVELS.indexOf(filter.minLevel));
    jsonFilters.push({ label: 'level', op: '=~', value: levels.join('|') });
  }
  return renderLogQuery({ matchers, lineFilters, jsonFilters });
}

export interface DashboardLink {
  uid: string;
  title: string;
  vars: Array<[string, string]>;
}

/** lb's provisioned dashboards for the run (docs/FACTS.md, "Grafana assets lb provisions"). */
export function runDashboards(runId: string, facts: Pick<RunFacts, 'hasDfaas'>, filter: LogFilter = {}): DashboardLink[] {
  const hosts = (filter.hosts ?? []).map((h): [string, string] => ['host', h]);
  const components = (filter.components ?? []).map((c): [string, string] => ['component', c]);
  const links: DashboardLink[] = [
    { uid: 'lb-platform-logs', title: 'lb platform logs', vars: [['run_id', runId], ...components, ...hosts] },
  ];
  if (facts.hasDfaas) {
    links.push(
      { uid: 'dfaas-k6-overview', title: 'dfaas k6 overview', vars: [['run_id', runId], ...hosts] },
      { uid: 'dfaas-overview', title: 'dfaas overview', vars: [['run_id', runId]] },
    );
  }
  return links;
}
