// Two runs' patterns as Loki's pattern ingester mined them, compared as our miner's are (patternChanges.ts):
// a template of both runs is one row when its level and constant tokens agree. Loki's patterns carry no
// component (Loki mines per stream and merges them), so the component is empty and the levels are per run.
import type { LokiPattern } from '../loki/api';
import { LOG_LEVELS } from '../logs/model';
import type { SharedPattern } from '../logs/patterns/templateMiner';
import type { LevelComparison } from './compareRuns';
import { lokiPatternLevel, lokiPatternText, templateKey } from './lokiPatterns';
import { comparePatternCounts, Normalisation, PatternComparison } from './patternChanges';

function level(p: LokiPattern) {
  // Loki's `unknown` (no level in the line) is counted as INFO, as our miner counts lines without one.
  return lokiPatternLevel(p) ?? 'INFO';
}

export function compareLokiPatterns(a: LokiPattern[], b: LokiPattern[], norm: Normalisation): PatternComparison[] {
  const shared = new Map<string, SharedPattern>();
  [a, b].forEach((patterns, source) => {
    for (const p of patterns) {
      const key = templateKey(level(p), p.pattern);
      let row = shared.get(key);
      if (!row) shared.set(key, (row = { pattern: lokiPatternText(p.pattern), level: level(p), component: '', stats: [] }));
      const s = row.stats[source];
      if (s) s.count += p.count;
      else row.stats[source] = { count: p.count, first: 0, last: 0, sample: '' };
    }
  });
  return comparePatternCounts([...shared.values()], norm);
}

export function lokiPatternLevels(a: LokiPattern[], b: LokiPattern[]): LevelComparison[] {
  const sum = (patterns: LokiPattern[], l: string) => patterns.filter((p) => level(p) === l).reduce((n, p) => n + p.count, 0);
  return LOG_LEVELS.map((l) => ({ component: '', level: l, a: sum(a, l), b: sum(b, l) })).filter((r) => r.a || r.b);
}
