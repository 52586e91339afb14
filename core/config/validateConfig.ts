// Diagnostics for lb's run config (benchmark_config.json) and platform config (platform.json).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { ValidationEnvironment, Validator } from '../diagnostics/types';
import { parseJsonDocument } from './jsonDocument';
import { checkLokiLabels } from './rules/lokiLabels';
import { checkPlatformOverrides } from './rules/platformOverrides';
import { checkRemoteHosts } from './rules/remoteHosts';
import { child, RuleReporter } from './rules/ruleContext';
import { runConfigLeniency } from './rules/runConfigLeniency';
import { checkWorkloads } from './rules/workloads';
import { Leniency, schemaDiagnostics } from './schemaDiagnostics';
import { BUILTIN_PLUGINS, platformConfigSchema, runConfigSchema } from './schemas';

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const id = `${d.range.start.line}:${d.range.start.character}:${d.range.end.line}:${d.range.end.character}:${d.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

type Root = NonNullable<ReturnType<typeof parseJsonDocument>['root']>;

function validateConfig(
  doc: TextDocument,
  env: ValidationEnvironment,
  schema: object,
  rules: (reporter: RuleReporter, root: Root) => void,
  leniency?: (root: Root) => Leniency,
): Diagnostic[] {
  const parsed = parseJsonDocument(doc, { syntax: !env.jsonSyntaxReportedByEditor?.(doc) });
  if (!parsed.root) return parsed.syntaxDiagnostics;
  const reporter = new RuleReporter(doc);
  // With syntax errors the tree is partial: schema errors on it would be noise (missing keys that are really
  // just after the broken spot), so only the syntax errors and the value-level rules are reported.
  const fromSchema = !parsed.valid ? [] : schemaDiagnostics(doc, parsed.root, parsed.value, schema, leniency?.(parsed.root));
  if (parsed.root.type === 'object') rules(reporter, parsed.root);
  return dedupe([...parsed.syntaxDiagnostics, ...fromSchema, ...reporter.diagnostics]);
}

export const validateRunConfig: Validator = (doc: TextDocument, env: ValidationEnvironment) =>
  validateConfig(
    doc,
    env,
    runConfigSchema,
    (reporter, root) => {
      checkRemoteHosts(child(root, 'remote_hosts'), reporter);
      checkWorkloads(root, BUILTIN_PLUGINS, reporter, env);
      checkLokiLabels(child(root, 'loki'), reporter);
      checkPlatformOverrides(root, env, reporter);
    },
    runConfigLeniency,
  );

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text.trim());
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export const validatePlatformConfig: Validator = (doc: TextDocument, env: ValidationEnvironment) =>
  validateConfig(doc, env, platformConfigSchema, (reporter, root) => {
    checkLokiLabels(child(root, 'loki'), reporter);
    const url = child(child(root, 'grafana'), 'url');
    if (url?.type === 'string' && !isHttpUrl(String(url.value))) {
      reporter.error(url, 'grafana-url-not-http', 'grafana.url must be an http:// or https:// URL such as "http://localhost:3000".');
    }
  });
