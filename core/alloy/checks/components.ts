// Components, blocks and arguments against the catalog generated from Alloy's source: unknown names (with a
// suggestion), missing required arguments and blocks, arguments set twice, single blocks repeated, literal
// values of the wrong type, and two components with the same name and label.
import { didYouMean } from '../../text/didYouMean';
import type { BlockStmt, Stmt } from '../ast';
import { BodySchema, componentNames, own } from '../catalog';
import { AlloyModel, componentId, modelOf } from '../model';
import type { ProblemList } from '../problems';
import { typeMismatch } from './literalTypes';

function suggestion(word: string, candidates: Iterable<string>): string {
  const close = didYouMean(word, candidates);
  return close ? `; did you mean \`${close}\`?` : '';
}

function checkBody(body: Stmt[], schema: BodySchema, where: string, owner: BlockStmt, problems: ProblemList): void {
  const attrs = schema.attrs ?? {};
  const blocks = schema.blocks ?? {};
  const seenAttrs = new Set<string>();
  const seenBlocks = new Map<string, number>();
  for (const stmt of body) {
    if (stmt.type === 'attribute') {
      const name = stmt.name.name;
      const attr = own(attrs, name);
      if (!attr) {
        if (schema.open) continue;
        if (own(blocks, name)) {
          problems.add('attribute-is-block', stmt.name.range, `\`${name}\` is a block in ${where}: write \`${name} { ... }\``);
        } else {
          problems.add('unknown-argument', stmt.name.range, `unknown argument \`${name}\` in ${where}${suggestion(name, Object.keys(attrs))}`);
        }
        continue;
      }
      if (seenAttrs.has(name)) problems.add('duplicate-argument', stmt.name.range, `argument \`${name}\` is set more than once in ${where}`);
      seenAttrs.add(name);
      const mismatch = typeMismatch(stmt.value, attr.type);
      if (mismatch?.expected === 'duration' && mismatch.got.startsWith('"')) {
        problems.add('wrong-type', mismatch.expr.range, `\`${name}\` expects a duration such as "30s" or "1m30s", got ${mismatch.got}`);
      } else if (mismatch) {
        problems.add('wrong-type', mismatch.expr.range, `\`${name}\` expects ${attr.type}${mismatch.expected !== attr.type ? ` (here ${mismatch.expected})` : ''}, got ${mismatch.got}`);
      }
      continue;
    }
    const block = own(blocks, stmt.name);
    if (!block) {
      if (schema.open) continue;
      if (own(attrs, stmt.name)) {
        problems.add('block-is-attribute', stmt.nameRange, `\`${stmt.name}\` is an argument of ${where}: write \`${stmt.name} = ...\``);
      } else {
        problems.add('unknown-block', stmt.nameRange, `unknown block \`${stmt.name}\` in ${where}${suggestion(stmt.name, Object.keys(blocks))}`);
      }
      continue;
    }
    if (stmt.labelRange && !block.labeled) problems.add('block-label', stmt.labelRange, `block \`${stmt.name}\` takes no label`);
    const count = (seenBlocks.get(stmt.name) ?? 0) + 1;
    seenBlocks.set(stmt.name, count);
    if (count > 1 && !block.multiple) problems.add('duplicate-block', stmt.nameRange, `block \`${stmt.name}\` may only appear once in ${where}`);
    checkBody(stmt.body, block, `\`${stmt.name}\``, stmt, problems);
  }
  const missing = [
    ...Object.entries(attrs).filter(([n, a]) => a.required && !seenAttrs.has(n)).map(([n]) => `argument \`${n}\``),
    ...Object.entries(blocks).filter(([n, b]) => b.required && !seenBlocks.has(n)).map(([n]) => `block \`${n}\``),
  ];
  if (missing.length > 0) {
    problems.add('missing-required', owner.nameRange, `${where} is missing the required ${missing.join(', ')}`);
  }
}

function unknownComponentMessage(name: string, model: AlloyModel): string {
  return `unknown component \`${name}\`${suggestion(name, [...componentNames(), ...model.declared])}`;
}

export function checkComponents(model: AlloyModel, problems: ProblemList): void {
  const ids = new Map<string, BlockStmt>();
  for (const c of model.components) {
    const id = componentId(c.name, c.label);
    if (ids.has(id)) {
      problems.add('duplicate-label', c.block.labelRange ?? c.block.nameRange, `${id} is defined more than once: each component needs its own label`);
    } else {
      ids.set(id, c.block);
    }
    if (c.schema) {
      if (c.block.label === undefined) problems.add('missing-label', c.block.nameRange, `component \`${c.name}\` needs a label: \`${c.name} "name" { ... }\``);
      checkBody(c.block.body, c.schema.args ?? { open: true }, `\`${c.name}\``, c.block, problems);
      continue;
    }
    const namespace = c.block.nameParts[0];
    if (model.declared.has(c.name) || model.importNamespaces.has(namespace)) continue;
    problems.add('unknown-component', c.block.nameRange, unknownComponentMessage(c.name, model));
  }
  // A `declare` block is a configuration of its own: its components are checked in their scope.
  for (const block of model.configBlocks) {
    if (block.name !== 'declare') continue;
    const inner = modelOf(block.body);
    for (const name of model.declared) inner.declared.add(name);
    for (const ns of model.importNamespaces) inner.importNamespaces.add(ns);
    checkComponents(inner, problems);
  }
}
