// The variant of a schema that package.json `jsonValidation` gives VS Code's own JSON support. Our language server
// already reports every problem, in lb's terms; VS Code reporting them again from the full schema would show each
// one twice. So the variant keeps what drives completion, hover and the choice of a plugin's settings, and drops
// every keyword that makes VS Code report a problem. What those keywords said (type, default, bounds) stays readable:
// each described key's markdownDescription ends with the facts line our own hover shows (core/config/schemaDocs.ts).
import { describedWithFacts, SchemaFactsSource } from '../../core/config/schemaDocs';
import type { JsonSchema } from './fields';

/** Kept as they are: annotations, and snippet or example values (which are data, not schemas). */
const ANNOTATIONS = new Set([
  '$schema',
  'title',
  'description',
  'markdownDescription',
  'default',
  'examples',
  'defaultSnippets',
  'enumDescriptions',
]);

/** Each makes VS Code report a problem. Completion's hints from `type`, `enum`, `const` and `deprecated` are rebuilt. */
const REPORTING = new Set([
  'type',
  'enum',
  'const',
  'required',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'pattern',
  'patternErrorMessage',
  'minItems',
  'minLength',
  'deprecated',
  'deprecationMessage',
]);

const unique = (values: unknown[]) => [...new Map(values.map((v) => [JSON.stringify(v), v])).values()];

/** The schema with its `$ref` (into the same document) filled in, as VS Code and our server see it. */
function resolved(schema: JsonSchema, root: JsonSchema, seen = new Set<string>()): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/') || seen.has(ref)) return schema;
  seen.add(ref);
  const target = ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root) as JsonSchema | undefined;
  if (!target) throw new Error(`annotationsOnly: ${ref} does not resolve`);
  return { ...resolved(target, root, seen), ...schema };
}

/** The variant of a key's schema (or a definition's), its description followed by the facts the full schema stated. */
function documentedKey(full: JsonSchema, root: JsonSchema, where: string): JsonSchema {
  const out = variant(full, root, where);
  const description = (full.markdownDescription ?? full.description) as string | undefined;
  if (description !== undefined) out.markdownDescription = describedWithFacts(description, resolved(full, root) as SchemaFactsSource);
  return out;
}

/**
 * Throws on a keyword it was not told about, so that a new keyword in the full schema is classified here rather
 * than slipping a problem into VS Code or losing an annotation.
 */
export function annotationsOnly(schema: JsonSchema): JsonSchema {
  return variant(schema, schema, '#');
}

function variant(schema: JsonSchema, root: JsonSchema, where: string): JsonSchema {
  const out: JsonSchema = {};
  const proposals: unknown[] = [];
  for (const [keyword, value] of Object.entries(schema)) {
    const at = `${where}/${keyword}`;
    if (ANNOTATIONS.has(keyword)) {
      if (keyword === 'examples') proposals.push(...(value as unknown[]));
      else out[keyword] = value;
    } else if (keyword === 'properties' || keyword === 'definitions') {
      // Definitions too: where a key refers to one, VS Code's hover takes the definition's description.
      out[keyword] = Object.fromEntries(Object.entries(value as Record<string, JsonSchema>).map(([k, v]) => [k, documentedKey(v, root, `${at}/${k}`)]));
    } else if (keyword === 'items' || keyword === 'then') {
      out[keyword] = variant(value as JsonSchema, root, at);
    } else if (keyword === 'allOf') {
      out[keyword] = (value as JsonSchema[]).map((branch, i) => variant(branch, root, `${at}/${i}`));
    } else if (keyword === 'if' || keyword === '$ref') {
      // A condition only selects its `then`; VS Code never reports what it finds.
      out[keyword] = value;
    } else if (keyword === 'additionalProperties') {
      // A map's values keep their schema; `false` (unknown keys) is the server's to report.
      if (typeof value === 'object') out[keyword] = documentedKey(value as JsonSchema, root, at);
    } else if (REPORTING.has(keyword)) {
      if (keyword === 'enum') proposals.push(...(value as unknown[]));
      if (keyword === 'const') proposals.push(value);
      // VS Code proposes true and false from `type: boolean` only.
      if (keyword === 'type' && [value].flat().includes('boolean')) proposals.push(true, false);
      // A deprecated key is left out of completion, as VS Code does for the full schema.
      if (keyword === 'deprecationMessage' || keyword === 'deprecated') out.doNotSuggest = true;
    } else {
      throw new Error(`annotationsOnly: ${at}: keyword "${keyword}" is neither an annotation nor known to report problems; classify it`);
    }
  }
  if (proposals.length > 0) out.examples = unique(proposals);
  return out;
}
