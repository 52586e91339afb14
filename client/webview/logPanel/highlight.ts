// Search-match highlighting built from text nodes and <mark> elements, never from HTML strings.
import type { LogFilter } from '../../../core/logs/model';

/** Beyond this many matches in one message the rest is left plain (keeps pathological lines cheap). */
const MAX_MARKS = 100;

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The search of a filter as a global RegExp, or null when there is none or it does not compile. */
export function searchPattern(filter: LogFilter): RegExp | null {
  if (!filter.text) return null;
  const flags = filter.caseSensitive ? 'g' : 'gi';
  try {
    return new RegExp(filter.regex ? filter.text : escapeRegExp(filter.text), flags);
  } catch {
    return null;
  }
}

/** Appends `text` to `parent`, wrapping matches of `pattern` in <mark class="match">. */
export function appendHighlighted(parent: Node, text: string, pattern: RegExp | null): void {
  if (!pattern) {
    parent.appendChild(document.createTextNode(text));
    return;
  }
  pattern.lastIndex = 0;
  let last = 0;
  let marks = 0;
  let match: RegExpExecArray | null;
  while (marks < MAX_MARKS && (match = pattern.exec(text)) !== null) {
    if (match[0].length === 0) {
      pattern.lastIndex++;
      continue;
    }
    if (match.index > last) parent.appendChild(document.createTextNode(text.slice(last, match.index)));
    const mark = document.createElement('mark');
    mark.className = 'match';
    mark.textContent = match[0];
    parent.appendChild(mark);
    last = match.index + match[0].length;
    marks++;
  }
  if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
}
