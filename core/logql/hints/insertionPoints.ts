// Where hints insert stages: a parser goes after the line filters that open the pipeline (line filters are
// cheapest on the raw line); a filter on parsed labels goes right after the parser.
import type { QueryShape, Stage } from './queryShape';

/** The offset after the selector and the line filters that directly follow it. */
export function parserInsertOffset(shape: QueryShape): number {
  let offset = shape.selector.end;
  for (const stage of shape.stages) {
    if (stage.kind !== 'line-filter') break;
    offset = stage.end;
  }
  return offset;
}

export function parserStages(shape: QueryShape): Stage[] {
  return shape.stages.filter((s) => s.kind === 'parser');
}

/** Whether the query's selector picks lb streams: a matcher on a label only lb's push sets. */
export function selectsLbStreams(shape: QueryShape): boolean {
  return shape.selector.matchers.some((m) => LB_ONLY_LABELS.has(m.label) && !(m.op.startsWith('!') || m.value === ''));
}

/** lb's push labels that other shippers rarely set (`host` is everywhere). */
const LB_ONLY_LABELS = new Set(['run_id', 'component', 'workload', 'package', 'plugin', 'scenario', 'repetition', 'phase']);
