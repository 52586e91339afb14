// Completion and hover for Loki configs, from the same generated schema the diagnostics use.
import { LOG_LEVELS } from './goScalars';
import { fieldsOf, LokiField, lokiSchema, ROOT_FIELD } from './schema';
import { yamlCursor } from './yamlPath';
import { expected } from './checkValues';

export interface SchemaCompletion {
  label: string;
  kind: 'key' | 'value';
  detail: string;
  documentation?: string;
  insertText: string;
}

export interface SchemaHover {
  markdown: string;
  start: number;
  end: number;
}

/** A path inside Helm values starts below `loki.structuredConfig` or `loki.config`. */
function configPath(path: (string | number)[]): (string | number)[] | undefined {
  if (path[0] === 'loki') return path[1] === 'structuredConfig' || path[1] === 'config' ? path.slice(2) : undefined;
  return path;
}

export function fieldAt(path: (string | number)[]): LokiField | undefined {
  let field: LokiField | undefined = ROOT_FIELD;
  for (const step of path) {
    if (!field) return undefined;
    if (typeof step === 'number') field = field.type === 'list' ? field.items : undefined;
    else if (field.type === 'block') {
      const block = lokiSchema.blocks[field.ref!];
      field = fieldsOf(field.ref!).get(step) ?? (block.anyKeys ? { ...block.anyKeys, name: step } : undefined);
    } else if (field.type === 'map') field = field.values && { ...field.values, name: step };
    else return undefined;
  }
  return field;
}

function typeLabel(field: LokiField): string {
  if (field.type === 'list') return `list of ${field.items ? typeLabel(field.items) : 'values'}`;
  if (field.type === 'block') return 'block';
  if (field.type === 'model_duration' || field.type === 'duration') return 'duration';
  if (field.type === 'bytesize' || field.type === 'bytes') return 'size';
  return field.type;
}

function documentation(field: LokiField): string {
  const lines = [`**${field.name}** (${typeLabel(field)})`, ''];
  const description = field.description || (field.ref ? lokiSchema.blocks[field.ref]?.description : '');
  if (description) lines.push(description, '');
  if (field.default !== undefined && field.default !== '') lines.push(`Default: \`${field.default}\``, '');
  if (field.type !== 'block' && field.type !== 'list' && field.type !== 'map') lines.push(`Expects ${expected(field)}.`, '');
  lines.push(`_Loki ${lokiSchema.loki} configuration reference_`);
  return lines.join('\n');
}

/** Values offered after `key: ` for keys whose accepted values are known. */
function valuesFor(field: LokiField, parents: (string | number)[]): string[] {
  const f = lokiSchema.facts;
  if (field.type === 'bool') return ['true', 'false'];
  if (field.type === 'log_level') return LOG_LEVELS;
  const inPeriod = parents[parents.length - 2] === 'configs' && parents[parents.length - 3] === 'schema_config';
  if (inPeriod && field.name === 'store') return f.indexTypes;
  if (inPeriod && field.name === 'object_store') return f.objectStores;
  if (inPeriod && field.name === 'schema') return ['v13', 'v12', 'v11'];
  if (field.name === 'delete_request_store') return f.objectStores;
  if (field.name === 'store' && parents[parents.length - 1] === 'kvstore') return f.kvStores;
  if (field.name === 'target' && parents.length === 0) return f.targets;
  return documentedValues(field.description ?? '');
}

/** Values a description lists ("Supported values: a, b and c."), offered for completion only. */
function documentedValues(description: string): string[] {
  const list = /(?:supported|valid|possible) (?:values|options)[^:.]*:\s*([^.]*)/i.exec(description)?.[1];
  if (!list) return [];
  return list
    .split(/,|\band\b|\bor\b/)
    .map((v) => v.trim().replace(/^'(.*)'$/, '$1').replace(/\s*\(.*\)$/, ''))
    .filter((v) => /^[\w-]+$/.test(v));
}

export function lokiCompletions(text: string, offset: number): SchemaCompletion[] {
  const cursor = yamlCursor(text, offset);
  const parents = configPath(cursor.parents);
  if (!parents) return [];
  if (cursor.valueKey !== undefined) {
    const field = fieldAt([...parents, cursor.valueKey]);
    if (!field) return [];
    return valuesFor(field, parents).map((v) => ({ label: v, kind: 'value', detail: typeLabel(field), insertText: v }));
  }
  const parent = fieldAt(parents);
  if (!parent || parent.type !== 'block') return [];
  return (lokiSchema.blocks[parent.ref!].fields ?? [])
    .filter((f) => !f.hidden)
    .map((f) => ({
      label: f.name,
      kind: 'key' as const,
      detail: typeLabel(f),
      documentation: documentation(f),
      insertText: f.type === 'block' || f.type === 'list' || f.type === 'map' ? `${f.name}:\n` : `${f.name}: `,
    }));
}

export function lokiHover(text: string, offset: number): SchemaHover | undefined {
  const cursor = yamlCursor(text, offset);
  const parents = configPath(cursor.parents);
  const name = cursor.key ?? cursor.valueKey;
  if (!parents || !name) return undefined;
  const field = fieldAt([...parents, name]);
  if (!field) return undefined;
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return { markdown: documentation(field), start: start + cursor.start, end: start + cursor.end };
}
