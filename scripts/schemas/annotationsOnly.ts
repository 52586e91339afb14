// The variant of a schema that package.json `jsonValidation` gives VS Code's own JSON support. Our language server
// already reports every problem, in lb's terms; VS Code reporting them again from the full schema would show each
// one twice. So the variant keeps what drives completion, hover and the choice of a plugin's settings, and drops
// every keyword that makes VS Code report a problem.
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

/**
 * Throws on a keyword it was not told about, so that a new keyword in the full schema is classified here rather
 * than slipping a problem into VS Code or losing an annotation.
 */
export function annotationsOnly(schema: JsonSchema, where = '#'): JsonSchema {
  const out: JsonSchema = {};
  const proposals: unknown[] = [];
  for (const [keyword, value] of Object.entries(schema)) {
    const at = `${where}/${keyword}`;
    if (ANNOTATIONS.has(keyword)) {
      if (keyword === 'examples') proposals.push(...(value as unknown[]));
      else out[keyword] = value;
    } else if (keyword === 'properties' || keyword === 'definitions') {
      out[keyword] = Object.fromEntries(Object.entries(value as Record<string, JsonSchema>).map(([k, v]) => [k, annotationsOnly(v, `${at}/${k}`)]));
    } else if (keyword === 'items' || keyword === 'then') {
      out[keyword] = annotationsOnly(value as JsonSchema, at);
    } else if (keyword === 'allOf') {
      out[keyword] = (value as JsonSchema[]).map((branch, i) => annotationsOnly(branch, `${at}/${i}`));
    } else if (keyword === 'if' || keyword === '$ref') {
      // A condition only selects its `then`; VS Code never reports what it finds.
      out[keyword] = value;
    } else if (keyword === 'additionalProperties') {
      // A map's values keep their schema; `false` (unknown keys) is the server's to report.
      if (typeof value === 'object') out[keyword] = annotationsOnly(value as JsonSchema, at);
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
