// Every hint for a query, in a stable order, each checked: a hint whose edited query the validator (Loki's
// own parser when loaded) refuses is never offered.
import { validateLogQL, ValidateOptions } from '../validateQuery';
import { errorFilterHints } from './errorFilterHints';
import type { HintContext, QueryHint } from './hint';
import { lbHints } from './lbHints';
import { levelLabelHints } from './levelLabelHints';
import { lineFilterHints } from './lineFilterHints';
import { metricHints } from './metricHints';
import { parserHints } from './parserHints';
import { queryShape } from './queryShape';
import { judgeSample } from './sampleLines';

export type { QueryHint } from './hint';

const FAMILIES = [parserHints, errorFilterHints, levelLabelHints, lineFilterHints, lbHints, metricHints];

/** Hints for a valid query; `sample` holds recent lines of its selector's streams when a Loki answered. */
export function queryHints(query: string, options: ValidateOptions = {}, sample?: string[]): QueryHint[] {
  if (validateLogQL(query, options).some((p) => p.severity === 'error')) return [];
  const shape = queryShape(query);
  if (!shape || shape.broken) return [];
  const ctx: HintContext = { shape, sample: sample && sample.length > 0 ? judgeSample(sample) : undefined, range: options.defaultRange ?? '5m' };
  return FAMILIES.flatMap((family) => family(ctx)).filter((hint) => {
    const edited = applyHint(query, hint);
    return !validateLogQL(edited, options).some((p) => p.severity === 'error');
  });
}

export function applyHint(query: string, hint: Pick<QueryHint, 'start' | 'end' | 'newText'>): string {
  return query.slice(0, hint.start) + hint.newText + query.slice(hint.end);
}
