// Filters for lb streams by what lb's records hold (docs/FACTS.md, "JSONL log record"): the level with lb's level
// names, and the phase, which lb writes as `tags.phase` (the json parser names it `tags_phase`).
import { HintContext, insert, QueryHint } from './hint';
import { parserInsertOffset, parserStages, selectsLbStreams } from './insertionPoints';

const FILTERS: Array<{ filter: string; why: string }> = [
  { filter: 'level=~"ERROR|CRITICAL"', why: "errors only (lb's levels are DEBUG, INFO, WARNING, ERROR, CRITICAL)" },
  { filter: 'level=~"WARNING|ERROR|CRITICAL"', why: 'warnings and errors' },
  { filter: 'tags_phase="setup"', why: "the setup phase (lb's tags.phase)" },
  { filter: 'tags_phase="teardown"', why: "the teardown phase (lb's tags.phase)" },
];

export function lbHints({ shape, sample }: HintContext): QueryHint[] {
  const lb = sample ? sample.format === 'lb' : selectsLbStreams(shape);
  if (!lb) return [];
  const parsers = parserStages(shape);
  if (parsers.length > 1 || (parsers.length === 1 && parsers[0].text.replace(/^\|\s*/, '').trim() !== 'json')) return [];
  const used = new Set(shape.stages.flatMap((s) => s.conditions?.map((c) => c.label) ?? []));
  const at = parsers.length === 1 ? parsers[0].end : parserInsertOffset(shape);
  const prefix = parsers.length === 1 ? '' : ' | json';
  return FILTERS.filter((f) => !used.has(f.filter.split(/[=!~]/)[0])).map((f) => ({
    title: `Filter ${f.why}: | ${prefix ? 'json | ' : ''}${f.filter}`,
    kind: 'refactor' as const,
    ...insert(at, `${prefix} | ${f.filter}`),
  }));
}
