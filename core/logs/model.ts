// The log engine's data model, shared by the engine (core/logs), the log panel (client + webview) and
// `lb-obs logs`. Rows are small projections of JSONL records; the full record is read back on demand.

import type { LogLevel } from '../logging/levels';

export { LOG_LEVELS, type LogLevel } from '../logging/levels';

/** One line of a log source, as the panel shows it. */
export interface LogRow {
  /** Position of the row in the current filtered view (0-based). */
  index: number;
  /** Index into LogSessionInfo.sources. */
  source: number;
  /** Byte offset of the line in its source file (or sequence number for Loki sources). */
  offset: number;
  /** Epoch milliseconds, or null when the line has no valid timestamp. */
  time: number | null;
  level: LogLevel | null;
  component?: string;
  host?: string;
  workload?: string;
  repetition?: number;
  phase?: string;
  /** The record's message, or the raw text (truncated) of an unparsed line. */
  message: string;
  /** False for a malformed line kept as a raw row. */
  parsed: boolean;
  /** Why the line is unparsed (invalid JSON, missing fields, binary, ...). */
  problem?: string;
  /** The message was cut for display (very long line); details() has all of it. */
  truncated?: boolean;
}

export interface LogFilter {
  /** Rows below this level are hidden; unparsed rows are kept unless includeUnparsed is false. */
  minLevel?: LogLevel;
  components?: string[];
  hosts?: string[];
  workloads?: string[];
  repetitions?: number[];
  phases?: string[];
  /** Text search over the message (or raw line); a regular expression when regex is true. */
  text?: string;
  regex?: boolean;
  caseSensitive?: boolean;
  /** Time window in epoch ms (inclusive from, exclusive to), e.g. selected on the histogram. */
  from?: number;
  to?: number;
  includeUnparsed?: boolean;
  /** Only records of these message templates (see LogSession.patterns). */
  patterns?: PatternRef[];
  /** No records of these message templates. */
  hidePatterns?: PatternRef[];
}

/** A message template of one level and component, as the pattern miner writes it (`connected to <*> in <*> ms`). */
export interface PatternRef {
  pattern: string;
  level: LogLevel;
  component: string;
}

/** A template of the session's records with its count, time span, a sample and its volume over time. */
export interface LogPatternSummary extends PatternRef {
  count: number;
  /** Epoch ms of its first and last record. */
  first: number;
  last: number;
  sample: string;
  /** Records per time bucket of LogPatterns (start, end, equal widths). */
  volume: number[];
}

export interface LogPatterns {
  /** Most frequent first. */
  patterns: LogPatternSummary[];
  /** The span of the volume buckets (the histogram's buckets over the session's time), null without records. */
  start: number | null;
  end: number | null;
  /** Records mined. */
  records: number;
}

/** How far mining has come: rows read in both passes (templates, then counts) out of `total`. */
export interface PatternProgress {
  done: number;
  total: number;
}

/** Counts per value of each filterable field over all rows (not only the filtered ones). */
export interface LogFacets {
  level: Record<string, number>;
  component: Record<string, number>;
  host: Record<string, number>;
  workload: Record<string, number>;
  repetition: Record<string, number>;
  phase: Record<string, number>;
}

export interface HistogramBucket {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive. */
  end: number;
  /** Rows of the filtered view per level in this bucket; unparsed rows with a time count as `UNPARSED`. */
  counts: Partial<Record<LogLevel | 'UNPARSED', number>>;
}

export interface LogSourceInfo {
  /** File path, or a description such as `loki {run_id="..."}`. */
  name: string;
  kind: 'file' | 'loki';
}

export interface LogSessionInfo {
  sources: LogSourceInfo[];
  /** Lines seen in all sources (records + unparsed). */
  lines: number;
  records: number;
  unparsed: number;
  /** Rows matching the current filter. */
  matched: number;
  firstTime: number | null;
  lastTime: number | null;
  /** Things the user should know about the sources (a file truncated without a copy, Loki tail fell back to polling). */
  notices?: string[];
  /** True while history is still being loaded (a Loki source pages through it in the background). */
  loading?: boolean;
}

export interface LogRowDetails {
  raw: string;
  /** The parsed record, when the line is valid JSON. */
  record?: unknown;
  source: string;
  offset: number;
}

export interface LogSessionChange {
  info: LogSessionInfo;
  /** Rows appended at the end of the filtered view since the last change (0 when the view was rebuilt). */
  appended: number;
  /** True when the whole view changed (filter, truncation, rotation) and cached rows are stale. */
  reset: boolean;
}

export interface Disposable {
  dispose(): void;
}

// The session's methods are declared in sessionMethods.ts; the interface is re-exported for the engine's users.
export type { LogSession } from './sessionMethods';
