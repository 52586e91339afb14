// Loads Loki's LogQL parser before a command checks LogQL; says once on stderr when it cannot (the checks then
// use the grammar alone, as in a build without dist/wasm).
import { loadLokiParser, lokiParserError } from '../core/logql/lokiParser';
import type { CliIo } from './io';

let warned = false;

export async function loadLokiParserFor(command: string, io: CliIo): Promise<void> {
  if ((await loadLokiParser()) || warned) return;
  warned = true;
  io.stderr(`lb-obs ${command}: Loki's LogQL parser is unavailable (${lokiParserError()}); LogQL is checked with the grammar only\n`);
}
