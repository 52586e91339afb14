// The lines a row of a comparison stands for, as a log panel filter; the same filter becomes the run's Grafana
// Explore query (links/runLinks.ts runQuery: labels checked, values quoted, the query validated). A pattern row:
// its text, component and level (patternFilter.ts); a task row: its host, workload and repetition; a level row:
// its component at that level and above (the filter has a minimum level, not one level); a result row: its host
// and workload (results are means over the repetitions). Rows are taken by kind and index from the comparison
// the host computed, never from the webview.
import type { LogFilter } from '../logs/model';
import type { RunComparison } from './compareRuns';
import { levelFloor, patternFilter } from './patternFilter';

export type CompareRowKind = 'pattern' | 'task' | 'level' | 'result';

/** Where the filter is used: the log panel (its search limit) or Grafana (a line filter over the whole line). */
export type RowFilterUse = { panel: { maxLength: number } } | 'line';

/** The filter of row `index` of `kind`, or undefined when the comparison has no such row. */
export function compareRowFilter(c: RunComparison, kind: CompareRowKind, index: number, use: RowFilterUse): LogFilter | undefined {
  switch (kind) {
    case 'pattern': {
      const p = c.patterns[index];
      return p && patternFilter(p, use);
    }
    case 'task': {
      const t = c.tasks[index];
      return t && { hosts: [t.host], workloads: [t.workload], repetitions: [t.repetition] };
    }
    case 'level': {
      const l = c.levels[index];
      return l && { ...levelFloor(l.level), ...(l.component === '' ? {} : { components: [l.component] }) };
    }
    case 'result': {
      const r = c.results[index];
      return r && { hosts: [r.host], workloads: [r.workload] };
    }
  }
}
