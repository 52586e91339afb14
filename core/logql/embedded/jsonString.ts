// A LogQL query held in a JSON string (jsonc-parser node): each decoded character is mapped back through the
// JSON escapes (`\"`, `\\`, `\n`, `\u0041`, ...) to its place in the document.
import type { Node } from 'jsonc-parser';
import type { ValidateOptions } from '../problems';
import { coarseQuery, EmbeddedQuery, HostEncoding } from './embeddedQuery';

const SIMPLE: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

const JSON_STRING: HostEncoding = {
  inPlace: (piece) => JSON.stringify(piece).slice(1, -1),
  whole: (query) => JSON.stringify(query),
};

export function jsonStringQuery(document: string, node: Node, options: ValidateOptions): EmbeddedQuery {
  const host = { start: node.offset, end: node.offset + node.length };
  const value = String(node.value);
  let text = '';
  const offsets: number[] = [];
  let i = node.offset + 1;
  const end = host.end - 1;
  while (i < end) {
    const c = document[i];
    if (c !== '\\') {
      offsets.push(i);
      text += c;
      i++;
      continue;
    }
    const e = document[i + 1];
    offsets.push(i);
    if (e === 'u') {
      text += String.fromCharCode(parseInt(document.slice(i + 2, i + 6), 16));
      i += 6;
    } else {
      text += SIMPLE[e] ?? e;
      i += 2;
    }
  }
  offsets.push(end);
  // jsonc-parser decoded it already; if our reading differs (a malformed escape), do not guess positions.
  if (text !== value) return coarseQuery(value, host, JSON_STRING, options);
  return new EmbeddedQuery(text, offsets, host, JSON_STRING, options);
}
