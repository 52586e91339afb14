// Rename a level-like field to `level` (Grafana's hint): Grafana colours lines and counts levels by a label
// named `level`, and lb's and most dashboards' level filters use that name.
import { HintContext, insert, QueryHint } from './hint';
import { parserStages } from './insertionPoints';

/** Names loggers use for the level, in the order they are preferred when a line has several. */
const LEVEL_LIKE = ['severity', 'lvl', 'loglevel', 'log_level', 'levelname', 'severity_text', 'detected_level_name'];

export function levelLabelHints({ shape, sample }: HintContext): QueryHint[] {
  const parsers = parserStages(shape);
  if (!sample || parsers.length !== 1) return [];
  const labels = parsers[0].op === 'json' ? sample.jsonLabels : parsers[0].op === 'logfmt' ? sample.logfmtLabels : undefined;
  if (!labels || labels.has('level')) return [];
  const field = LEVEL_LIKE.find((name) => labels.has(name));
  if (!field || shape.stages.some((s) => s.kind === 'label-format' && /\blevel\s*=/.test(s.text))) return [];
  return [{
    title: `Add | label_format level=${field}: the lines name their level \`${field}\`; Grafana and level filters read \`level\``,
    kind: 'refactor',
    ...insert(parsers[0].end, ` | label_format level=${field}`),
  }];
}
