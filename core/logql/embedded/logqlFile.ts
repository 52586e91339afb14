// `.logql` files hold one query per block: blocks are separated by blank lines, and lines starting with `#`
// are comments. Leading comment lines of a block describe the query and are not part of it; comments after
// the first query line belong to the query (LogQL itself allows `#` comments).
import type { ValidateOptions } from '../problems';
import { EmbeddedQuery, VERBATIM } from './embeddedQuery';

export function logqlFileQueries(text: string, options: ValidateOptions = {}): EmbeddedQuery[] {
  const queries: EmbeddedQuery[] = [];
  let blockStart = -1;
  let blockEnd = -1;
  const flush = () => {
    if (blockStart >= 0) {
      // Trailing blanks of the last line stay in the query: the cursor of someone typing is often there.
      const query = text.slice(blockStart, blockEnd).replace(/\r$/, '');
      const offsets = Array.from({ length: query.length + 1 }, (_, i) => blockStart + i);
      queries.push(new EmbeddedQuery(query, offsets, { start: blockStart, end: blockStart + query.length }, VERBATIM, options));
    }
    blockStart = -1;
  };
  let at = 0;
  while (at <= text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(at, end);
    const trimmed = line.trim();
    if (trimmed === '') flush();
    else if (blockStart >= 0 || !trimmed.startsWith('#')) {
      if (blockStart < 0) blockStart = at + (line.length - line.trimStart().length);
      blockEnd = end;
    }
    if (nl < 0) break;
    at = nl + 1;
  }
  flush();
  return queries;
}

/** The whole text as one query (a query given on the command line may contain blank lines). */
export function wholeTextQuery(text: string, options: ValidateOptions = {}): EmbeddedQuery {
  const offsets = Array.from({ length: text.length + 1 }, (_, i) => i);
  return new EmbeddedQuery(text, offsets, { start: 0, end: text.length }, VERBATIM, options);
}
