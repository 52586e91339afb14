// Relabel rules (loki.relabel, discovery.relabel, loki.source.* relabel_rules blocks named `rule`): a
// target_label that Loki cannot select. A `$1`-style template is only known when the rule runs.
import { attribute, Stmt, stringLiteral } from '../ast';
import type { ProblemList } from '../problems';
import { LABEL_NAME } from './labelRules';
import { stringContent } from './stringRanges';

export function checkRelabelRules(body: Stmt[], problems: ProblemList): void {
  for (const stmt of body) {
    if (stmt.type !== 'block') continue;
    if (stmt.name === 'rule') {
      const target = stringLiteral(attribute(stmt.body, 'target_label')?.value);
      const name = target?.string!.value;
      if (target && name && !name.includes('$') && !LABEL_NAME.test(name)) {
        problems.add('label-name', stringContent(target), `target_label \`${name}\` is not a valid Loki label name ([a-zA-Z_][a-zA-Z0-9_]*): LogQL cannot select it`, 'warning');
      }
    }
    checkRelabelRules(stmt.body, problems);
  }
}
