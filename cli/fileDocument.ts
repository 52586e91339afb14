// A file named on the command line, read as the document the checks take (the language server's type).
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MAX_CHECKED_BYTES, megabytes } from '../core/documents/sizeLimit';
import { quoteUserText } from '../core/text/userText';
import { CliError } from './cliError';
import type { CliIo } from './io';


function notRegular(stat: fs.Stats): string | undefined {
  if (stat.isDirectory()) return 'it is a directory';
  if (stat.isFIFO()) return 'it is a named pipe (FIFO), not a file';
  if (stat.isSocket()) return 'it is a socket, not a file';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'it is a device, not a file';
  return stat.isFile() ? undefined : 'it is not a regular file';
}

/**
 * `file` (relative to the working directory) as a document with its file: URI. What cannot be read, is not a
 * regular file (reading a FIFO would block) or is too large is a CliError naming it.
 */
export function readFileDocument(file: string, languageId: string, io: CliIo, command: string): TextDocument {
  const absolute = path.resolve(io.cwd, file);
  const fail = (why: string) => new CliError(`lb-obs ${command}: cannot read ${quoteUserText(file, 200)}: ${why}`);
  let text: string;
  try {
    const stat = fs.statSync(absolute);
    const why = notRegular(stat);
    if (why) throw fail(why);
    // Refused before it is read: reading it whole is what would exhaust the process.
    if (stat.size > MAX_CHECKED_BYTES) {
      throw fail(`it is ${megabytes(stat.size)}; lb-obs checks files of at most ${megabytes(MAX_CHECKED_BYTES)}`);
    }
    text = fs.readFileSync(absolute, 'utf8');
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw fail((err as NodeJS.ErrnoException).code ?? (err as Error).message);
  }
  return TextDocument.create(pathToFileURL(absolute).toString(), languageId, 1, text);
}
