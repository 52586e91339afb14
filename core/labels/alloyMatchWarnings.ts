// The label warnings of LogQL in Alloy's stage.match selectors, at the selector's characters in the .alloy file
// or the YAML that holds it. A selector only chooses which lines the nested stages see and takes no label filter,
// so a structured-metadata warning comes without the fix. Selectors Alloy or Loki refuse get only those errors.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { attribute, Stmt, stringLiteral } from '../alloy/ast';
import { matchSelectorQuery } from '../alloy/matchSelector';
import { matchSelectorError } from '../alloy/syntaxWasm';
import { labelWarnings } from '../logql/labelWarnings';
import { validateLogQL } from '../logql/validateQuery';
import { embeddedDiagnostic } from '../diagnostics/embeddedDiagnostic';
import type { ValidationEnvironment, Validator } from '../diagnostics/types';
import { parsedAlloyConfigs } from './alloyConfigs';

/** The configuration offsets just inside every stage.match selector string. */
function selectorOffsets(body: Stmt[], into: number[] = []): number[] {
  for (const stmt of body) {
    if (stmt.type !== 'block') continue;
    const selector = stmt.name === 'stage.match' ? stringLiteral(attribute(stmt.body, 'selector')?.value) : undefined;
    if (selector?.raw.startsWith('"')) into.push(selector.range.start + 1);
    selectorOffsets(stmt.body, into);
  }
  return into;
}

function matchLabelDiagnostics(document: TextDocument, env: ValidationEnvironment, embedded: boolean): Diagnostic[] {
  if (!env.labels?.hasSources()) return [];
  return parsedAlloyConfigs(document.getText(), embedded).flatMap(({ config, ast }) =>
    selectorOffsets(ast.body).flatMap((offset) => {
      const query = matchSelectorQuery(config, offset)?.query;
      if (!query || matchSelectorError(query.text) || validateLogQL(query.text, query.options).some((p) => p.severity === 'error')) return [];
      return labelWarnings(query.text, env.labels, { grafanaVariables: false, fixes: false }).map((p) => embeddedDiagnostic(document, query, p));
    }),
  );
}

export const validateAlloyFileLabels: Validator = (document, env) => matchLabelDiagnostics(document, env, false);
export const validateEmbeddedAlloyLabels: Validator = (document, env) => matchLabelDiagnostics(document, env, true);
