// Checks a YAML tree against the generated Loki schema the way Loki's decoder (gopkg.in/yaml.v2, strict) reads
// it: unknown and repeated keys are refused, each scalar must decode into its Go type (see goYamlResolve), and
// the typed values go through Loki's own parsers (see goScalars). What Loki accepts but reads differently from
// what was probably meant is a warning.
import { isAlias, isMap, isScalar, isSeq, Node, Scalar } from 'yaml';
import { didYouMean } from '../text/didYouMean';
import { quoteUserText } from '../text/userText';
import { resolvePlain, Resolved } from './goYamlResolve';
import { base2BytesProblem, byteSizeProblem, dayProblem, goDurationProblem, LOG_LEVELS, promDurationProblem } from './goScalars';
import { joinPath, ProblemList } from './problems';
import { fieldsOf, LokiField, lokiSchema } from './schema';

/** Called for every block value met, so that cross-field rules can look at what they need. */
export type BlockVisitor = (node: Node, field: LokiField, path: (string | number)[]) => void;

const INT_RANGE: Record<string, [bigint, bigint]> = {
  int8: [-(2n ** 7n), 2n ** 7n - 1n], int16: [-(2n ** 15n), 2n ** 15n - 1n], int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n], duration: [-(2n ** 63n), 2n ** 63n - 1n],
  uint8: [0n, 2n ** 8n - 1n], uint16: [0n, 2n ** 16n - 1n], uint32: [0n, 2n ** 32n - 1n], uint64: [0n, 2n ** 64n - 1n],
};

/** Loki's parsers of the types decoded from text: why a value is refused, or undefined. */
const TEXT_PARSERS: Partial<Record<LokiField['type'], (text: string) => string | undefined>> = {
  model_duration: promDurationProblem,
  bytesize: byteSizeProblem,
  bytes: base2BytesProblem,
  day: dayProblem,
  log_level: (text) => (LOG_LEVELS.includes(text) ? undefined : 'not a log level'),
};

export function expected(field: LokiField): string {
  switch (field.type) {
    case 'bool': return 'true or false';
    case 'float': return 'a number';
    case 'duration': return 'a duration such as 30s, 5m or 1h30m (units ns, us, ms, s, m, h)';
    case 'model_duration': return 'a duration such as 30d, 12h or 1w (whole numbers; units y, w, d, h, m, s, ms, largest first)';
    case 'bytesize': return 'a size such as 256KB or 10MB (B, KB, MB, GB, TB, PB, EB, powers of 1024)';
    case 'bytes': return 'a size such as 512MiB or 1GB';
    case 'day': return 'a date such as 2024-04-01';
    case 'log_level': return `one of ${LOG_LEVELS.join(', ')}`;
    case 'list': return 'a list';
    case 'map': return 'a mapping of keys to values';
    case 'block': return 'a block of keys';
    case 'string': case 'url': case 'time': case 'cidr_list': return 'text';
    default:
      return field.type.startsWith('uint') ? 'a whole number (0 or more)' : field.type.startsWith('int') ? 'a whole number' : field.type;
  }
}

function quoted(text: string): string {
  return `"${quoteUserText(text, 40)}"`;
}

function describeResolved(r: Resolved, scalar: Scalar): string {
  switch (r.tag) {
    case 'str': return scalar.type === 'PLAIN' ? `the text ${quoted(r.value)}` : `the quoted text ${quoted(r.value)}`;
    case 'bool': return `the boolean ${quoteUserText(String(scalar.value), 40)}`;
    case 'int': return `the whole number ${quoteUserText(String(scalar.value), 40)}`;
    case 'float': return `the number ${quoteUserText(String(scalar.value), 40)}`;
    case 'timestamp': return `the timestamp ${quoteUserText(String(scalar.value), 40)}`;
    default: return 'nothing';
  }
}

/** How yaml.v2 resolves a scalar node: plain scalars by their text, every other style is a string. */
export function resolveScalar(node: Scalar): Resolved {
  const text = String(node.value ?? '');
  if (node.tag === 'tag:yaml.org,2002:str' || node.type !== 'PLAIN') return { tag: 'str', value: text };
  return resolvePlain(text);
}

export class ValueChecker {
  constructor(
    private readonly problems: ProblemList,
    private readonly onBlock: BlockVisitor,
  ) {}

  check(node: Node | null | undefined, field: LokiField, path: (string | number)[]): void {
    if (!node || isAlias(node)) return;
    if (field.type === 'custom' || field.type === 'any') return;
    if (isScalar(node) && resolveScalar(node).tag === 'null') return;
    switch (field.type) {
      case 'block':
        if (!isMap(node)) return this.wrongShape(node, field, path);
        this.onBlock(node, field, path);
        return this.checkBlock(node, field, path);
      case 'list':
        if (!isSeq(node)) return this.wrongShape(node, field, path);
        node.items.forEach((item, i) => this.check(item as Node, field.items!, [...path, i]));
        return;
      case 'map':
        if (!isMap(node)) return this.wrongShape(node, field, path);
        this.checkDuplicates(node, path, 'map');
        for (const pair of node.items) {
          if (isScalar(pair.key)) this.check(pair.value as Node, field.values!, [...path, String(pair.key.value)]);
        }
        return;
      default:
        if (!isScalar(node)) return this.wrongShape(node, field, path);
        this.checkScalar(node, field, path);
    }
  }

  private wrongShape(node: Node, field: LokiField, path: (string | number)[]): void {
    const got = isMap(node) ? 'a block of keys' : isSeq(node) ? 'a list' : describeResolved(resolveScalar(node as Scalar), node as Scalar);
    this.problems.error(node, 'loki-config-type', `"${joinPath(path)}" expects ${expected(field)}, not ${got}.`);
  }

  /** yaml.v2's strict mode refuses a key given twice. */
  private checkDuplicates(node: Node, path: (string | number)[], what: 'block' | 'map'): void {
    if (!isMap(node)) return;
    const seen = new Set<string>();
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      if (seen.has(key)) {
        const where = path.length ? ` in ${joinPath(path)}` : '';
        this.problems.error(pair.key, 'loki-config-duplicate-key', `"${quoteUserText(key, 40)}" is given twice${where}; Loki refuses a repeated ${what === 'map' ? 'map ' : ''}key.`);
      }
      seen.add(key);
    }
  }

  private checkBlock(node: Node, field: LokiField, path: (string | number)[]): void {
    if (!isMap(node)) return;
    this.checkDuplicates(node, path, 'block');
    const block = lokiSchema.blocks[field.ref!];
    const fields = fieldsOf(field.ref!);
    for (const pair of node.items) {
      const keyNode = pair.key as Node;
      if (!isScalar(keyNode)) continue;
      const key = String(keyNode.value);
      if (key === '<<') continue;
      const child = fields.get(key) ?? (block.anyKeys ? { ...block.anyKeys, name: key } : undefined);
      if (!child) {
        const names = [...fields.values()].filter((f) => !f.hidden).map((f) => f.name);
        const suggestion = didYouMean(key, names);
        const where = path.length ? ` in ${joinPath(path)}` : ' at the top level';
        this.problems.error(
          keyNode,
          'loki-config-unknown-key',
          `Loki ${lokiSchema.loki} has no key "${quoteUserText(key, 40)}"${where}${suggestion ? `; did you mean "${suggestion}"?` : '.'} Loki refuses unknown keys.`,
        );
        continue;
      }
      this.check(pair.value as Node, child, [...path, key]);
    }
  }

  private checkScalar(node: Scalar, field: LokiField, path: (string | number)[]): void {
    // `${VAR}` is replaced before decoding when Loki runs with -config.expand-env=true, and `{{ }}` by Helm's
    // tpl: the value is not known here.
    if (typeof node.value === 'string' && /\$\{|\{\{/.test(node.value)) return;
    const r = resolveScalar(node);
    const name = `"${joinPath(path)}"`;
    const refuse = () => this.problems.error(node, 'loki-config-type', `${name} expects ${expected(field)}, not ${describeResolved(r, node)}.`);
    const invalid = (why: string) =>
      this.problems.error(node, 'loki-config-value', `${name} expects ${expected(field)}; ${quoted(text)} is ${why}.`);
    const text = r.tag === 'str' || r.tag === 'timestamp' ? r.value : String(node.value ?? '');
    const t = field.type;
    if (t === 'bool') {
      if (r.tag !== 'bool') refuse();
      return;
    }
    if (t === 'float') {
      if (r.tag !== 'int' && r.tag !== 'float') refuse();
      return;
    }
    if (t === 'duration') {
      if (r.tag === 'str') {
        const why = goDurationProblem(r.value);
        if (why) invalid(why);
      } else if (r.tag === 'int' || r.tag === 'float') {
        if (r.tag === 'float' && (r.value > 9.223372036854775807e18 || Number.isNaN(r.value))) return refuse();
        if (r.tag === 'int' && (r.value < INT_RANGE.duration[0] || r.value > INT_RANGE.duration[1])) return refuse();
        const shown = quoteUserText(String(node.value), 40);
        if (Number(r.value) !== 0) {
          this.problems.warning(
            node,
            'loki-config-duration-nanoseconds',
            `${name}: a number without a unit is read as nanoseconds (${shown} ns); write it with a unit, such as ${shown}s.`,
          );
        }
      } else refuse();
      return;
    }
    if (t in INT_RANGE) {
      const [min, max] = INT_RANGE[t];
      if (r.tag === 'int') {
        if (r.value < min || r.value > max) this.problems.error(node, 'loki-config-range', `${name} must be between ${min} and ${max}; Loki refuses ${quoteUserText(String(r.value), 40)}.`);
        return;
      }
      // Go converts the float; at 64 bits no value below the maximum overflows (amd64 saturates or wraps).
      const bits64 = t === 'int64' || t === 'uint64';
      if (r.tag === 'float' && !Number.isNaN(r.value) && r.value <= Number(max) && (bits64 || Math.trunc(r.value) >= Number(min))) {
        if (!Number.isFinite(r.value) || Math.trunc(r.value) < Number(min)) {
          this.problems.warning(node, 'loki-config-truncated', `${name}: Loki reads ${quoteUserText(String(node.value), 40)} as a meaningless extreme number.`);
        } else if (!Number.isInteger(r.value)) {
          this.problems.warning(node, 'loki-config-truncated', `${name} is a whole number: Loki drops the fraction and reads ${Math.trunc(r.value)}.`);
        }
        return;
      }
      return refuse();
    }
    // Every other type is decoded from the scalar's text: yaml.v2 gives any scalar to a string.
    const why = TEXT_PARSERS[t]?.(text);
    if (why) invalid(why);
  }
}
