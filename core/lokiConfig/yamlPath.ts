// Where the cursor is in a YAML file, as a key path, read from indentation alone: completion happens while the
// file is half-typed, when a YAML parser would not give a tree. Used for Loki configs and Grafana provisioning.

export interface YamlCursor {
  /** Keys (and list positions, as 0) of the mapping the cursor is in. */
  parents: (string | number)[];
  /** The key being typed or hovered (text before the cursor for completion), when on a key. */
  key?: string;
  /** The key whose value is being typed or hovered. */
  valueKey?: string;
  /** Start and end columns of the key or value text at the cursor on its line. */
  start: number;
  end: number;
}

const KEY_LINE = /^(\s*)(-\s+)?("[^"]*"|'[^']*'|[^\s#'"-][^:#]*?|-[^\s:#][^:#]*?)\s*:(?:\s+(.*))?$/;

function unquote(key: string): string {
  return /^["'].*["']$/.test(key) ? key.slice(1, -1) : key;
}

/** The chain of parent keys of a line whose content starts at column `column`; `listIndent` is the column of
 * the `-` of the list the line is an item of (-1 when none), whose other items are skipped. */
function parentsOf(lines: string[], line: number, column: number, listIndent: number): (string | number)[] {
  const path: (string | number)[] = [];
  let target = column;
  for (let i = line - 1; i >= 0 && target > 0; i--) {
    const l = lines[i].replace(/\r$/, '');
    if (l.trim() === '' || l.trim().startsWith('#')) continue;
    const m = /^(\s*)(-\s+)?/.exec(l)!;
    const indent = m[1].length;
    if (m[2]) {
      if (indent < target && indent !== listIndent) {
        path.unshift(0);
        listIndent = indent;
        // A list may sit at its parent key's indentation (`key:` then `- item` below it).
        target = indent + 1;
      }
      continue;
    }
    if (indent >= target) continue;
    const key = KEY_LINE.exec(l);
    // Only a key with nothing after it (or a block scalar marker) opens a block.
    if (!key || (key[4] !== undefined && !/^[|>][-+]?\s*(#.*)?$/.test(key[4]) && !/^(#.*)?$/.test(key[4]))) break;
    path.unshift(unquote(key[3]));
    target = indent;
    listIndent = -1;
  }
  return path;
}

export function yamlCursor(text: string, offset: number): YamlCursor {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = text.indexOf('\n', offset) < 0 ? text.length : text.indexOf('\n', offset);
  const full = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  const col = offset - lineStart;
  const lines = text.split('\n');
  const lead = /^(\s*)(-\s+)?/.exec(full)!;
  const keyColumn = lead[0].length;
  const indent = lead[1].length;
  const parents = lead[2] ? [...parentsOf(lines, line, indent + 1, indent), 0] : parentsOf(lines, line, indent, -1);
  const key = KEY_LINE.exec(full);
  if (key) {
    const keyText = key[3];
    const keyEnd = keyColumn + keyText.length;
    if (col <= keyEnd) return { parents, key: unquote(keyText), start: keyColumn, end: keyEnd };
    const valueStart = full.indexOf(':', keyEnd) + 1 + (/^:\s*/.exec(full.slice(full.indexOf(':', keyEnd)))![0].length - 1);
    const value = (key[4] ?? '').replace(/\s+#.*$/, '');
    return { parents, valueKey: unquote(keyText), start: valueStart, end: valueStart + value.length };
  }
  const partial = /^[\w.-]*/.exec(full.slice(keyColumn))![0];
  return { parents, key: full.slice(keyColumn, col), start: keyColumn, end: keyColumn + Math.max(partial.length, col - keyColumn) };
}
