// Hover in Alloy configurations (needs a parsed tree): components and blocks with their docs, arguments with
// type, default and whether required, references with the component's export, and the named groups of a
// stage.regex expression.
import { checkRe2 } from '../logql/re2';
import { AlloyFile, BlockStmt, Expr, Range, Stmt, stringLiteral, traversalOf } from './ast';
import { ALLOY_VERSION, componentSchema, CONFIG_BLOCKS, own } from './catalog';
import { componentReference } from './checks/references';
import { bodySchemaAt } from './schemaPath';

export interface AlloyHover {
  markdown: string;
  range: Range;
}

const inside = (r: Range, offset: number) => offset >= r.start && offset <= r.end;

function componentHover(name: string): string | undefined {
  const schema = componentSchema(name);
  if (!schema) return CONFIG_BLOCKS.has(name) ? `**${name}** (configuration block)` : undefined;
  const exports = Object.entries(schema.exports ?? {}).map(([n, e]) => `- \`${n}\` (${e.type})${e.doc ? `: ${e.doc}` : ''}`);
  return [`**${name}** (Alloy ${ALLOY_VERSION}, ${schema.stability})`, schema.doc ?? '', exports.length ? `Exports:\n${exports.join('\n')}` : '']
    .filter(Boolean)
    .join('\n\n');
}

function findIn(body: Stmt[], offset: number, path: string[]): AlloyHover | undefined {
  for (const stmt of body) {
    if (!inside(stmt.range, offset)) continue;
    if (stmt.type === 'block') return blockHover(stmt, offset, path);
    const schema = bodySchemaAt(path);
    if (inside(stmt.name.range, offset)) {
      const attr = own(schema?.attrs, stmt.name.name);
      if (!attr) return undefined;
      const facts = [`\`${attr.type}\``, attr.required ? 'required' : attr.default !== undefined && attr.default !== '' ? `default \`${attr.default}\`` : 'optional'];
      return { markdown: [`**${stmt.name.name}**: ${facts.join(', ')}`, attr.doc ?? ''].filter(Boolean).join('\n\n'), range: stmt.name.range };
    }
    return exprHover(stmt.value, offset, path, stmt.name.name);
  }
  return undefined;
}

function blockHover(block: BlockStmt, offset: number, path: string[]): AlloyHover | undefined {
  const inner = [...path, block.name];
  if (inside(block.nameRange, offset)) {
    if (path.length === 0) {
      const markdown = componentHover(block.name);
      return markdown ? { markdown, range: block.nameRange } : undefined;
    }
    const schema = own(bodySchemaAt(path)?.blocks, block.name);
    if (!schema) return undefined;
    const facts = [schema.required ? 'required' : 'optional', schema.multiple ? 'repeatable' : 'at most once'];
    return { markdown: [`**${block.name}** block (${facts.join(', ')})`, schema.doc ?? ''].filter(Boolean).join('\n\n'), range: block.nameRange };
  }
  return findIn(block.body, offset, inner);
}

function exprHover(expr: Expr, offset: number, path: string[], attribute: string): AlloyHover | undefined {
  if (!inside(expr.range, offset)) return undefined;
  const traversal = traversalOf(expr);
  if (traversal) {
    const ref = componentReference(traversal.parts);
    if (!ref) return undefined;
    const exp = ref.exportName && own(componentSchema(ref.name)?.exports, ref.exportName.name);
    const lines = [
      `**${ref.name} "${ref.label.name}"**`,
      exp ? `export \`${ref.exportName!.name}\` (${exp.type})${exp.doc ? `: ${exp.doc}` : ''}` : (componentSchema(ref.name)?.doc ?? ''),
    ];
    return { markdown: lines.filter(Boolean).join('\n\n'), range: traversal.range };
  }
  const literal = stringLiteral(expr);
  const stage = path[path.length - 1];
  if (literal && attribute === 'expression' && (stage === 'stage.regex' || stage === 'stage.replace')) {
    const result = checkRe2(literal.string!.value);
    if (!result.ok) return undefined;
    const groups = result.namedGroups.length ? result.namedGroups.map((g) => `\`${g}\``).join(', ') : 'none';
    return { markdown: `RE2 regular expression; named groups (extracted values): ${groups}`, range: literal.range };
  }
  switch (expr.type) {
    case 'array':
      for (const e of expr.elements) {
        const h = exprHover(e, offset, path, attribute);
        if (h) return h;
      }
      return undefined;
    case 'object':
      for (const f of expr.fields) {
        const h = exprHover(f.value, offset, path, attribute);
        if (h) return h;
      }
      return undefined;
    case 'call':
      for (const e of expr.args) {
        const h = exprHover(e, offset, path, attribute);
        if (h) return h;
      }
      return undefined;
  }
  return undefined;
}

export function hoverAlloy(file: AlloyFile, offset: number): AlloyHover | undefined {
  return findIn(file.body, offset, []);
}
