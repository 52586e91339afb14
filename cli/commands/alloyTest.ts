// `lb-obs alloy test <config> [--component NAME] --lines FILE [--label k=v]...`: runs one loki.process block's
// stages (of an `.alloy` file, or of the Alloy configuration in a YAML file) on the lines of a file, as Alloy would after loki.source.file read them, and prints one JSON object per
// line: what Alloy would send on (line, labels, structured metadata, timestamp, extracted values) or which
// stage dropped it.
import * as fs from 'fs';
import * as path from 'path';
import { isYamlName } from '../../core/alloy/pipeline/configSource';
import { previewPipeline } from '../../core/alloy/pipeline/preview';
import type { EntryResult } from '../../core/alloy/pipeline/model';
import { quoteUserText } from '../../core/text/userText';
import { CliError, UsageError } from '../cliError';
import { readFileDocument } from '../fileDocument';
import type { CliCommand } from '../io';
import { parseOptions } from '../parseOptions';

const COMMAND = 'alloy test';
/** More sample lines than this is not a preview; Alloy itself is the tool for volume. */
const MAX_SAMPLE_LINES = 100_000;
const MAX_SAMPLE_BYTES = 64 * 1024 * 1024;

export const alloyTestCommand: CliCommand = async (args, io) => {
  const { values, positionals } = parseOptions(
    args,
    { component: { type: 'string' }, lines: { type: 'string' }, label: { type: 'string', multiple: true } },
    COMMAND,
  );
  if (positionals.length !== 1) throw new UsageError(`lb-obs ${COMMAND}: expected one configuration file, got ${positionals.length}`);
  if (!values.lines) throw new UsageError(`lb-obs ${COMMAND}: --lines FILE is required (the sample log lines, one per line)`);
  const labels = parseLabels(values.label ?? []);
  const config = readFileDocument(positionals[0], isYamlName(positionals[0]) ? 'yaml' : 'alloy', io, COMMAND);
  const lines = readLines(path.resolve(io.cwd, values.lines), values.lines);

  const result = await previewPipeline({
    documentText: config.getText(),
    yaml: isYamlName(positionals[0]),
    component: values.component,
    entries: lines.map((line) => ({ line, labels })),
  });
  if (!result.ok) {
    const where = result.range ? `:${config.positionAt(result.range.start).line + 1}:${config.positionAt(result.range.start).character + 1}` : '';
    throw new CliError(`lb-obs ${COMMAND}: ${quoteUserText(positionals[0], 200)}${where}: ${result.message}`, 1);
  }
  result.results.forEach((r, i) => io.stdout(`${JSON.stringify(outputLine(lines[i], r))}\n`));
  if (result.notSimulated.length > 0) {
    io.stderr(`lb-obs ${COMMAND}: not simulated (entries pass unchanged): ${result.notSimulated.map((s) => s.id).join(', ')}\n`);
  }
  return 0;
};

function outputLine(input: string, r: EntryResult) {
  const base = { input, dropped: r.droppedBy !== undefined };
  const notSimulated = r.notSimulated?.length ? { not_simulated: r.notSimulated } : {};
  if (r.droppedBy !== undefined) return { ...base, dropped_by: r.droppedBy, drop_reason: r.dropReason, ...notSimulated };
  if (r.heldBy !== undefined) return { ...base, held_by: r.heldBy, ...notSimulated };
  return {
    ...base,
    line: r.line,
    labels: r.labels,
    structured_metadata: Object.fromEntries(r.structuredMetadata.map((m) => [m.name, m.value])),
    timestamp: r.timestamp,
    extracted: r.extracted,
    ...notSimulated,
  };
}

function parseLabels(pairs: string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`lb-obs ${COMMAND}: --label expects name=value, got "${quoteUserText(pair, 200)}"`);
    labels[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return labels;
}

/** The file's lines as loki.source.file reads them: split on \n, a trailing \r removed, no final empty line. */
function readLines(absolute: string, shown: string): string[] {
  let text: string;
  try {
    const stat = fs.statSync(absolute);
    if (!stat.isFile()) throw new Error('it is not a regular file');
    if (stat.size > MAX_SAMPLE_BYTES) throw new Error(`it is larger than ${MAX_SAMPLE_BYTES / (1024 * 1024)} MB`);
    text = fs.readFileSync(absolute, 'utf8');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new CliError(`lb-obs ${COMMAND}: cannot read ${quoteUserText(shown, 200)}: ${why}`);
  }
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length > MAX_SAMPLE_LINES) {
    throw new CliError(`lb-obs ${COMMAND}: ${quoteUserText(shown, 200)} has ${lines.length} lines; the preview runs at most ${MAX_SAMPLE_LINES}`);
  }
  return lines;
}
