// `lb-obs alloy check <file>... [--format text|json]`: the diagnostics the language server publishes for
// Alloy configurations: .alloy files, and the Alloy held in Helm values, Flux HelmReleases and ConfigMaps.
// `lb-obs alloy test` (the pipeline dry run) is cli/commands/alloyTest.ts.
import * as fs from 'fs';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { classifyDocument } from '../../core/documents/kind';
import { alloyParserError, loadAlloyParser } from '../../core/alloy/syntaxWasm';
import { loadLokiParserFor } from '../lokiParser';
import { validateAlloyFile, validateEmbeddedAlloy } from '../../core/alloy/validators';
import { quoteUserText } from '../../core/text/userText';
import type { ValidationEnvironment } from '../../core/diagnostics/types';
import { CliError, UsageError } from '../cliError';
import { FileDiagnostics, hasProblems, printDiagnostics } from '../diagnosticsOutput';
import { readFileDocument } from '../fileDocument';
import type { CliCommand } from '../io';
import { formatOption, parseOptions } from '../parseOptions';
import { alloyTestCommand } from './alloyTest';

const USAGE = 'Usage: lb-obs alloy check <file>... [--format text|json]\n       lb-obs alloy test <config> --lines FILE [...]';

/** Reads the other .alloy files of a folder (Alloy reads a folder as one configuration). */
const ENV: ValidationEnvironment = {
  readFile(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
};

/** YAML and JSON files are what their names say; anything else is read as Alloy. */
function languageOf(file: string): string {
  return /\.ya?ml$/i.test(file) ? 'yaml' : /\.json$/i.test(file) ? 'json' : 'alloy';
}

/** The file's diagnostics, or why it holds no Alloy configuration. */
function check(doc: TextDocument): FileDiagnostics['diagnostics'] | string {
  switch (classifyDocument(doc.uri, doc.getText(), {}, doc.languageId)) {
    case 'alloy':
      return validateAlloyFile(doc, ENV);
    case 'alloy-yaml':
      return validateEmbeddedAlloy(doc, {});
    default:
      if (doc.languageId === 'yaml') return 'holds no Alloy configuration (alloy.configMap.content, a HelmRelease or a ConfigMap entry ending in .alloy)';
      if (doc.languageId === 'json') return 'is JSON, not an Alloy configuration';
      // Any other file is read as an Alloy configuration, whatever its name.
      return validateAlloyFile(doc, ENV);
  }
}

async function alloyCheck(args: string[], io: Parameters<CliCommand>[1]): Promise<number> {
  const { values, positionals } = parseOptions(args, { format: { type: 'string' } }, 'alloy check');
  const format = formatOption(values.format, ['text', 'json'], 'alloy check');
  if (positionals.length === 0) throw new UsageError(`lb-obs alloy check: give at least one file\n${USAGE}`);
  if (!(await loadAlloyParser())) throw new CliError(`lb-obs alloy check: Alloy's parser is unavailable (${alloyParserError()}); run \`node scripts/build.mjs\``, 2);
  // stage.match selectors are LogQL: Loki's own parser judges them.
  await loadLokiParserFor('alloy check', io);
  const results: FileDiagnostics[] = [];
  let unchecked = false;
  for (const file of positionals) {
    const checked = check(readFileDocument(file, languageOf(file), io, 'alloy check'));
    if (typeof checked === 'string') {
      io.stderr(`lb-obs alloy check: ${quoteUserText(file, 200)}: ${checked}\n`);
      unchecked = true;
    } else results.push({ file, diagnostics: checked });
  }
  printDiagnostics(results, format, io);
  return unchecked ? 2 : hasProblems(results) ? 1 : 0;
}

export const alloyCommand: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub === 'check') return alloyCheck(rest, io);
  if (sub === 'test') return alloyTestCommand(rest, io);
  throw new UsageError(sub ? `lb-obs alloy: unknown sub-command "${quoteUserText(sub)}"\n${USAGE}` : USAGE);
};
