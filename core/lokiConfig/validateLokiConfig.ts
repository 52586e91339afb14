// Diagnostics for Loki config files and for the Loki config inside Loki Helm chart values
// (`loki.structuredConfig`, `loki.config`), with the ranges of the YAML at fault.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { Document, isMap, isScalar, Node, parseAllDocuments, parseDocument, YAMLMap } from 'yaml';
import { quoteUserText } from '../text/userText';
import { DIAGNOSTIC_SOURCE, Validator } from '../diagnostics/types';
import { ValueChecker } from './checkValues';
import { checkCompactorAndRetention, checkKVStore, checkSchemaConfig, checkTarget, withAliases } from './crossFieldRules';
import { ProblemList } from './problems';
import { ROOT_FIELD } from './schema';

/** Parsed the way every Loki config feature reads it: all scalars kept as written (yaml.v2 decides types). */
export function parseLokiYaml(text: string): Document.Parsed[] {
  return parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: false, keepSourceTokens: true }) as Document.Parsed[];
}

/** Where the Loki config is in a document: the whole of it, or a Helm values fragment. */
export interface LokiConfigRoot {
  node: Node;
  complete: boolean;
}

/** `loki.config` holds the chart's template of the file: checked only when it is plain YAML. */
function embeddedConfig(scalar: Node, text: string): LokiConfigRoot | undefined {
  if (!isScalar(scalar) || scalar.type !== 'BLOCK_LITERAL' || typeof scalar.value !== 'string' || scalar.value.includes('{{')) return undefined;
  const source = text.slice(scalar.range![0], scalar.range![1]);
  const header = source.indexOf('\n');
  const body = source.slice(header + 1);
  const indent = /^( *)/.exec(body.split('\n').find((l) => l.trim() !== '') ?? '')![1].length;
  if (body.split('\n').some((l) => l.trim() !== '' && !l.startsWith(' '.repeat(indent)))) return undefined;
  // Blanking what precedes the body (line breaks kept) makes every offset of the embedded config its offset in
  // the document.
  const start = scalar.range![0] + header + 1;
  const blanked = text.slice(0, start).replace(/[^\n]/g, ' ') + body;
  const doc = parseDocument(blanked, { schema: 'failsafe', uniqueKeys: false });
  if (doc.errors.length > 0 || !doc.contents) return undefined;
  return { node: doc.contents as Node, complete: true };
}

export function lokiConfigRoots(doc: Document.Parsed, text: string): LokiConfigRoot[] {
  const contents = doc.contents as Node | null;
  if (!isMap(contents)) return contents ? [{ node: contents, complete: true }] : [];
  const helm = (contents as YAMLMap).get('loki', true);
  if (!isMap(helm)) return [{ node: contents, complete: true }];
  const roots: LokiConfigRoot[] = [];
  const structured = helm.get('structuredConfig', true) as Node | undefined;
  if (isMap(structured)) roots.push({ node: structured, complete: false });
  const config = helm.get('config', true) as Node | undefined;
  const embedded = config && embeddedConfig(config, text);
  if (embedded) roots.push(embedded);
  return roots;
}

/** The parser notices a missing closing quote only where the file ends: point at the quote that opens it. */
function unclosedQuote(text: string, pos: [number, number]): [number, number] {
  let offset = 0;
  for (const line of text.split('\n')) {
    const value = /^\s*(?:-\s+)?[^#'"]*?:\s+(["'])/.exec(line) ?? /^\s*-\s+(["'])/.exec(line);
    if (value) {
      const quote = value[1];
      const open = value[0].length - 1;
      const rest = line.slice(open + 1);
      const closed = quote === '"' ? /(^|[^\\])"/.test(rest) : /'/.test(rest.replace(/''/g, ''));
      if (!closed) return [offset + open, offset + line.length];
    }
    offset += line.length + 1;
  }
  return pos;
}

export function lokiConfigProblems(text: string, now?: number): ProblemList {
  const problems = new ProblemList();
  const docs = parseLokiYaml(text);
  if (docs.length === 0) {
    problems.at(0, 0, 'error', 'loki-config-no-schema', 'The Loki config is empty; Loki needs at least schema_config.');
    return problems;
  }
  for (const doc of docs) {
    for (const error of doc.errors) {
      const [start, end] = error.code === 'MISSING_CHAR' && /quote/.test(error.message) ? unclosedQuote(text, error.pos) : error.pos;
      problems.at(start, Math.max(end, start + 1), 'error', 'loki-config-yaml', `${quoteUserText(error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''), 100)}: Loki cannot read the file.`);
    }
  }
  if (docs[0].errors.length > 0) return problems;
  for (const extra of docs.slice(1)) {
    const start = extra.range[0];
    const marker = text.lastIndexOf('---', start);
    const at = marker >= 0 && text.slice(marker, start).trim() === '---' ? marker : start;
    problems.at(at, at + 3, 'warning', 'loki-config-second-document', 'Loki reads only the first YAML document of its config file; everything after this "---" is ignored.');
  }
  for (const root of lokiConfigRoots(docs[0], text)) {
    const checker = new ValueChecker(problems, (node, field, path) => checkKVStore(node, field.goType, path, problems));
    checker.check(root.node, ROOT_FIELD, []);
    if (!isMap(root.node)) continue;
    const first = (root.node as YAMLMap).items[0]?.key as Node | undefined;
    withAliases(docs[0], () => {
      checkSchemaConfig(root.node, problems, { complete: root.complete, topNode: first, now });
      checkCompactorAndRetention(root.node, problems);
      checkTarget(root.node, problems);
    });
  }
  return problems;
}

export const validateLokiConfig: Validator = (document: TextDocument): Diagnostic[] =>
  lokiConfigProblems(document.getText()).problems.map((p) => ({
    range: { start: document.positionAt(p.start), end: document.positionAt(p.end) },
    severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    code: p.code,
    message: p.message,
  }));
