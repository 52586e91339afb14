// Drop lines the json parser cannot read (Grafana's "add __error__ filter" hint), when the sample shows some.
import { HintContext, insert, QueryHint } from './hint';
import { parserStages } from './insertionPoints';

export function errorFilterHints({ shape, sample }: HintContext): QueryHint[] {
  const parsers = parserStages(shape);
  if (!sample || sample.notJson === 0 || parsers.length !== 1 || !['json', 'unpack'].includes(parsers[0].op ?? '')) return [];
  if (shape.stages.some((s) => s.conditions?.some((c) => c.label === '__error__'))) return [];
  const at = parsers[0].end;
  const reason = `${sample.notJson} of ${sample.lines} sampled lines are not JSON`;
  return [
    { title: `Add | __error__!="JSONParserErr": ${reason} (drops them)`, kind: 'quickfix', ...insert(at, ' | __error__!="JSONParserErr"') },
    { title: `Add | __error__="": ${reason} (drops every line with a parse error)`, kind: 'quickfix', ...insert(at, ' | __error__=""') },
  ];
}
