// A comparison row's lines of a run known only by its LogQL query (compareLokiRuns: a workflow run in Loki), as an
// Explore query: the run's query narrowed by the row's text (a line filter over the whole line: patternFilter's
// `line` form) and level (Loki's detected_level, from the row's level up; `unknown`, which the comparison counts as
// INFO, with INFO). The component is left out: for such a run it is the namespace label of workflow lines but lb's
// field in lb records, no one label of every line.
import { LOG_LEVELS } from '../logging/levels';
import type { LogFilter } from '../logs/model';
import { checkedQuery, renderLineFilter, renderMatcher, textFilter } from '../logql/build/logqlQuery';

/** Loki's detected_level names of each of lb's levels (pkg/util/constants/levels.go). */
const DETECTED: Record<(typeof LOG_LEVELS)[number], string[]> = {
  DEBUG: ['trace', 'debug'],
  INFO: ['info', 'unknown'],
  WARNING: ['warn'],
  ERROR: ['error'],
  CRITICAL: ['critical', 'fatal'],
};

export function lokiRunRowQuery(query: string, filter: LogFilter): string {
  const parts = [query.trim()];
  if (filter.text) parts.push(renderLineFilter(textFilter(filter.text, filter)));
  if (filter.minLevel && filter.minLevel !== LOG_LEVELS[0]) {
    const names = LOG_LEVELS.slice(LOG_LEVELS.indexOf(filter.minLevel)).flatMap((l) => DETECTED[l]);
    parts.push(`| ${renderMatcher({ label: 'detected_level', op: '=~', value: names.join('|') })}`);
  }
  return checkedQuery(parts.join(' '));
}
