// Add the parser the stream's lines need (Grafana's "add json/logfmt parser" hint): decided from a sample of
// recent lines when a Loki answered, from lb's record schema for lb streams otherwise.
import { HintContext, insert, QueryHint } from './hint';
import { parserInsertOffset, parserStages, selectsLbStreams } from './insertionPoints';

const REASONS = {
  lb: ['json', 'lines of this stream are JSON (lb records)'],
  json: ['json', 'lines of this stream are JSON'],
  logfmt: ['logfmt', 'lines of this stream are logfmt key=value pairs'],
  packed: ['unpack', "lines of this stream were packed by Alloy's pack stage"],
} as const;

export function parserHints({ shape, sample }: HintContext): QueryHint[] {
  if (parserStages(shape).length > 0) return [];
  const at = parserInsertOffset(shape);
  const format = sample ? sample.format : selectsLbStreams(shape) ? 'lb' : undefined;
  if (!format) return [];
  if (format === 'text') {
    if (!sample?.pattern) return [];
    const stage = `pattern ${JSON.stringify(sample.pattern)}`;
    return [{ title: `Add | ${stage}: lines of this stream are plain text fields (from a sample line)`, kind: 'quickfix', ...insert(at, ` | ${stage}`) }];
  }
  const [parser, reason] = REASONS[format];
  const from = sample ? `${reason}` : `${reason}, by lb's schema`;
  return [{ title: `Add | ${parser}: ${from}`, kind: 'quickfix', ...insert(at, ` | ${parser}`) }];
}
