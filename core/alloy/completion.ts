// Completion in Alloy configurations. The text being typed is rarely valid, so where the cursor is comes from
// a tolerant scan of the brackets before it (strings and comments skipped), not from the parser; what to offer
// comes from the catalog and from the components the text defines.
import { componentNames, componentSchema, CONFIG_BLOCKS } from './catalog';
import { bodySchemaAt } from './schemaPath';
import { decodeAlloyString } from './strings';

export type AlloyCompletionKind = 'component' | 'block' | 'argument' | 'reference' | 'label';

export interface AlloyCompletion {
  label: string;
  kind: AlloyCompletionKind;
  /** A snippet (VS Code syntax). */
  insertText: string;
  detail?: string;
  documentation?: string;
}

export interface AlloyCompletionResult {
  /** The offsets of the text the items replace (the word being typed). */
  start: number;
  end: number;
  items: AlloyCompletion[];
  /** True when the cursor is at a label name of stage.labels / structured_metadata / static_labels: live Loki label names fit. */
  labelKey: boolean;
}

interface Frame {
  /** Block name for `{` of a block; `=name` for an object or array value of attribute `name`. */
  name: string;
}

/** The block names around `offset`, and the attribute whose value holds it, if any. */
export function contextAt(text: string, offset: number): { path: string[]; valueOf?: string } {
  const stack: Frame[] = [];
  let statementStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '"' || c === '`') {
      for (i++; i < offset && text[i] !== c && !(c === '"' && text[i] === '\n'); i++) if (c === '"' && text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < offset && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? offset : end + 1;
    } else if (c === '{' || c === '[' || c === '(') {
      const before = text.slice(statementStart, i);
      const assigned = /([A-Za-z_]\w*)\s*=\s*$/.exec(before);
      const header = /([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)\s*(?:"[^"\n]*")?\s*$/.exec(before);
      const enclosing = stack[stack.length - 1];
      if (c === '{' && !assigned && header && !(enclosing && enclosing.name.startsWith('='))) stack.push({ name: header[1].replace(/\s+/g, '') });
      else stack.push({ name: assigned ? `=${assigned[1]}` : enclosing?.name.startsWith('=') ? enclosing.name : '=' });
      statementStart = i + 1;
    } else if (c === '}' || c === ']' || c === ')') {
      stack.pop();
      statementStart = i + 1;
    } else if (c === '\n' || c === ',') {
      statementStart = i + 1;
    }
  }
  const path = stack.filter((f) => !f.name.startsWith('=')).map((f) => f.name);
  const value = [...stack].reverse().find((f) => f.name.startsWith('='));
  const line = text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
  const assigned = /([A-Za-z_]\w*)\s*=\s*[^=]*$/.exec(line);
  return { path, valueOf: value ? value.name.slice(1) || undefined : assigned?.[1] };
}

/** `loki.write "default" {` headers of the text: the components it defines, for references. */
export function definedComponents(text: string): Array<{ name: string; label: string }> {
  const found: Array<{ name: string; label: string }> = [];
  for (const m of text.matchAll(/^[ \t]*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)\s+"([A-Za-z_]\w*)"\s*\{/gm)) {
    if (componentSchema(m[1])) found.push({ name: m[1], label: m[2] });
  }
  return found;
}

const LABEL_STAGES = new Set(['stage.labels', 'stage.structured_metadata', 'stage.static_labels']);

export function completeAlloy(text: string, offset: number): AlloyCompletionResult {
  const word = /[\w.]*$/.exec(text.slice(Math.max(0, offset - 200), offset))![0];
  const start = offset - word.length;
  const result: AlloyCompletionResult = { start, end: offset, items: [], labelKey: false };
  const { path, valueOf } = contextAt(text, offset);
  const lineBefore = text.slice(text.lastIndexOf('\n', start - 1) + 1, start);
  const atStatement = /^\s*$/.test(lineBefore);
  if (valueOf) {
    const innermost = path[path.length - 1];
    if (valueOf === 'values' && LABEL_STAGES.has(innermost) && /(^|[{,])\s*$/.test(text.slice(0, start).replace(/\s+$/, '') + ' ')) {
      result.labelKey = true;
      return result;
    }
    if (/[\s=[,(]$/.test(text.slice(0, start)) || word.length > 0) result.items = references(text, valueOf);
    return result;
  }
  if (!atStatement) return result;
  if (path.length === 0) {
    for (const name of [...componentNames(), ...CONFIG_BLOCKS]) {
      const schema = componentSchema(name);
      result.items.push({
        label: name,
        kind: 'component',
        insertText: `${name} "\${1:default}" {\n\t$0\n}`,
        detail: schema ? `component (${schema.stability})` : 'configuration block',
        documentation: schema?.doc,
      });
    }
    return result;
  }
  const body = bodySchemaAt(path);
  if (!body) return result;
  for (const [name, attr] of Object.entries(body.attrs ?? {})) {
    result.items.push({
      label: name,
      kind: 'argument',
      insertText: `${name} = $0`,
      detail: `${attr.type}${attr.required ? ' (required)' : attr.default !== undefined ? ` = ${attr.default}` : ''}`,
      documentation: attr.doc,
    });
  }
  for (const [name, block] of Object.entries(body.blocks ?? {})) {
    result.items.push({
      label: name,
      kind: 'block',
      insertText: `${name} {\n\t$0\n}`,
      detail: `block${block.required ? ' (required)' : ''}${block.multiple ? ', repeatable' : ''}`,
      documentation: block.doc,
    });
  }
  return result;
}

/** `loki.write.default.receiver` for every export of the components defined in the text (receivers for forward_to). */
function references(text: string, attribute: string): AlloyCompletion[] {
  const items: AlloyCompletion[] = [];
  for (const { name, label } of definedComponents(text)) {
    for (const [exportName, exp] of Object.entries(componentSchema(name)?.exports ?? {})) {
      if (attribute === 'forward_to' && !/Receiver/.test(exp.type)) continue;
      items.push({ label: `${name}.${label}.${exportName}`, kind: 'reference', insertText: `${name}.${label}.${exportName}`, detail: exp.type, documentation: exp.doc });
    }
  }
  return items;
}


/** A stage.match selector being typed: its decoded text, the cursor in it, and how to map back to the source. */
export interface SelectorAtCursor {
  value: string;
  cursor: number;
  /** Source range of decoded [start, end). */
  toSource(start: number, end: number): { start: number; end: number };
}

/** The `selector = "..."` string of a stage.match the cursor is in, if it is in one. */
export function selectorAt(text: string, offset: number): SelectorAtCursor | undefined {
  const { path, valueOf } = contextAt(text, offset);
  if (valueOf !== 'selector' || path[path.length - 1] !== 'stage.match') return undefined;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const open = /selector\s*=\s*"((?:[^"\\\n]|\\.)*)$/.exec(text.slice(lineStart, offset));
  if (!open) return undefined;
  const quote = lineStart + open.index + open[0].length - open[1].length - 1;
  const rest = /^(?:[^"\\\n]|\\.)*/.exec(text.slice(offset))![0];
  const raw = text.slice(quote, offset + rest.length);
  const decoded = decodeAlloyString(`${raw}"`);
  const cursorRaw = offset - quote;
  let cursor = decoded.offsets.findIndex((o) => o >= cursorRaw);
  if (cursor < 0) cursor = decoded.value.length;
  return {
    value: decoded.value,
    cursor,
    toSource: (start, end) => ({ start: quote + decoded.offsets[start], end: quote + decoded.offsets[end] }),
  };
}
