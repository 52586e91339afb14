// Diagnostics for Grafana provisioning files (datasources, dashboard providers, alerting), checked against
// schemas/grafana/. Grafana decodes these files leniently: an unknown key is ignored (a warning here, with the
// likely intended key), while a value of the wrong type, a missing required key or a refused uid stops the
// provisioning (errors). A Loki datasource is also compared with how the workspace refers to Loki.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { isMap, isScalar, isSeq, Node, parseDocument, YAMLMap } from 'yaml';
import { didYouMean } from '../text/didYouMean';
import { joinPath, ProblemList } from '../lokiConfig/problems';
import { quoteUserText } from '../text/userText';
import { DIAGNOSTIC_SOURCE, ValidationEnvironment, Validator } from '../diagnostics/types';
import { JsonSchema, jsonDataSchemas, provisioningSchema } from './schemas';
import { checkLokiDatasources } from './workspaceLokiRefs';

const TYPE_WORDS: Record<string, string> = { string: 'text', integer: 'a whole number', boolean: 'true or false', object: 'a block of keys', array: 'a list', number: 'a number' };

function valueType(node: Node): string {
  if (isMap(node)) return 'object';
  if (isSeq(node)) return 'array';
  if (!isScalar(node)) return 'unknown';
  const v = node.value;
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return 'string';
}

function describe(node: Node): string {
  const type = valueType(node);
  if (type === 'string') return `the text "${quoteUserText(String((node as { value: unknown }).value), 40)}"`;
  if (type === 'integer' || type === 'number' || type === 'boolean') return `${String((node as { value: unknown }).value)}`;
  return TYPE_WORDS[type] ?? type;
}

class SchemaWalker {
  constructor(
    private readonly problems: ProblemList,
    private readonly datasourceType: (index: number) => string | undefined,
  ) {}

  check(node: Node | null | undefined, schema: JsonSchema, path: (string | number)[], inJsonData = false): void {
    if (!node) return;
    if (isScalar(node) && node.value === null) return;
    const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
    const actual = valueType(node);
    // Grafana's YAML decoder gives any scalar to a text field (`port: 3100` is the text "3100").
    const scalarAsText = types.includes('string') && isScalar(node);
    if (types.length > 0 && !types.includes(actual) && !scalarAsText && !(actual === 'integer' && types.includes('number'))) {
      const what = `"${joinPath(path)}" expects ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')}, not ${describe(node)}`;
      this.problems.error(node, 'grafana-provisioning-type', `${what}; Grafana refuses the file.`);
      return;
    }
    if (isMap(node)) return this.checkObject(node, schema, path, inJsonData);
    if (isSeq(node)) {
      if (schema.items) node.items.forEach((item, i) => this.check(item as Node, schema.items!, [...path, i], inJsonData));
      return;
    }
    if (!isScalar(node)) return;
    const text = String(node.value);
    if (schema.enum && !schema.enum.includes(text)) {
      const message = `"${joinPath(path)}" must be one of ${schema.enum.join(', ')}, not "${quoteUserText(text, 40)}"`;
      if (inJsonData) this.problems.warning(node, 'grafana-provisioning-value', `${message}; the datasource ignores or fails on other values.`);
      else this.problems.error(node, 'grafana-provisioning-value', `${message}.`);
    }
    if ((schema.pattern && !new RegExp(schema.pattern).test(text)) || (schema.maxLength !== undefined && text.length > schema.maxLength)) {
      this.problems.error(node, 'grafana-provisioning-uid', `"${joinPath(path)}": Grafana refuses this uid; use at most ${schema.maxLength} letters, digits, - and _.`);
    }
  }

  private checkObject(node: YAMLMap, schema: JsonSchema, path: (string | number)[], inJsonData: boolean): void {
    const present = new Set<string>();
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      present.add(key);
      const childPath = [...path, key];
      let child = schema.properties?.[key] ?? Object.entries(schema.patternProperties ?? {}).find(([p]) => new RegExp(p).test(key))?.[1];
      let childInJsonData = inJsonData;
      if (key === 'jsonData' && path[path.length - 2] === 'datasources') {
        const type = this.datasourceType(path[path.length - 1] as number);
        child = (type && jsonDataSchemas[type]) || child;
        childInJsonData = true;
      }
      if (!child && typeof schema.additionalProperties === 'object') child = schema.additionalProperties;
      if (!child) {
        if (schema.additionalProperties === false) {
          const suggestion = didYouMean(key, Object.keys(schema.properties ?? {}));
          const where = path.length ? `"${joinPath(path)}"` : 'this file';
          this.problems.warning(pair.key as Node, 'grafana-provisioning-unknown-key', `Grafana ignores "${quoteUserText(key, 40)}" in ${where}${suggestion ? `; did you mean "${suggestion}"?` : '.'}`);
        }
        continue;
      }
      this.check(pair.value as Node, child, childPath, childInJsonData);
    }
    for (const required of schema.required ?? []) {
      if (!present.has(required)) {
        const at = (node.items[0]?.key as Node | undefined) ?? node;
        this.problems.error(at, 'grafana-provisioning-required', `"${joinPath(path)}" needs "${required}"; Grafana refuses the file without it.`);
      }
    }
  }
}

export function provisioningProblems(text: string, env: ValidationEnvironment = {}): ProblemList {
  const problems = new ProblemList();
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) return problems;
  const root = doc.contents;
  if (!isMap(root)) return problems;
  const keys = root.items.filter((p) => isScalar(p.key)).map((p) => String((p.key as { value: unknown }).value));
  const schema = provisioningSchema(keys);
  if (!schema) return problems;
  const datasources = root.get('datasources', true);
  const datasourceType = (index: number): string | undefined => {
    const item = isSeq(datasources) ? datasources.items[index] : undefined;
    const type = isMap(item) ? item.get('type') : undefined;
    return typeof type === 'string' ? type : undefined;
  };
  new SchemaWalker(problems, datasourceType).check(root, schema, []);
  if (!keys.includes('apiVersion')) {
    problems.warning(root.items[0].key as Node, 'grafana-provisioning-api-version', 'Add "apiVersion: 1": without it Grafana reads the file in its old format.');
  }
  if (isSeq(datasources)) {
    checkSingleDefault(datasources.items as Node[], problems);
    checkLokiDatasources(datasources.items as Node[], problems, env);
  }
  return problems;
}

/** Grafana refuses more than one default datasource per organisation. */
function checkSingleDefault(items: Node[], problems: ProblemList): void {
  const defaults = new Map<string, Node>();
  for (const item of items) {
    if (!isMap(item)) continue;
    const flag = item.get('isDefault', true) as Node | undefined;
    if (!isScalar(flag) || flag.value !== true) continue;
    const org = String(item.get('orgId') ?? 1);
    if (defaults.has(org)) {
      problems.error(flag, 'grafana-provisioning-default', `Only one datasource per organisation can be the default (isDefault: true); Grafana refuses the file.`);
    }
    defaults.set(org, flag);
  }
}

export const validateProvisioning: Validator = (document: TextDocument, env: ValidationEnvironment): Diagnostic[] =>
  provisioningProblems(document.getText(), env).problems.map((p) => ({
    range: { start: document.positionAt(p.start), end: document.positionAt(p.end) },
    severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    code: p.code,
    message: p.message,
  }));
