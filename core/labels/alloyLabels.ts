// The labels an Alloy configuration gives log lines, read from Alloy's syntax tree: loki.process stages
// (stage.labels and stage.static_labels make stream labels, stage.structured_metadata structured metadata, each
// under the stage.match selectors that enclose it), relabel rules' target_label (discovery.relabel: Kubernetes
// discovery; loki.relabel and loki.source.* rules: Alloy), static `labels` of loki.* components, the labels of
// file targets, and `filename`, which loki.source.file adds to every line it reads.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { attribute, BlockStmt, Expr, Range, Stmt, stringLiteral } from '../alloy/ast';
import { stringContent } from '../alloy/checks/stringRanges';
import { componentId } from '../alloy/model';
import type { EmbeddedQuery } from '../logql/embedded/embeddedQuery';
import { quoteLogQLString } from '../logql/build/logqlString';
import { parseAlloyConfigs } from './alloyConfigs';
import type { LabelProducer, LabelSourceKind } from '../labelModel/labelModel';
import { relabelRuleNames } from './relabelNames';

const STAGES: Record<string, LabelProducer['as']> = {
  'stage.labels': 'stream',
  'stage.static_labels': 'stream',
  'stage.structured_metadata': 'structured_metadata',
};

interface Scope {
  component: string;
  kind: LabelSourceKind;
  selectors: string[];
}

class Collector {
  readonly producers: LabelProducer[] = [];

  constructor(
    private readonly file: string,
    private readonly document: TextDocument,
    private readonly config: EmbeddedQuery,
  ) {}

  add(name: string, range: Range, as: LabelProducer['as'], kind: LabelSourceKind, detail: string, scope: Scope, more: Partial<LabelProducer> = {}): void {
    // Names starting with `__` are internal: Loki never receives them.
    if (name === '' || name.startsWith('__')) return;
    const span = this.config.toDocumentRange(range.start, range.end);
    const selector = scope.selectors.at(-1);
    const under = scope.selectors.length ? ` (under ${scope.selectors.map((s) => `stage.match ${s}`).join(' > ')})` : '';
    this.producers.push({
      name,
      kind,
      as,
      file: this.file,
      range: { start: this.document.positionAt(span.start), end: this.document.positionAt(span.end) },
      detail: `${detail}${under}`,
      ...(selector !== undefined ? { selector } : {}),
      ...more,
    });
  }

  objectKeys(value: Expr | undefined, as: LabelProducer['as'], kind: LabelSourceKind, detail: string, scope: Scope): void {
    if (value?.type !== 'object') return;
    for (const field of value.fields) this.add(field.name.name, field.name.range, as, kind, detail, scope);
  }

  walk(body: Stmt[], scope: Scope): void {
    for (const stmt of body) {
      if (stmt.type === 'attribute') {
        this.attribute(stmt.name.name, stmt.value, scope);
        continue;
      }
      this.block(stmt, scope);
    }
  }

  private attribute(name: string, value: Expr, scope: Scope): void {
    const component = scope.component;
    if ((name === 'labels' || name === 'external_labels') && component.startsWith('loki.')) {
      this.objectKeys(value, 'stream', 'alloy', `${name} of ${component}`, scope);
    } else if ((name === 'targets' || name === 'path_targets') && value.type === 'array') {
      for (const target of value.elements) this.objectKeys(target, 'stream', 'alloy', `a target label of ${component}`, scope);
    }
  }

  private block(block: BlockStmt, scope: Scope): void {
    // A declare block holds components of its own.
    if (block.name === 'declare') {
      this.walk(block.body, { component: '', kind: 'alloy', selectors: [] });
      return;
    }
    if (scope.component === '') {
      // Metric pipelines: their labels never reach Loki.
      if (block.name.startsWith('prometheus.')) return;
      const inner: Scope = { component: componentId(block.name, block.label), kind: block.name.startsWith('discovery.') ? 'kubernetes' : 'alloy', selectors: [] };
      if (block.name === 'loki.source.file') {
        this.add('filename', block.nameRange, 'stream', 'alloy', `${inner.component} (the path of the file it reads)`, inner);
      }
      this.walk(block.body, inner);
      return;
    }
    const as = STAGES[block.name];
    if (as) {
      this.objectKeys(attribute(block.body, 'values')?.value, as, 'alloy', `${block.name} in ${scope.component}`, scope);
      return;
    }
    if (block.name === 'stage.match') {
      const selector = stringLiteral(attribute(block.body, 'selector')?.value)?.string?.value;
      this.walk(block.body, selector === undefined ? scope : { ...scope, selectors: [...scope.selectors, selector] });
      return;
    }
    if (block.name === 'rule') {
      this.rule(block, scope);
      return;
    }
    if (EXTRACTING[block.name]) {
      this.extracted(block, scope);
      return;
    }
    this.walk(block.body, scope);
  }

  private rule(block: BlockStmt, scope: Scope): void {
    const literal = (name: string) => stringLiteral(attribute(block.body, name)?.value);
    // An attribute left out takes the default; one written as an expression is unknown here (null).
    const setting = (name: string) => (attribute(block.body, name) ? (literal(name)?.string?.value ?? null) : undefined);
    const action = literal('action');
    const target = literal('target_label');
    const names = relabelRuleNames({ action: action?.string?.value, targetLabel: target?.string?.value, regex: setting('regex'), replacement: setting('replacement') });
    if (!names) return;
    if ('fixed' in names) {
      this.add(names.fixed, stringContent(target!), 'stream', scope.kind, `a relabel rule (target_label) in ${scope.component}`, scope);
      return;
    }
    const at = target?.string?.value.includes('$') ? target : (action ?? target);
    const template = target?.string?.value.includes('$') ? target.string.value : (setting('replacement') ?? '$1');
    this.add(template, at ? stringContent(at) : block.nameRange, 'stream', scope.kind, `${names.what} in ${scope.component}`, scope, { namePattern: names.pattern });
  }

  /** Names a parsing stage extracts: labels only if a later stage makes them so (the model compares). */
  private extracted(block: BlockStmt, scope: Scope): void {
    const fromLine = attribute(block.body, 'source') === undefined;
    const detail = `${block.name} in ${scope.component}`;
    if (block.name === 'stage.regex') {
      const literal = stringLiteral(attribute(block.body, 'expression')?.value);
      const expression = literal?.string?.value;
      if (!literal || expression === undefined) return;
      const groupsAreLabels = attribute(block.body, 'labels_from_groups')?.value;
      const as = groupsAreLabels?.type === 'literal' && groupsAreLabels.value === true ? 'stream' : 'extracted';
      const parser = fromLine ? { parser: `regexp ${quoteLogQLString(expression, 'the stage.regex expression')}` } : {};
      for (const m of expression.matchAll(/\(\?P?<(\w+)>/g)) this.add(m[1], stringContent(literal), as, 'alloy', detail, scope, as === 'extracted' ? parser : {});
      return;
    }
    const parser = block.name === 'stage.json' ? 'json' : 'logfmt';
    const fields = attribute(block.body, EXTRACTING[block.name])?.value;
    if (fields?.type !== 'object') return;
    for (const field of fields.fields) {
      const from = stringLiteral(field.value)?.string?.value;
      // The same name from the same key: LogQL's parser extracts it without parameters.
      const same = from === '' || from === field.name.name;
      this.add(field.name.name, field.name.range, 'extracted', 'alloy', detail, scope, fromLine && same ? { parser } : {});
    }
  }
}

/** Stages that extract names from the line, with the attribute that lists them (stage.regex: its named groups). */
const EXTRACTING: Record<string, string> = { 'stage.regex': 'expression', 'stage.json': 'expressions', 'stage.logfmt': 'mapping' };

/** Undefined while a configuration has syntax errors: what it produces is not known then. */
export function alloyLabels(file: string, document: TextDocument, embedded: boolean): LabelProducer[] | undefined {
  const { parsed, broken } = parseAlloyConfigs(document.getText(), embedded);
  if (broken) return undefined;
  return parsed.flatMap(({ config, ast }) => {
    const collector = new Collector(file, document, config);
    collector.walk(ast.body, { component: '', kind: 'alloy', selectors: [] });
    return collector.producers;
  });
}
