// Formats the queries of a .logql file with Loki's own formatter (`/loki/api/v1/format_query`). A query is
// left exactly as it is when formatting could lose or change anything: it has errors, Grafana variables (Loki
// would reject them) or `#` comments (Loki drops them), Loki fails or times out, or Loki's answer does not
// validate.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { TextEdit } from 'vscode-languageserver/node';
import type { EmbeddedQuery } from '../../../core/logql/embedded/embeddedQuery';
import { substituteVariables } from '../../../core/logql/grafanaVariables';
import { validateLogQL } from '../../../core/logql/validateQuery';
import { lokiFormatQuery } from '../../../core/loki/api';
import type { LokiConnection } from '../../../core/loki/connection';

const FORMAT_TIMEOUT_MS = 5_000;

/** Whether the query has a `#` comment (a `#` outside strings). */
function hasComment(query: string): boolean {
  let inString: string | undefined;
  for (let i = 0; i < query.length; i++) {
    const c = query[i];
    if (inString) {
      if (c === '\\' && inString === '"') i++;
      else if (c === inString) inString = undefined;
    } else if (c === '"' || c === '`') inString = c;
    else if (c === '#') return true;
  }
  return false;
}

function formattable(query: string): boolean {
  return validateLogQL(query).every((p) => p.severity !== 'error') && substituteVariables(query).variables.length === 0 && !hasComment(query);
}

export async function formatLogQLFile(
  doc: TextDocument,
  queries: EmbeddedQuery[],
  loki: LokiConnection,
  warn: (message: string) => void,
): Promise<TextEdit[]> {
  const edits = await Promise.all(
    queries.map(async (query): Promise<TextEdit | undefined> => {
      if (!formattable(query.text)) return undefined;
      let formatted: string;
      try {
        formatted = (await lokiFormatQuery(loki, query.text, { signal: AbortSignal.timeout(FORMAT_TIMEOUT_MS) })).trimEnd();
      } catch (err) {
        warn(`Loki could not format a query, left unchanged: ${(err as Error).message}`);
        return undefined;
      }
      if (formatted === query.text || validateLogQL(formatted).some((p) => p.severity === 'error')) return undefined;
      const span = query.toDocumentRange(0, query.text.length);
      return TextEdit.replace({ start: doc.positionAt(span.start), end: doc.positionAt(span.end) }, formatted);
    }),
  );
  return edits.filter((e): e is TextEdit => !!e);
}
