// A file named on the command line, read as the document the checks take (the language server's type).
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CliError } from './cliError';
import type { CliIo } from './io';

/** `file` (relative to the working directory) as a document with its file: URI; unreadable is a CliError naming it. */
export function readFileDocument(file: string, languageId: string, io: CliIo, command: string): TextDocument {
  const absolute = path.resolve(io.cwd, file);
  let text: string;
  try {
    text = fs.readFileSync(absolute, 'utf8');
  } catch (err) {
    throw new CliError(`lb-obs ${command}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return TextDocument.create(pathToFileURL(absolute).toString(), languageId, 1, text);
}
