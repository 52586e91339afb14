// Hover and Go to Definition on label names, in every kind of document that holds or produces labels: where the
// label comes from (each producer's file and line, what produces it, stream label or structured metadata) and,
// with a Loki configured, how many values Loki has for it; the definition is its producers' locations.
import * as path from 'path';
import { pathToFileURL } from 'url';
import { Location, MarkupKind } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentKind, uriToPath } from '../../../core/documents/kind';
import { labelAt, LabelAtCursor } from '../../../core/labels/labelAtCursor';
import type { LabelProducer } from '../../../core/labelModel/labelModel';
import { insideFolder } from '../../../core/labels/workspaceLabels';
import type { LanguageProvider } from '../providers';
import type { ServerContext } from '../serverContext';

// 'unknown': Promtail's and Prometheus' scrape configs, which the label model reads by content (hover at their producers).
const KINDS: DocumentKind[] = ['logql', 'grafana-dashboard', 'grafana-provisioning', 'alloy', 'alloy-yaml', 'lb-run-config', 'lb-platform-config', 'unknown'];

/** Text from files, shown as Markdown text: characters that would format or link are escaped. */
function markdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>&#|]/g, '\\$&');
}

/** Under a workspace folder: relative to it; else under the home folder (lb's own configs): `~/...`. */
function where(p: LabelProducer, folders: readonly string[], home: string | undefined): string {
  if (!p.file || !p.range) return 'Loki';
  const file = p.file;
  const folder = folders.find((f) => insideFolder(file, f));
  const shown = folder ? path.relative(folder, file) : home && insideFolder(file, home) ? path.join('~', path.relative(home, file)) : file;
  const line = p.range.start.line + 1;
  return `[${markdownText(`${shown}:${line}`)}](${pathToFileURL(p.file).toString()}#L${line})`;
}

/**
 * The producers that say where a label comes from: those sure to send it; else the rules that may give it (labelmap)
 * and the stages that only extract it, which then tell why it may be missing.
 */
function telling(found: LabelProducer[]): LabelProducer[] {
  const sure = found.filter((p) => p.namePattern === undefined && p.as !== 'extracted');
  return sure.length > 0 ? sure : found;
}

const AS = { stream: 'stream label', structured_metadata: 'structured metadata', extracted: 'extracted, made no label by any stage: not sent to Loki' };

async function labelUnderCursor(doc: TextDocument, position: { line: number; character: number }, ctx: ServerContext): Promise<LabelAtCursor | undefined> {
  const model = ctx.validationEnv.labels;
  if (!model) return undefined;
  await ctx.labelsCurrent?.();
  return labelAt(await ctx.kindOf(doc), uriToPath(doc.uri), doc.getText(), doc.offsetAt(position), model, (p) => doc.offsetAt(p));
}

export const labelsProvider: LanguageProvider = {
  kinds: KINDS,

  async hover(doc, params, ctx) {
    const label = await labelUnderCursor(doc, params.position, ctx);
    const model = ctx.validationEnv.labels;
    if (!label || !model) return null;
    const producers = telling(model.producers(label.name).filter((p) => p.kind !== 'loki'));
    const loki = (await ctx.settings(doc.uri)).loki;
    const values = await ctx.labelValueCount?.(loki, label.name);
    if (producers.length === 0 && values === undefined) return null;
    const folders = ctx.validationEnv.workspaceFolders ?? [];
    const lines = [`**${markdownText(label.name)}**`, ''];
    for (const p of producers) {
      // A rule whose names are known only when it runs is no proof, only a possibility.
      const may = p.namePattern === undefined ? '' : 'may come from ';
      lines.push(`- ${where(p, folders, ctx.validationEnv.homeDir)}: ${may}${markdownText(p.detail)} (${AS[p.as]})`);
    }
    if (producers.length === 0) lines.push('- no source in the workspace produces it');
    if (values !== undefined) lines.push(`- Loki: ${values} value${values === 1 ? '' : 's'} in the last 24 hours`);
    return {
      contents: { kind: MarkupKind.Markdown, value: lines.join('\n') },
      range: { start: doc.positionAt(label.start), end: doc.positionAt(label.end) },
    };
  },

  async definition(doc, params, ctx) {
    const label = await labelUnderCursor(doc, params.position, ctx);
    if (!label) return null;
    const locations = telling(ctx.validationEnv.labels?.producers(label.name) ?? [])
      .filter((p) => p.file && p.range)
      .map((p) => Location.create(pathToFileURL(p.file!).toString(), p.range!));
    return locations.length ? locations : null;
  },
};
