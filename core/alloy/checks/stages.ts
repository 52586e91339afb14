// What Alloy itself only finds when a loki.process pipeline is built or run: the languages inside strings
// (RE2 regexes, stage.match's selector, JMESPath of the community edition Alloy uses, Go time layouts and
// templates, label names), the rules each stage enforces when it is built, and what flows between stages
// (which names are extracted, which labels are set). Problems are reported at the characters they concern.
import { compile as compileJmespath } from '@jmespath-community/jmespath';
import { checkRe2 } from '../../logql/re2';
import { validateLogQL } from '../../logql/validateQuery';
import { attribute, BlockStmt, Expr, LiteralExpr, ObjectField, stringLiteral } from '../ast';
import type { AlloyModel } from '../model';
import type { AlloyFix, ProblemList } from '../problems';
import { TEMPLATE_FUNCTIONS } from '../catalog';
import { matchSelectorError, templateError } from '../syntaxWasm';
import { LABEL_NAME, MAX_LABEL_NAMES, unboundedKind } from './labelRules';
import { rangeInString, stringContent } from './stringRanges';

/** What the stages of one pipeline extract and which labels they set, in order. */
interface Flow {
  /** Names an earlier stage extracted. */
  extracted: Set<string>;
  /** Named groups no later stage used yet, for the "never used" hint. */
  unusedGroups: Map<string, { range: { start: number; end: number }; stage: string }>;
  /** After a stage whose extracted names are unknown: no name is reported as missing. */
  open: boolean;
  /** The label names the pipeline sets, where they are set. */
  labels: Map<string, { start: number; end: number }>;
}

// Stages whose extracted or read names are not known from the configuration.
const OPEN_STAGES = new Set(['stage.eventlogmessage', 'stage.windowsevent', 'stage.geoip', 'stage.pack', 'stage.luhn']);
const CRI_NAMES = ['stream', 'flags', 'time', 'content', 'tags'];
const DOCKER_NAMES = ['stream', 'timestamp', 'output', 'log', 'time'];

const NAMED_LAYOUTS = new Set(['ANSIC', 'UnixDate', 'RubyDate', 'RFC822', 'RFC822Z', 'RFC850', 'RFC1123', 'RFC1123Z', 'RFC3339', 'RFC3339Nano', 'Unix', 'UnixMs', 'UnixUs', 'UnixNs']);
// Elements of Go's reference time (Mon Jan 2 15:04:05 MST 2006) that a layout must contain to parse anything.
const GO_LAYOUT_ELEMENT = /2006|Jan|Mon|MST|15|01|02|_2|03|04|05|06|Z07|-07|\.0+|\.9+|PM|pm|002/;
const FOREIGN_LAYOUT = /%[a-zA-Z]|yyyy|YYYY|\byy\b|dd|HH|hh|mm|ss|SSS/;

class StageChecker {
  constructor(
    private readonly text: string,
    private readonly problems: ProblemList,
    private readonly labelNames: Set<string>,
  ) {}

  run(stages: BlockStmt[], flow: Flow): void {
    for (const stage of stages) this.stage(stage, flow);
  }

  private str(block: BlockStmt, name: string): LiteralExpr | undefined {
    return stringLiteral(attribute(block.body, name)?.value);
  }

  /** Checks a regex; returns its named groups (as written, when RE2 refuses it, so later stages still see them). */
  private regex(literal: LiteralExpr | undefined, what: string): string[] | undefined {
    if (!literal) return undefined;
    const result = checkRe2(literal.string!.value);
    if (result.ok) return result.namedGroups;
    const range = rangeInString(literal, result.index, result.index + result.length);
    // Alloy compiles it with Go's regexp, the same RE2 syntax as Loki: the shared message names Loki.
    const message = result.message.replace('invalid regex for Loki (RE2 syntax)', "invalid regex (RE2 syntax, Go's regexp as Alloy compiles it)");
    this.problems.add('regex', range.end > range.start ? range : stringContent(literal), `${what}: ${message}`);
    return [...literal.string!.value.matchAll(/\(\?P?<(\w+)>/g)].map((m) => m[1]);
  }

  private use(name: string, flow: Flow, at: { start: number; end: number }, why: string): void {
    flow.unusedGroups.delete(name);
    if (flow.open || flow.extracted.has(name) || this.labelNames.has(name)) return;
    this.problems.add('never-extracted', at, `no earlier stage extracts \`${name}\`, so ${why}`, 'warning');
  }

  /** Records an extracted name; `group`: a named group of a regex or pattern, hinted at when nothing uses it. */
  private extract(name: string, flow: Flow, at: { start: number; end: number }, stage: string, group = false): void {
    flow.extracted.add(name);
    if (group) flow.unusedGroups.set(name, { range: at, stage });
  }

  private source(block: BlockStmt, flow: Flow): void {
    const source = this.str(block, 'source');
    if (source && source.string!.value !== '') {
      this.use(source.string!.value, flow, stringContent(source), `\`${block.name}\` has nothing to read`);
    }
  }

  private stage(block: BlockStmt, flow: Flow): void {
    if (OPEN_STAGES.has(block.name)) {
      // What it extracts and reads is unknown: later stages are not warned about, and no group is called unused.
      flow.open = true;
      flow.unusedGroups.clear();
      return;
    }
    switch (block.name) {
      case 'stage.regex':
      case 'stage.replace': {
        this.source(block, flow);
        const literal = this.str(block, 'expression');
        const groupsAreLabels = attribute(block.body, 'labels_from_groups')?.value;
        for (const g of this.regex(literal, `${block.name} expression`) ?? []) {
          this.extract(g, flow, groupRange(literal!, g), block.name, true);
          if (groupsAreLabels?.type === 'literal' && groupsAreLabels.value === true) {
            flow.unusedGroups.delete(g);
            flow.labels.set(g, groupRange(literal!, g));
          }
        }
        return;
      }
      case 'stage.drop':
        this.source(block, flow);
        this.regex(this.str(block, 'expression'), 'stage.drop expression');
        return;
      case 'stage.multiline':
        this.regex(this.str(block, 'firstline'), 'stage.multiline firstline');
        return;
      case 'stage.json':
        this.source(block, flow);
        this.json(block, flow);
        return;
      case 'stage.logfmt':
        this.source(block, flow);
        this.mapping(block, 'mapping', flow, 'stage.logfmt');
        return;
      case 'stage.pattern': {
        this.source(block, flow);
        const literal = this.str(block, 'pattern');
        if (literal) {
          for (const m of literal.string!.value.matchAll(/<(\w+)>/g)) {
            if (m[1] !== '_') this.extract(m[1], flow, rangeInString(literal, m.index! + 1, m.index! + m[0].length - 1), 'stage.pattern', true);
          }
        }
        return;
      }
      case 'stage.cri':
        CRI_NAMES.forEach((n) => flow.extracted.add(n));
        return;
      case 'stage.docker':
        DOCKER_NAMES.forEach((n) => flow.extracted.add(n));
        return;
      case 'stage.template': {
        const source = this.str(block, 'source');
        this.template(block, flow);
        if (source) {
          flow.unusedGroups.delete(source.string!.value);
          flow.extracted.add(source.string!.value);
        }
        return;
      }
      case 'stage.timestamp':
        this.source(block, flow);
        this.timestamp(block);
        return;
      case 'stage.output':
        this.source(block, flow);
        return;
      case 'stage.labels':
        this.labels(block, flow, true);
        return;
      case 'stage.structured_metadata':
        this.labels(block, flow, false);
        return;
      case 'stage.static_labels':
        this.staticLabels(block, flow);
        return;
      case 'stage.tenant':
      case 'stage.metrics':
      case 'stage.limit':
        this.source(block, flow);
        return;
      case 'stage.match':
        this.match(block, flow);
        return;
    }
  }

  private objectFields(block: BlockStmt, name: string): ObjectField[] | undefined {
    const value = attribute(block.body, name)?.value;
    return value?.type === 'object' ? value.fields : undefined;
  }

  private json(block: BlockStmt, flow: Flow): void {
    for (const field of this.objectFields(block, 'expressions') ?? []) {
      const literal = stringLiteral(field.value);
      const expression = literal ? literal.string!.value : undefined;
      // An empty expression means the key itself.
      const compiled = expression === undefined || expression === '' ? field.name.name : expression;
      try {
        compileJmespath(compiled);
      } catch (err) {
        const at = literal && expression !== '' ? stringContent(literal) : field.name.range;
        this.problems.add('jmespath', at, `stage.json: \`${compiled}\` is not a valid JMESPath expression: ${(err as Error).message}`);
      }
      this.extract(field.name.name, flow, field.name.range, 'stage.json');
    }
  }

  private mapping(block: BlockStmt, attr: string, flow: Flow, stage: string): void {
    for (const field of this.objectFields(block, attr) ?? []) this.extract(field.name.name, flow, field.name.range, stage);
  }

  private template(block: BlockStmt, flow: Flow): void {
    const literal = this.str(block, 'template');
    if (!literal) return;
    const text = literal.string!.value;
    // Extracted values a template reads (`{{ .level }}`) are used.
    for (const m of text.matchAll(/\.(\w+)/g)) flow.unusedGroups.delete(m[1]);
    const error = templateError(text, TEMPLATE_FUNCTIONS);
    if (!error) return;
    // Go names the line only; a function it does not know is found on that line.
    const lines = text.split('\n');
    const lineStart = error.line ? lines.slice(0, error.line - 1).reduce((n, l) => n + l.length + 1, 0) : 0;
    const lineText = error.line ? (lines[error.line - 1] ?? '') : text;
    const fn = /function "([^"]+)" not defined/.exec(error.message)?.[1];
    const at = fn ? lineText.search(new RegExp(`\\b${fn.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`)) : -1;
    const range = at >= 0 ? rangeInString(literal, lineStart + at, lineStart + at + fn!.length) : error.line ? rangeInString(literal, lineStart, lineStart + lineText.length) : stringContent(literal);
    this.problems.add('template', range.end > range.start ? range : stringContent(literal), `stage.template: ${error.message}`);
  }

  private timestamp(block: BlockStmt): void {
    const formats: LiteralExpr[] = [];
    const format = this.str(block, 'format');
    if (format) formats.push(format);
    const fallback = attribute(block.body, 'fallback_formats')?.value;
    if (fallback?.type === 'array') fallback.elements.forEach((e) => stringLiteral(e) && formats.push(stringLiteral(e)!));
    for (const f of formats) {
      const layout = f.string!.value;
      if (NAMED_LAYOUTS.has(layout) || layout === '') continue;
      if (FOREIGN_LAYOUT.test(layout) && !GO_LAYOUT_ELEMENT.test(layout.replace(FOREIGN_LAYOUT, ''))) {
        this.problems.add(
          'timestamp-format',
          stringContent(f),
          `stage.timestamp: \`${layout}\` is not a Go time layout; Alloy formats are written with Go's reference time, e.g. \`2006-01-02T15:04:05Z07:00\`, or a name such as RFC3339 or UnixMs`,
          'warning',
        );
      } else if (!GO_LAYOUT_ELEMENT.test(layout)) {
        this.problems.add(
          'timestamp-format',
          stringContent(f),
          `stage.timestamp: \`${layout}\` contains no element of Go's reference time (2006-01-02 15:04:05), so no timestamp can be parsed with it`,
          'warning',
        );
      }
    }
    const action = this.str(block, 'action_on_failure');
    if (action && !['skip', 'fudge'].includes(action.string!.value)) {
      this.problems.add('timestamp-action', stringContent(action), `stage.timestamp: action_on_failure must be "skip" or "fudge"`);
    }
  }

  private labelName(name: string, range: { start: number; end: number }, what: string): void {
    if (!LABEL_NAME.test(name)) {
      this.problems.add('label-name', range, `${what} \`${name}\` is not a valid Loki label name ([a-zA-Z_][a-zA-Z0-9_]*): LogQL cannot select it`, 'warning');
    }
  }

  private labels(block: BlockStmt, flow: Flow, isLabels: boolean): void {
    const fields = this.objectFields(block, 'values') ?? [];
    for (const field of fields) {
      const value = stringLiteral(field.value);
      const source = value && value.string!.value !== '' ? value.string!.value : field.name.name;
      const at = value && value.string!.value !== '' ? stringContent(value) : field.name.range;
      this.labelName(field.name.name, field.name.range, isLabels ? 'label' : 'structured metadata key');
      this.use(source, flow, at, isLabels ? `label \`${field.name.name}\` will never be set` : `\`${field.name.name}\` will never be set`);
      if (!isLabels) continue;
      flow.labels.set(field.name.name, field.name.range);
      const kind = unboundedKind(field.name.name) ?? unboundedKind(source);
      if (kind) {
        this.problems.add(
          'unbounded-label',
          field.name.range,
          `label \`${field.name.name}\` takes ${kind} as its value: each distinct value creates a new Loki stream (stream explosion: ` +
            'rate limits, tiny chunks, slow queries). Keep it as structured metadata, which LogQL still filters on',
          'warning',
          moveToStructuredMetadata(this.text, block, field),
        );
      }
    }
  }

  private staticLabels(block: BlockStmt, flow: Flow): void {
    for (const field of this.objectFields(block, 'values') ?? []) {
      this.labelName(field.name.name, field.name.range, 'label');
      flow.labels.set(field.name.name, field.name.range);
    }
  }

  private match(block: BlockStmt, flow: Flow): void {
    const selector = this.str(block, 'selector');
    if (selector) this.selector(selector);
    const action = this.str(block, 'action')?.string!.value ?? 'keep';
    const stages = block.body.filter((s): s is BlockStmt => s.type === 'block' && s.name.startsWith('stage.'));
    if (action === 'keep' && stages.length === 0) {
      this.problems.add('match-without-stages', block.nameRange, 'stage.match has no stage inside: Alloy refuses a "keep" match without stages');
    }
    if (action === 'drop' && stages.length > 0) {
      this.problems.add('match-drop-with-stages', stages[0].nameRange, 'stage.match with action "drop" cannot have stages inside: Alloy refuses it');
    }
    if (!['keep', 'drop'].includes(action)) {
      this.problems.add('match-action', stringContent(this.str(block, 'action')!), 'stage.match: action must be "keep" or "drop"');
    }
    // The stages inside run only for matching entries: what they extract is not guaranteed afterwards, but
    // counts as possibly extracted so that later stages are not warned about.
    const inner: Flow = { extracted: new Set(flow.extracted), unusedGroups: flow.unusedGroups, open: flow.open, labels: flow.labels };
    this.run(stages, inner);
    for (const name of inner.extracted) flow.extracted.add(name);
    flow.open = flow.open || inner.open;
  }

  private selector(literal: LiteralExpr): void {
    const text = literal.string!.value;
    // Alloy parses the selector with Promtail's LogQL (a stream selector and line filters): its verdict is final.
    const error = matchSelectorError(text);
    if (error) {
      // An error at the very end (a missing `}`) is shown on the last character.
      const at = error.offset === undefined ? undefined : Math.max(0, Math.min(error.offset, text.length - 1));
      const range = at === undefined || text.length === 0 ? stringContent(literal) : rangeInString(literal, at, at + 1);
      this.problems.add('match-selector', range, `stage.match selector: ${error.message}`);
      return;
    }
    for (const p of validateLogQL(text, { grafanaVariables: false, expect: 'log' })) {
      if (p.severity === 'error') continue;
      this.problems.add('match-selector', rangeInString(literal, p.start, p.end), `stage.match selector: ${p.message}`, p.severity);
    }
  }
}

/** The characters of a named group's name in a regex literal: `dag_id` of `(?P<dag_id>...)`. */
function groupRange(literal: LiteralExpr, group: string): { start: number; end: number } {
  const value = literal.string!.value;
  for (const opener of [`(?P<${group}>`, `(?<${group}>`]) {
    const at = value.indexOf(opener);
    if (at >= 0) return rangeInString(literal, at + opener.length - group.length - 1, at + opener.length - 1);
  }
  return stringContent(literal);
}

/** A fix that moves one key of stage.labels into a stage.structured_metadata right after it. */
function moveToStructuredMetadata(text: string, block: BlockStmt, field: ObjectField): AlloyFix {
  const values = attribute(block.body, 'values')!.value as Extract<Expr, { type: 'object' }>;
  const fields = values.fields;
  const index = fields.indexOf(field);
  const entry = `${field.quoted ? JSON.stringify(field.name.name) : field.name.name} = ${exprSource(field)}`;
  const edits = [];
  if (fields.length === 1) {
    // The only label: the whole stage becomes structured metadata.
    edits.push({ start: block.nameRange.start, end: block.nameRange.end, newText: 'stage.structured_metadata' });
  } else {
    // Remove the field with its separator (the comma after it, or before it for the last one).
    const start = index === fields.length - 1 ? fields[index - 1].range.end : field.range.start;
    const end = index === fields.length - 1 ? field.range.end : fields[index + 1].range.start;
    edits.push({ start, end, newText: '' });
    const indent = indentAt(text, block.range.start);
    edits.push({
      start: block.range.end,
      end: block.range.end,
      newText: `\n${indent}stage.structured_metadata {\n${indent}  values = {\n${indent}    ${entry},\n${indent}  }\n${indent}}`,
    });
  }
  return { title: `Move \`${field.name.name}\` to stage.structured_metadata`, edits };
}

/** The blanks that start the line holding `offset`. */
function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

function exprSource(field: ObjectField): string {
  const value = stringLiteral(field.value);
  return value ? value.raw : '""';
}

/** Checks every loki.process of the configuration. `knownLabels`: label names set outside the pipelines. */
export function checkPipelines(text: string, model: AlloyModel, knownLabels: Set<string>, problems: ProblemList): void {
  for (const c of model.components) {
    if (c.name !== 'loki.process') continue;
    const stages = c.block.body.filter((s): s is BlockStmt => s.type === 'block' && s.name.startsWith('stage.'));
    const flow: Flow = { extracted: new Set(), unusedGroups: new Map(), open: false, labels: new Map() };
    new StageChecker(text, problems, knownLabels).run(stages, flow);
    for (const [name, at] of flow.unusedGroups) {
      problems.add('unused-extracted', at.range, `\`${name}\` is extracted by ${at.stage} but no later stage uses it`, 'hint');
    }
    if (flow.labels.size > MAX_LABEL_NAMES) {
      const [, first] = [...flow.labels][MAX_LABEL_NAMES];
      problems.add(
        'too-many-labels',
        first,
        `this pipeline sets ${flow.labels.size} label names; Loki refuses streams with more than ${MAX_LABEL_NAMES} (limits_config.max_label_names_per_series)`,
        'warning',
      );
    }
  }
}
