// The components a configuration defines, found once per scope and shared by the checks.
import type { BlockStmt, Stmt } from './ast';
import { componentSchema, ComponentSchema, CONFIG_BLOCKS } from './catalog';

export interface ComponentInstance {
  /** `loki.process` */
  name: string;
  label?: string;
  block: BlockStmt;
  /** Undefined for components the catalog does not describe (a `declare`d or imported one). */
  schema?: ComponentSchema;
}

export interface AlloyModel {
  components: ComponentInstance[];
  /** Labels of `declare` blocks: custom components usable by that name. */
  declared: Set<string>;
  /** Labels of `import.*` blocks: namespaces whose components are defined elsewhere. */
  importNamespaces: Set<string>;
  /** Top-level blocks that are configuration blocks (logging, declare, ...). */
  configBlocks: BlockStmt[];
}

/** The model of one body: the file's, or a `declare` block's (its components live in their own scope). */
export function modelOf(body: Stmt[]): AlloyModel {
  const model: AlloyModel = { components: [], declared: new Set(), importNamespaces: new Set(), configBlocks: [] };
  for (const stmt of body) {
    if (stmt.type !== 'block') continue;
    if (CONFIG_BLOCKS.has(stmt.name)) {
      model.configBlocks.push(stmt);
      if (stmt.name === 'declare' && stmt.label) model.declared.add(stmt.label);
      if (stmt.name.startsWith('import.') && stmt.label) model.importNamespaces.add(stmt.label);
      continue;
    }
    model.components.push({ name: stmt.name, label: stmt.label, block: stmt, schema: componentSchema(stmt.name) });
  }
  return model;
}

/** `loki.process "default"` as Alloy names it in messages. */
export function componentId(name: string, label: string | undefined): string {
  return label === undefined ? name : `${name} "${label}"`;
}
