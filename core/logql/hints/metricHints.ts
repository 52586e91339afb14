// Turn a log query into a metric query for a graph panel: lines counted per window, per second, or per level.
import { HintContext, QueryHint } from './hint';
import { parserStages } from './insertionPoints';

export function metricHints({ shape, range }: HintContext): QueryHint[] {
  if (shape.metric) return [];
  const log = shape.query.slice(shape.log.start, shape.log.end);
  const wrap = (text: string) => ({ start: shape.log.start, end: shape.log.end, newText: text });
  const hints: QueryHint[] = [
    { title: `Wrap in count_over_time(... [${range}]): lines per stream in each ${range} window, for a metric panel`, kind: 'refactor', ...wrap(`count_over_time(${log} [${range}])`) },
    { title: `Wrap in rate(... [${range}]): lines per second per stream, for a metric panel`, kind: 'refactor', ...wrap(`rate(${log} [${range}])`) },
  ];
  // `level` exists once a parser extracted it from the line.
  if (parserStages(shape).length > 0) {
    hints.push({
      title: `Wrap in sum by (level) (count_over_time(... [${range}])): lines per level, for a metric panel`,
      kind: 'refactor',
      ...wrap(`sum by (level) (count_over_time(${log} [${range}]))`),
    });
  }
  return hints;
}
