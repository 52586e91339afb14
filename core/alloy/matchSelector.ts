// The LogQL of a stage.match selector as a query of the document, for hints and Explain: edits are written as
// Alloy string escapes, then through the host of the configuration (YAML quoting for Alloy embedded in YAML).
import type { QueryHint } from '../logql/hints/hint';
import { lineFilterHints } from '../logql/hints/lineFilterHints';
import { applyHint } from '../logql/hints/queryHints';
import { queryShape } from '../logql/hints/queryShape';
import { DocumentEdit, EmbeddedQuery, VERBATIM } from '../logql/embedded/embeddedQuery';
import type { ValidateOptions } from '../logql/problems';
import { validateLogQL } from '../logql/validateQuery';
import { selectorAt } from './completion';
import { matchSelectorError } from './syntaxWasm';

const OPTIONS: ValidateOptions = { grafanaVariables: false, expect: 'log' };

class MatchSelectorQuery extends EmbeddedQuery {
  constructor(text: string, offsets: number[], host: { start: number; end: number }, private readonly config: EmbeddedQuery, private readonly toSource: (start: number, end: number) => { start: number; end: number }) {
    super(text, offsets, host, VERBATIM, OPTIONS, undefined, config.exact);
  }

  override edit(start: number, end: number, newText: string): DocumentEdit {
    const source = this.toSource(start, end);
    // Go's strconv.Unquote (which Alloy uses) reads JSON's escapes.
    return this.config.edit(source.start, source.end, JSON.stringify(newText).slice(1, -1));
  }
}

/** The selector of the stage.match whose `selector = "..."` string holds `offset` of the configuration. */
export function matchSelectorQuery(config: EmbeddedQuery, offset: number): { query: EmbeddedQuery; offset: number } | undefined {
  const selector = selectorAt(config.text, offset);
  if (!selector) return undefined;
  const offsets = Array.from({ length: selector.value.length + 1 }, (_, i) => config.toDocument(selector.toSource(i, i).start));
  const literal = selector.toSource(0, selector.value.length);
  const host = config.toDocumentRange(literal.start - 1, literal.end + 1);
  return { query: new MatchSelectorQuery(selector.value, offsets, host, config, selector.toSource), offset: selector.cursor };
}

/**
 * Hints for a stage.match selector. Alloy parses it with Promtail's LogQL, which takes a stream selector and line
 * filters only (`| json` is a syntax error there), and it only decides which lines the nested stages see. So the
 * hints that add a parser, a label filter after one (lb's level and phase filters, `__error__`), `label_format`
 * or a metric wrap cannot apply; the line filter hints can (`|=` for a regex without regex characters). Every
 * edited selector must pass Alloy's own selector parser (loaded by the caller) as well as the validator.
 */
export function matchSelectorHints(selector: string): QueryHint[] {
  if (matchSelectorError(selector) || validateLogQL(selector, OPTIONS).some((p) => p.severity === 'error')) return [];
  const shape = queryShape(selector);
  if (!shape || shape.broken) return [];
  const ctx = { shape, range: '5m' };
  return lineFilterHints(ctx).filter((hint) => {
    const edited = applyHint(selector, hint);
    return !matchSelectorError(edited) && !validateLogQL(edited, OPTIONS).some((p) => p.severity === 'error');
  });
}
