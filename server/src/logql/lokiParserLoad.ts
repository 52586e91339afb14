// Loads Loki's LogQL parser for the first document that holds LogQL (never at start: the server must be ready
// within a second, and the WebAssembly takes longer to compile) and logs once how it went.
import type { Logger } from 'pino';
import type { DocumentKind } from '../../../core/documents/kind';
import { KINDS_WITH_LOGQL, loadLokiParser, lokiParserError } from '../../../core/logql/lokiParser';
import { moduleLogger } from '../../../core/logging/logger';

let logged = false;

export async function loadLokiParserFor(kind: DocumentKind, logger: Logger): Promise<void> {
  if (!KINDS_WITH_LOGQL.has(kind)) return;
  const started = performance.now();
  const loaded = await loadLokiParser();
  if (logged) return;
  logged = true;
  const log = moduleLogger(logger, 'logql');
  if (loaded) log.info(`Loki's LogQL parser loaded in ${Math.round(performance.now() - started)} ms`);
  else log.warn({ reason: lokiParserError() }, "Loki's LogQL parser is unavailable: LogQL is checked with the grammar only");
}
