// `lb-obs validate <file|folder>... [--format text|json] [--loki URL]`: the language server's diagnostics,
// headless. Everything named is checked as one workspace: the labels every file produces (lb configs, Alloy
// pipelines, relabel rules, and Loki's recent label names when a Loki is given) are known to every other file.
import * as fs from 'fs';
import * as os from 'os';
import { validateDocument } from '../../core/validation/validateDocument';
import type { ValidationEnvironment } from '../../core/diagnostics/types';
import { quoteUserText } from '../../core/text/userText';
import { UsageError } from '../cliError';
import { FileDiagnostics, hasProblems, printDiagnostics } from '../diagnosticsOutput';
import type { CliCommand, CliIo } from '../io';
import { lokiLabelNamesOption } from '../lokiLabelNames';
import { formatOption, parseOptions } from '../parseOptions';
import { readWorkspace } from '../workspaceFiles';

const COMMAND = 'validate';
/** Checks of more files than this report their progress on stderr. */
const PROGRESS_FROM_FILES = 200;

function progress(io: CliIo, total: number): (done: number) => void {
  if (total <= PROGRESS_FROM_FILES) return () => undefined;
  return (done) => {
    if (io.stderrIsTTY) io.stderr(`\rlb-obs ${COMMAND}: ${done} of ${total} files checked${done === total ? '\n' : ''}`);
    else if (done % PROGRESS_FROM_FILES === 0 || done === total) io.stderr(`lb-obs ${COMMAND}: ${done} of ${total} files checked\n`);
  };
}

export const validateCommand: CliCommand = async (args, io) => {
  const { values, positionals } = parseOptions(args, { format: { type: 'string' }, loki: { type: 'string' }, tenant: { type: 'string' } }, COMMAND);
  const format = formatOption(values.format, ['text', 'json'], COMMAND);
  if (positionals.length === 0) throw new UsageError('lb-obs validate: give at least one file or folder');
  const workspace = await readWorkspace(positionals, io, COMMAND);
  workspace.labels.setLokiLabels(await lokiLabelNamesOption(values, io, COMMAND));
  const { folders, files } = workspace.expanded;
  const env: ValidationEnvironment = {
    readFile: (p: string) => {
      try {
        return fs.readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
    homeDir: io.env.HOME ?? os.homedir(),
    xdgConfigHome: io.env.XDG_CONFIG_HOME,
    // Folders named are the workspace; files named alone are read relative to the working directory, as before.
    workspaceFolders: [...(folders.length === 0 || files.some((f) => !f.inFolder) ? [io.cwd] : []), ...folders],
    labels: workspace.labels,
  };
  const results: FileDiagnostics[] = [];
  const report = progress(io, workspace.files.length);
  for (const f of workspace.files) {
    const { kind, diagnostics } = validateDocument(f.doc, env);
    if (kind === 'unknown') io.stderr(`lb-obs validate: ${quoteUserText(f.named.file, 200)}: not recognised as an lb config, Grafana file or LogQL; nothing checked\n`);
    results.push({ file: f.named.file, diagnostics });
    report(results.length);
  }
  printDiagnostics(results, format, io);
  if (workspace.readFailed) return 2;
  return hasProblems(results) ? 1 : 0;
};
