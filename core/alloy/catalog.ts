// The catalog of Alloy components (schemas/alloy/components.json, generated from Alloy's source by
// scripts/alloy/catalog): what each component and block accepts, for diagnostics, completion and hover.
import catalogJson from '../../schemas/alloy/components.json';

export interface AttrSchema {
  /** Alloy's type name: string, number, bool, duration, secret, list(T), map(T), object, capsule(...), any. */
  type: string;
  required?: boolean;
  /** The default as the reference page shows it. */
  default?: string;
  doc?: string;
}

export interface BodySchema {
  attrs?: Record<string, AttrSchema>;
  blocks?: Record<string, BlockSchema>;
  /** Part of the body could not be read from Alloy's source: unknown names are not reported. */
  open?: boolean;
  /** The block takes a label: `walk_param "public" { ... }`. */
  labeled?: boolean;
}

export interface BlockSchema extends BodySchema {
  required?: boolean;
  /** The block may appear more than once. */
  multiple?: boolean;
  doc?: string;
}

export interface ExportSchema {
  type: string;
  doc?: string;
}

export interface ComponentSchema {
  doc?: string;
  stability: string;
  args?: BodySchema;
  exports?: Record<string, ExportSchema>;
}

interface Catalog {
  alloyVersion: string;
  configBlocks: string[];
  templateFunctions: string[];
  components: Record<string, ComponentSchema>;
}

const catalog = catalogJson as Catalog;

export const ALLOY_VERSION = catalog.alloyVersion;

/** Top-level blocks that are not components: logging, declare, import.file, ... */
export const CONFIG_BLOCKS: ReadonlySet<string> = new Set(catalog.configBlocks);

/** The functions stage.template knows: sprig's text functions and Alloy's own. */
export const TEMPLATE_FUNCTIONS: readonly string[] = catalog.templateFunctions;

export function componentSchema(name: string): ComponentSchema | undefined {
  return Object.prototype.hasOwnProperty.call(catalog.components, name) ? catalog.components[name] : undefined;
}

export function componentNames(): string[] {
  return Object.keys(catalog.components);
}

/** Own properties only: a block named `constructor` is not a schema. */
export function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
