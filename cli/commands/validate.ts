// `lb-obs validate <file>... [--format text|json]`: the language server's diagnostics, headless.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { validateDocument } from '../../core/validation/validateDocument';
import { classifyDocument } from '../../core/documents/kind';
import { ALLOY_KINDS, loadAlloyParser } from '../../core/alloy/syntaxWasm';
import { KINDS_WITH_LOGQL } from '../../core/logql/lokiParser';
import { loadLokiParserFor } from '../lokiParser';
import { quoteUserText } from '../../core/text/userText';
import { UsageError } from '../cliError';
import { FileDiagnostics, hasProblems, printDiagnostics } from '../diagnosticsOutput';
import { readFileDocument } from '../fileDocument';
import type { CliCommand } from '../io';
import { formatOption, parseOptions } from '../parseOptions';

const LANGUAGE_BY_EXTENSION: Record<string, string> = { '.alloy': 'alloy', '.json': 'json', '.logql': 'logql', '.yaml': 'yaml', '.yml': 'yaml' };

export const validateCommand: CliCommand = async (args, io) => {
  const { values, positionals } = parseOptions(args, { format: { type: 'string' } }, 'validate');
  const format = formatOption(values.format, ['text', 'json'], 'validate');
  if (positionals.length === 0) throw new UsageError('lb-obs validate: give at least one file');
  const env = {
    readFile: (p: string) => {
      try {
        return fs.readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
    homeDir: io.env.HOME ?? os.homedir(),
    xdgConfigHome: io.env.XDG_CONFIG_HOME,
    workspaceFolders: [io.cwd],
  };
  const results: FileDiagnostics[] = [];
  for (const file of positionals) {
    const language = LANGUAGE_BY_EXTENSION[path.extname(file).toLowerCase()] ?? 'plaintext';
    const doc = readFileDocument(file, language, io, 'validate');
    const fileKind = classifyDocument(doc.uri, doc.getText(), {}, doc.languageId);
    if (KINDS_WITH_LOGQL.has(fileKind)) await loadLokiParserFor('validate', io);
    if (ALLOY_KINDS.has(fileKind)) await loadAlloyParser();
    const { kind, diagnostics } = validateDocument(doc, env);
    if (kind === 'unknown') io.stderr(`lb-obs validate: ${quoteUserText(file, 200)}: not recognised as an lb config, Grafana file or LogQL; nothing checked\n`);
    results.push({ file, diagnostics });
  }
  printDiagnostics(results, format, io);
  return hasProblems(results) ? 1 : 0;
};
