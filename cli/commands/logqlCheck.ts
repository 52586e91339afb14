// `lb-obs logql check (--query <q> | <file>...) [--format text|json]`: LogQL diagnostics, the same the
// language server publishes. Files are read as .logql files (one query per blank-line separated block),
// except Grafana dashboards and provisioning YAML, whose embedded queries are checked.
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { classifyDocument } from '../../core/documents/kind';
import { wholeTextQuery } from '../../core/logql/embedded/logqlFile';
import { validateLogQL } from '../../core/logql/validateQuery';
import { problemToDiagnostic, validateDashboardLogQL, validateLogQLFile, validateProvisioningLogQL } from '../../core/logql/validators';
import { CliError, UsageError } from '../cliError';
import { FileDiagnostics, hasProblems, printDiagnostics } from '../diagnosticsOutput';
import type { CliCommand } from '../io';
import { formatOption, parseOptions } from '../parseOptions';

const USAGE = 'Usage: lb-obs logql check (--query <LogQL> | <file>...) [--format text|json]';

function check(uri: string, text: string): FileDiagnostics['diagnostics'] {
  const doc = TextDocument.create(uri, 'logql', 1, text);
  switch (classifyDocument(uri, text)) {
    case 'grafana-dashboard':
      return validateDashboardLogQL(doc, {});
    case 'grafana-provisioning':
      return validateProvisioningLogQL(doc, {});
    default:
      return validateLogQLFile(doc, {});
  }
}

export const logqlCommand: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub !== 'check') throw new UsageError(sub ? `lb-obs logql: unknown sub-command "${sub}"\n${USAGE}` : USAGE);
  const { values, positionals } = parseOptions(rest, { query: { type: 'string' }, format: { type: 'string' } }, 'logql check');
  const format = formatOption(values.format, ['text', 'json'], 'logql check');
  if ((values.query === undefined) === (positionals.length === 0)) {
    throw new UsageError(`lb-obs logql check: give either --query or at least one file\n${USAGE}`);
  }
  const results: FileDiagnostics[] = [];
  if (values.query !== undefined) {
    // A query given on the command line is one query, even if it has blank lines.
    const doc = TextDocument.create('untitled:query.logql', 'logql', 1, values.query);
    const query = wholeTextQuery(values.query);
    results.push({ file: '<query>', diagnostics: validateLogQL(query.text).map((p) => problemToDiagnostic(doc, query, p)) });
  }
  for (const file of positionals) {
    const absolute = path.resolve(io.cwd, file);
    let text: string;
    try {
      text = fs.readFileSync(absolute, 'utf8');
    } catch (err) {
      throw new CliError(`lb-obs logql check: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    results.push({ file, diagnostics: check(pathToFileURL(absolute).toString(), text) });
  }
  printDiagnostics(results, format, io);
  return hasProblems(results) ? 1 : 0;
};
