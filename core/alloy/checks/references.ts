// References between components: `loki.write.default.receiver` needs a `loki.write "default"` in the same
// configuration, exporting `receiver`. Also the pipelines that lead nowhere: a loki.process that forwards to
// nothing, or that nothing forwards to.
import { didYouMean } from '../../text/didYouMean';
import { attribute, Expr, Ident, Stmt, traversalOf } from '../ast';
import { componentSchema, own } from '../catalog';
import { definedComponents } from '../completion';
import { AlloyModel, componentId } from '../model';
import type { ProblemList } from '../problems';

/** Calls `visit` with every traversal (`a.b.c`) in the expressions of `body`, outermost chain only. */
export function forEachTraversal(body: Stmt[], visit: (parts: Ident[], expr: Expr) => void): void {
  const walk = (e: Expr): void => {
    switch (e.type) {
      case 'access':
      case 'identifier': {
        const t = traversalOf(e);
        if (t) visit(t.parts, e);
        else if (e.type === 'access') walk(e.value);
        return;
      }
      case 'array':
        e.elements.forEach(walk);
        return;
      case 'object':
        e.fields.forEach((f) => walk(f.value));
        return;
      case 'index':
        walk(e.value);
        walk(e.index);
        return;
      case 'call':
        walk(e.value);
        e.args.forEach(walk);
        return;
      case 'unary':
        walk(e.value);
        return;
      case 'binary':
        walk(e.left);
        walk(e.right);
        return;
      case 'paren':
        walk(e.inner);
        return;
    }
  };
  for (const stmt of body) {
    if (stmt.type === 'attribute') walk(stmt.value);
    else forEachTraversal(stmt.body, visit);
  }
}

export interface ComponentReference {
  name: string;
  nameParts: Ident[];
  label: Ident;
  exportName?: Ident;
}

/** Reads `loki.write.default.receiver` as component `loki.write`, label `default`, export `receiver`. */
export function componentReference(parts: Ident[]): ComponentReference | undefined {
  for (let p = parts.length - 1; p >= 1; p--) {
    const name = parts.slice(0, p).map((x) => x.name).join('.');
    if (componentSchema(name)) return { name, nameParts: parts.slice(0, p), label: parts[p], exportName: parts[p + 1] };
  }
  return undefined;
}

/**
 * `siblings`: the other .alloy files of the same folder. Alloy run on a folder reads them all as one
 * configuration, so their components can be referenced, and their references count as uses.
 */
export function checkReferences(model: AlloyModel, body: Stmt[], problems: ProblemList, siblings: readonly string[] = []): void {
  const defined = new Map<string, string[]>();
  for (const c of model.components) {
    if (c.label !== undefined) defined.set(c.name, [...(defined.get(c.name) ?? []), c.label]);
  }
  for (const sibling of siblings) {
    for (const c of definedComponents(sibling)) defined.set(c.name, [...(defined.get(c.name) ?? []), c.label]);
  }
  const used = new Set<string>();
  forEachTraversal(body, (parts) => {
    const ref = componentReference(parts);
    if (!ref) return;
    const labels = defined.get(ref.name) ?? [];
    const range = { start: ref.nameParts[0].range.start, end: ref.label.range.end };
    if (!labels.includes(ref.label.name)) {
      const close = didYouMean(ref.label.name, labels);
      problems.add(
        'missing-component',
        range,
        `there is no ${componentId(ref.name, ref.label.name)} in this configuration${siblings.length ? ' (nor in the other .alloy files of its folder)' : ''}${close ? `; did you mean \`${ref.name}.${close}\`?` : ''}`,
      );
      return;
    }
    used.add(`${componentId(ref.name, ref.label.name)}.${ref.exportName?.name ?? ''}`);
    const exports = componentSchema(ref.name)?.exports;
    if (ref.exportName && exports && !own(exports, ref.exportName.name)) {
      const names = Object.keys(exports);
      problems.add(
        'missing-export',
        ref.exportName.range,
        `${ref.name} exports ${names.length ? names.map((n) => `\`${n}\``).join(', ') : 'nothing'}, not \`${ref.exportName.name}\``,
      );
    }
  });
  for (const c of model.components) {
    if (c.name !== 'loki.process' || c.label === undefined) continue;
    const forwardTo = attribute(c.block.body, 'forward_to');
    if (forwardTo?.value.type === 'array' && forwardTo.value.elements.length === 0) {
      problems.add('not-forwarded', forwardTo.value.range, `${componentId(c.name, c.label)} forwards its output to nothing: the processed entries are dropped`, 'warning');
    }
    const receiver = `loki.process.${c.label}.receiver`;
    if (!used.has(`${componentId(c.name, c.label)}.receiver`) && !siblings.some((t) => t.includes(receiver))) {
      problems.add(
        'not-received',
        c.block.labelRange ?? c.block.nameRange,
        `nothing forwards entries to ${componentId(c.name, c.label)}: no forward_to lists ${receiver}`,
        'warning',
      );
    }
  }
}
