// The Loki config schema generated from Loki's Go source by scripts/loki-schema (see schemas/loki/).
import generated from '../../schemas/loki/loki-config.schema.json';

export type LokiType =
  | 'bool' | 'int8' | 'int16' | 'int32' | 'int64' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'float' | 'string'
  | 'duration' | 'model_duration' | 'bytesize' | 'bytes' | 'cidr_list' | 'url' | 'time' | 'day' | 'log_level'
  | 'custom' | 'any' | 'list' | 'map' | 'block';

export interface LokiField {
  name: string;
  type: LokiType;
  goType?: string;
  ref?: string;
  items?: LokiField;
  values?: LokiField;
  default?: string;
  description?: string;
  hidden?: boolean;
  deprecated?: boolean;
}

export interface LokiBlock {
  description?: string;
  fields: LokiField[];
  anyKeys?: LokiField;
}

export interface LokiSchema {
  loki: string;
  root: string;
  facts: { indexTypes: string[]; objectStores: string[]; thanosBackends: string[]; kvStores: string[]; targets: string[] };
  blocks: Record<string, LokiBlock>;
}

export const lokiSchema = generated as unknown as LokiSchema;

const fieldMaps = new Map<string, Map<string, LokiField>>();

/** The fields of a block by YAML key. */
export function fieldsOf(blockId: string): Map<string, LokiField> {
  let map = fieldMaps.get(blockId);
  if (!map) {
    map = new Map((lokiSchema.blocks[blockId]?.fields ?? []).map((f) => [f.name, f]));
    fieldMaps.set(blockId, map);
  }
  return map;
}

export const ROOT_FIELD: LokiField = { name: '', type: 'block', ref: lokiSchema.root };

/** The keys Loki's top level accepts, for recognising a Loki config by content. */
export function topLevelKeys(): Set<string> {
  return new Set(fieldsOf(lokiSchema.root).keys());
}
