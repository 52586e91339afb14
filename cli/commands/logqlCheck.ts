// `lb-obs logql check (--query <q> | <file>...) [--format text|json] [--workspace <folder>]...`: LogQL diagnostics,
// the same the language server publishes; with --workspace, the label warnings against that folder's label sources
// (read as `validate` reads them). Files are read as .logql files (one query per blank-line separated block),
// except Grafana dashboards and provisioning YAML, whose embedded queries are checked; other JSON and YAML files
// are refused (exit 2) rather than read as one meaningless query.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { validateNesting } from '../../core/documents/jsonDepth';
import { classifyDocument } from '../../core/documents/kind';
import { queriesInDocument } from '../../core/logql/documentQueries';
import { wholeTextQuery } from '../../core/logql/embedded/logqlFile';
import { labelWarnings } from '../../core/logql/labelWarnings';
import { validateLogQL } from '../../core/logql/validateQuery';
import { loadLokiParserFor } from '../lokiParser';
import { problemToDiagnostic, validateDashboardLogQL, validateLogQLFile, validateProvisioningLogQL } from '../../core/logql/validators';
import { validateDashboardJson } from '../../core/grafana/dashboardJson';
import { quoteUserText } from '../../core/text/userText';
import { UsageError } from '../cliError';
import { FileDiagnostics, hasProblems, printDiagnostics } from '../diagnosticsOutput';
import { readFileDocument } from '../fileDocument';
import type { ValidationEnvironment } from '../../core/diagnostics/types';
import type { CliCommand } from '../io';
import { formatOption, parseOptions } from '../parseOptions';
import { readWorkspace } from '../workspaceFiles';
import { fixLines, logqlExplainCommand, optionalLoki } from './logqlExplain';

const USAGE =
  'Usage: lb-obs logql check (--query <LogQL> | <file>...) [--format text|json] [--workspace <folder>]... [--fixes [--loki <url>] [--tenant <id>]]\n' +
  '       lb-obs logql explain --query <LogQL> [--loki <url>] [--tenant <id>]';

/** The file's diagnostics, or why it has no LogQL to check (a JSON or YAML file that holds no queries). */
function check(doc: TextDocument, env: ValidationEnvironment): FileDiagnostics['diagnostics'] | string {
  switch (classifyDocument(doc.uri, doc.getText())) {
    case 'grafana-dashboard':
      return [...validateDashboardJson(doc, env), ...validateDashboardLogQL(doc, env)];
    case 'grafana-provisioning':
      return [...validateNesting(doc, env), ...validateProvisioningLogQL(doc, env)];
    default:
      // Only .logql and other plain text are read as queries: a whole JSON or YAML file is no query.
      if (/\.json$/i.test(doc.uri)) return 'not a Grafana dashboard or rules file, so it holds no LogQL to check';
      if (/\.ya?ml$/i.test(doc.uri)) return 'not a Grafana provisioning or Loki rules file, so it holds no LogQL to check';
      return validateLogQLFile(doc, env);
  }
}

export const logqlCommand: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub === 'explain') return logqlExplainCommand(rest, io);
  if (sub !== 'check') throw new UsageError(sub ? `lb-obs logql: unknown sub-command "${sub}"\n${USAGE}` : USAGE);
  const { values, positionals } = parseOptions(
    rest,
    { query: { type: 'string' }, format: { type: 'string' }, fixes: { type: 'boolean' }, loki: { type: 'string' }, tenant: { type: 'string' }, workspace: { type: 'string', multiple: true } },
    'logql check',
  );
  const format = formatOption(values.format, ['text', 'json'], 'logql check');
  if (values.fixes && format === 'json') throw new UsageError(`lb-obs logql check: --fixes lists fixes as text; leave out --format json\n${USAGE}`);
  if (!values.fixes && (values.loki !== undefined || values.tenant !== undefined)) throw new UsageError(`lb-obs logql check: --loki and --tenant go with --fixes\n${USAGE}`);
  const loki = values.fixes ? optionalLoki(values, io, 'logql check') : undefined;
  const fixes: string[] = [];
  if ((values.query === undefined) === (positionals.length === 0)) {
    throw new UsageError(`lb-obs logql check: give either --query or at least one file\n${USAGE}`);
  }
  await loadLokiParserFor('logql check', io);
  // Label warnings only against a workspace named: without one, no label source is known.
  const env: ValidationEnvironment = values.workspace?.length ? { labels: (await readWorkspace(values.workspace, io, 'logql check')).labels } : {};
  const results: FileDiagnostics[] = [];
  if (values.query !== undefined) {
    // A query given on the command line is one query, even if it has blank lines.
    const doc = TextDocument.create('untitled:query.logql', 'logql', 1, values.query);
    const query = wholeTextQuery(values.query);
    const problems = validateLogQL(query.text);
    const warnings = problems.some((p) => p.severity === 'error') ? [] : labelWarnings(query.text, env.labels);
    results.push({ file: '<query>', diagnostics: [...problems, ...warnings].map((p) => problemToDiagnostic(doc, query, p)) });
    if (values.fixes) fixes.push(...(await fixLines('<query>', [{ query, line: 1, col: 1 }], loki, io)));
  }
  let unchecked = false;
  for (const file of positionals) {
    const doc = readFileDocument(file, 'logql', io, 'logql check');
    const checked = check(doc, env);
    if (typeof checked === 'string') {
      io.stderr(`lb-obs logql check: ${quoteUserText(file, 200)}: ${checked}\n`);
      unchecked = true;
      continue;
    }
    results.push({ file, diagnostics: checked });
    if (values.fixes) {
      const kind = classifyDocument(doc.uri, doc.getText());
      const queries = queriesInDocument(kind === 'grafana-dashboard' || kind === 'grafana-provisioning' ? kind : 'logql', doc.getText()).map((query) => {
        const at = doc.positionAt(query.toDocument(0));
        return { query, line: at.line + 1, col: at.character + 1 };
      });
      fixes.push(...(await fixLines(file, queries, loki, io)));
    }
  }
  printDiagnostics(results, format, io);
  if (values.fixes) io.stdout(fixes.length > 0 ? `${fixes.join('\n')}\n` : 'no fixes to offer\n');
  return unchecked ? 2 : hasProblems(results) ? 1 : 0;
};
