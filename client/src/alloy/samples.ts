// Where the sample lines of a pipeline preview come from: the selection of another editor, a file, a run's
// JSONL log, or recent lines from Loki for a selector. Lines of text get the labels the user gives (prefilled
// with those the pipeline's stage.match selectors test); Loki's lines keep their own labels and timestamps.
import * as path from 'path';
import * as vscode from 'vscode';
import type { SampleEntry } from '../../../core/alloy/pipeline/model';
import { recentLokiEntries } from '../../../core/alloy/pipeline/lokiSamples';
import { renderMatcher } from '../../../core/logql/build/logqlQuery';
import type { LokiCredentials } from '../loki/lokiCredentials';

export interface Sample {
  entries: SampleEntry[];
  /** For the panel: `3 selected lines of app.log`. */
  description: string;
}

/** More lines than this are cut: a preview is for reading, line by line. */
const MAX_PREVIEW_LINES = 2000;
const MAX_SAMPLE_FILE_BYTES = 64 * 1024 * 1024;

type SourceKind = 'selection' | 'file' | 'run' | 'loki';

export async function chooseSample(
  configUri: vscode.Uri,
  suggestedLabels: Record<string, string>,
  credentials: LokiCredentials,
): Promise<Sample | undefined> {
  const selected = selectedLines(configUri);
  const items: Array<vscode.QuickPickItem & { source: SourceKind }> = [];
  if (selected) items.push({ source: 'selection', label: 'Selected lines', description: selected.description });
  items.push(
    { source: 'file', label: 'Lines of a file...', description: 'each line as loki.source.file reads it' },
    { source: 'run', label: "A run's log (JSONL)...", description: 'the records of an lb run log' },
    { source: 'loki', label: 'Recent lines from Loki...', description: 'a selector; the lines keep their labels' },
  );
  const choice = await vscode.window.showQuickPick(items, { title: 'Preview Pipeline: sample lines', placeHolder: 'Where do the sample lines come from?' });
  if (!choice) return undefined;
  switch (choice.source) {
    case 'selection':
      return withLabels(selected!.lines, selected!.description, suggestedLabels);
    case 'file':
    case 'run': {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        openLabel: 'Preview with these lines',
        filters: choice.source === 'run' ? { 'Run logs': ['jsonl'] } : undefined,
      });
      if (!picked?.[0]) return undefined;
      const lines = await fileLines(picked[0]);
      return withLabels(lines.lines, `${lines.lines.length}${lines.cut ? ` of ${lines.total}` : ''} lines of ${path.basename(picked[0].fsPath)}`, suggestedLabels);
    }
    case 'loki':
      return lokiSample(suggestedLabels, credentials);
  }
}

function selectedLines(configUri: vscode.Uri): { lines: string[]; description: string } | undefined {
  const editor = [vscode.window.activeTextEditor, ...vscode.window.visibleTextEditors].find(
    (e) => e && e.document.uri.toString() !== configUri.toString() && e.selections.some((s) => !s.isEmpty),
  );
  if (!editor) return undefined;
  const text = editor.selections.filter((s) => !s.isEmpty).map((s) => editor.document.getText(s)).join('\n');
  const lines = splitLines(text).slice(0, MAX_PREVIEW_LINES);
  return { lines, description: `${lines.length} selected line${lines.length === 1 ? '' : 's'} of ${path.basename(editor.document.fileName)}` };
}

function splitLines(text: string): string[] {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

async function fileLines(uri: vscode.Uri): Promise<{ lines: string[]; total: number; cut: boolean }> {
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > MAX_SAMPLE_FILE_BYTES) throw new Error(`${path.basename(uri.fsPath)} is larger than ${MAX_SAMPLE_FILE_BYTES / (1024 * 1024)} MB`);
  const all = splitLines(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'));
  return { lines: all.slice(0, MAX_PREVIEW_LINES), total: all.length, cut: all.length > MAX_PREVIEW_LINES };
}

/** Asks for the labels the source component would give these lines. */
async function withLabels(lines: string[], description: string, suggested: Record<string, string>): Promise<Sample | undefined> {
  const value = Object.entries(suggested).map(([k, v]) => `${k}=${v}`).join(', ');
  const answer = await vscode.window.showInputBox({
    title: 'Preview Pipeline: labels of the sample lines',
    prompt: 'The labels the source component gives these lines, as name=value, comma-separated (empty for none)',
    value,
    validateInput: (text) => (parseLabelList(text) === undefined ? 'Write name=value pairs separated by commas' : undefined),
  });
  if (answer === undefined) return undefined;
  const labels = parseLabelList(answer)!;
  return { entries: lines.map((line) => ({ line, labels })), description };
}

function parseLabelList(text: string): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    labels[part.slice(0, eq).trim()] = part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return labels;
}

async function lokiSample(suggested: Record<string, string>, credentials: LokiCredentials): Promise<Sample | undefined> {
  const connection = await credentials.connection();
  if (!connection) {
    void vscode.window.showErrorMessage('Set lbObs.loki.url to read recent lines from Loki.');
    return undefined;
  }
  const selector = await vscode.window.showInputBox({
    title: 'Preview Pipeline: recent lines from Loki',
    prompt: 'A LogQL selector; its newest 100 lines of the last hour are run through the pipeline',
    value: suggestedSelector(suggested),
  });
  if (!selector) return undefined;
  const entries = await recentLokiEntries(connection, selector, { limit: 100, sinceMs: 3600_000 });
  return { entries, description: `${entries.length} recent lines of ${selector}` };
}


/** `{name="value", ...}` of the suggested labels (escaped as LogQL strings); `{}` to fill in without any. */
function suggestedSelector(labels: Record<string, string>): string {
  return `{${Object.entries(labels).map(([label, value]) => renderMatcher({ label, op: '=', value })).join(', ')}}`;
}
