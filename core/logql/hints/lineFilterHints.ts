// Cheaper filters (Loki's query performance advice): a plain `|=` before the parser, so that only lines that
// can match are parsed; and `|=`/`!=` instead of a regex filter whose pattern has no regex characters.
import { LB_LABELS } from '../catalog';
import { HintContext, insert, QueryHint } from './hint';
import { parserStages } from './insertionPoints';

const REGEX_META = /[\\.+*?()[\]{}|^$]/;
/** Values a JSON or logfmt encoder writes unchanged into the line (so the line surely contains them). */
const VERBATIM_VALUE = /^[A-Za-z0-9_.:/@-]{2,}$/;

export function lineFilterHints(ctx: HintContext): QueryHint[] {
  return [...literalRegexHints(ctx), ...filterFirstHints(ctx)];
}

function literalRegexHints({ shape }: HintContext): QueryHint[] {
  const hints: QueryHint[] = [];
  for (const stage of shape.stages) {
    if (stage.kind !== 'line-filter' || (stage.op !== '|~' && stage.op !== '!~') || !stage.literal) continue;
    if (stage.literal.value === '' || REGEX_META.test(stage.literal.value) || /\sor\s/.test(stage.text)) continue;
    const op = stage.op === '|~' ? '|=' : '!=';
    const opStart = stage.start + stage.text.indexOf(stage.op);
    hints.push({
      title: `Use ${op} ${stage.literal.text}: the pattern has no regex characters, and a plain string match is faster`,
      kind: 'refactor',
      start: opStart,
      end: opStart + 2,
      newText: op,
    });
  }
  return hints;
}

function filterFirstHints({ shape, sample }: HintContext): QueryHint[] {
  const parsers = parserStages(shape);
  if (parsers.length !== 1 || !['json', 'logfmt'].includes(parsers[0].op ?? '') || /\s/.test(parsers[0].text.trim().replace(/^\|\s*/, ''))) return [];
  const parser = parsers[0];
  const streamLabels = new Set([...LB_LABELS, ...shape.selector.matchers.map((m) => m.label)]);
  const hints: QueryHint[] = [];
  for (const stage of shape.stages) {
    if (stage.start < parser.end) continue;
    // After a formatting stage, labels may no longer be the fields of the raw line.
    if (stage.kind !== 'label-filter') break;
    const [condition] = stage.conditions ?? [];
    if (stage.conditions?.length !== 1 || condition.op !== '=' && condition.op !== '==' || !VERBATIM_VALUE.test(condition.value)) continue;
    // A stream label (or structured metadata) would not be in the line; the sample, when there is one, tells.
    if (streamLabels.has(condition.label) || condition.label.startsWith('__')) continue;
    if (sample && !sample.jsonLabels.has(condition.label) && parser.op === 'json') continue;
    const literal = JSON.stringify(condition.value);
    if (shape.stages.some((s) => s.kind === 'line-filter' && s.op === '|=' && s.literal?.value === condition.value)) continue;
    hints.push({
      title: `Add |= ${literal} before | ${parser.op}: only lines containing ${literal} can have ${condition.label}=${literal}, and filtering them first spares parsing the others`,
      kind: 'refactor',
      ...insert(parser.start, `|= ${literal} `),
    });
  }
  return hints;
}
