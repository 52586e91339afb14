// Checks one Alloy configuration: syntax with Alloy's own parser, then components and arguments against the
// catalog, references, and the loki.process pipelines. The one entry point for .alloy files, configurations
// embedded in YAML and `lb-obs alloy check`.
import { AlloyParseResult, BlockStmt, stringLiteral, Stmt } from './ast';
import { checkComponents } from './checks/components';
import { checkPipelines } from './checks/stages';
import { checkReferences } from './checks/references';
import { checkRelabelRules } from './checks/relabel';
import { modelOf } from './model';
import { parseAlloy } from './parse';
import { AlloyProblem, ProblemList } from './problems';

export interface AlloyCheck {
  parse: AlloyParseResult;
  problems: AlloyProblem[];
}

// Scopes of their own: a declare's components are checked with the declare, a foreach template at run time.
const OWN_SCOPE = new Set(['declare', 'foreach']);

/** Label names the configuration sets outside loki.process (relabel rules, static labels of sources). */
function labelsSetElsewhere(body: Stmt[], into: Set<string>): Set<string> {
  for (const stmt of body) {
    if (stmt.type === 'block') {
      labelsSetElsewhere(stmt.body, into);
      continue;
    }
    if (stmt.name.name === 'target_label') {
      const value = stringLiteral(stmt.value);
      if (value) into.add(value.string!.value);
    } else if ((stmt.name.name === 'labels' || stmt.name.name === 'external_labels') && stmt.value.type === 'object') {
      for (const f of stmt.value.fields) into.add(f.name.name);
    }
  }
  return into;
}

function checkScope(text: string, body: Stmt[], problems: ProblemList, knownLabels: Set<string>, siblings: readonly string[]): void {
  const model = modelOf(body);
  checkComponents(model, problems);
  checkReferences(model, body.filter((s) => !(s.type === 'block' && OWN_SCOPE.has(s.name))), problems, siblings);
  checkPipelines(text, model, knownLabels, problems);
  for (const stmt of body) {
    if (stmt.type === 'block' && stmt.name === 'declare') checkDeclare(text, stmt, problems, knownLabels);
  }
}

function checkDeclare(text: string, block: BlockStmt, problems: ProblemList, knownLabels: Set<string>): void {
  const inner = modelOf(block.body);
  checkReferences(inner, block.body.filter((s) => !(s.type === 'block' && OWN_SCOPE.has(s.name))), problems);
  checkPipelines(text, inner, knownLabels, problems);
}

/** `siblings`: the texts of the other .alloy files of the folder (Alloy reads a folder as one configuration). */
export function checkAlloy(text: string, siblings: readonly string[] = []): AlloyCheck {
  const parse = parseAlloy(text);
  const problems = new ProblemList();
  if (parse.unavailable) problems.add('parser-unavailable', { start: 0, end: 0 }, `${parse.unavailable}: this configuration was not checked`, 'information');
  for (const e of parse.errors) problems.add('syntax', e.range, e.message);
  if (parse.ast) {
    const knownLabels = labelsSetElsewhere(parse.ast.body, new Set());
    checkScope(text, parse.ast.body, problems, knownLabels, siblings);
    checkRelabelRules(parse.ast.body, problems);
  }
  problems.items.sort((a, b) => a.start - b.start || a.end - b.end);
  return { parse, problems: problems.items };
}
