// A query hint: a titled edit of a LogQL query (offsets in the query), with the reason in the title.
import type { QueryShape } from './queryShape';
import type { SampleVerdict } from './sampleLines';

export interface QueryHint {
  title: string;
  /** `quickfix` repairs what the sample shows wrong; `refactor` rewrites an already working query. */
  kind: 'quickfix' | 'refactor';
  start: number;
  end: number;
  newText: string;
}

export interface HintContext {
  shape: QueryShape;
  /** The judged sample of the selector's recent lines, when a Loki answered. */
  sample?: SampleVerdict;
  /** The range written into metric queries: `5m`, or `$__auto` in Grafana panels. */
  range: string;
}

export function insert(offset: number, text: string): Pick<QueryHint, 'start' | 'end' | 'newText'> {
  return { start: offset, end: offset, newText: text };
}
