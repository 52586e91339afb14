// The Loki stream labels of an lb record, exactly as lb's own Loki handler builds them (docs/FACTS.md, "Loki push"):
// component, host, run_id, workload, package, plugin, scenario, repetition, phase (each only when set), then the
// static labels, which override. Also Loki's rules for label sets, checked before anything is sent.
import { LB_BUILTIN_LOKI_LABELS, LOKI_LABEL_NAME } from '../config/lbFacts';
import type { PushLimits } from './limits';

/** lb's label values of one record, in LB_BUILTIN_LOKI_LABELS order; undefined = not set. */
export type LbLabelValues = Array<string | undefined>;

const STRING_FIELDS = ['component', 'host', 'run_id', 'workload', 'package', 'plugin', 'scenario'] as const;
const REPETITION = LB_BUILTIN_LOKI_LABELS.indexOf('repetition');
const PHASE = LB_BUILTIN_LOKI_LABELS.indexOf('phase');

/**
 * lb sets a string label only when the value is non-empty (Python truthiness), the repetition whenever it is
 * present (0 included) and the phase from `tags.phase`.
 */
export function lbLabelValues(record: Record<string, unknown>): LbLabelValues {
  const values: LbLabelValues = new Array(LB_BUILTIN_LOKI_LABELS.length);
  STRING_FIELDS.forEach((field, i) => {
    const v = record[field];
    if (typeof v === 'string' && v !== '') values[i] = v;
  });
  const rep = record.repetition;
  if (typeof rep === 'number' && Number.isInteger(rep)) values[REPETITION] = String(rep);
  const tags = record.tags;
  if (tags && typeof tags === 'object' && !Array.isArray(tags)) {
    const phase = (tags as Record<string, unknown>).phase;
    if (typeof phase === 'string' && phase !== '') values[PHASE] = phase;
  }
  return values;
}

/** The stream's labels: lb's, then the static ones (which override lb's of the same name). */
export function streamLabels(values: LbLabelValues, staticLabels: Record<string, string>): Record<string, string> {
  const labels: Record<string, string> = {};
  LB_BUILTIN_LOKI_LABELS.forEach((name, i) => {
    if (values[i] !== undefined) labels[name] = values[i]!;
  });
  return Object.assign(labels, staticLabels);
}

/** A key identifying a label set regardless of the order of its names. */
export function labelsKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

/** Why Loki would reject a label name, or undefined. */
export function labelNameProblem(name: string, limits: PushLimits): string | undefined {
  if (name.startsWith('__')) return 'names starting with "__" are reserved by Loki';
  if (!LOKI_LABEL_NAME.test(name)) return 'use letters, digits and "_", not starting with a digit';
  if (name.length > limits.maxLabelNameLength) return `it is ${name.length} characters long; Loki allows at most ${limits.maxLabelNameLength}`;
  return undefined;
}

function valueProblem(value: string, limits: PushLimits): string | undefined {
  const bytes = Buffer.byteLength(value);
  return bytes > limits.maxLabelValueLength ? `its value is ${bytes} bytes long; Loki allows at most ${limits.maxLabelValueLength}` : undefined;
}

function clip(name: string): string {
  return name.length > 60 ? `${name.slice(0, 60)}…` : name;
}

/** Problems of user-given static labels (a usage error: nothing is pushed until they are fixed). */
export function staticLabelProblems(labels: Record<string, string>, limits: PushLimits): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(labels)) {
    const nameProblem = labelNameProblem(name, limits);
    if (nameProblem) problems.push(`invalid static label name "${clip(name)}": ${nameProblem}`);
    else if (value === '') problems.push(`static label "${name}" has an empty value (Loki treats it as no label)`);
    else {
      const problem = valueProblem(value, limits);
      if (problem) problems.push(`static label "${name}": ${problem}`);
    }
  }
  return problems;
}

/** Why Loki would reject every line of a stream with these labels, or undefined. */
export function streamLabelsProblem(labels: Record<string, string>, limits: PushLimits): string | undefined {
  const names = Object.keys(labels);
  if (names.length === 0) return 'the stream has no labels';
  if (names.length > limits.maxLabelNames) {
    return `the stream has ${names.length} label names (${names.join(', ')}); Loki accepts at most ${limits.maxLabelNames} (limits_config.max_label_names_per_series)`;
  }
  for (const name of names) {
    const nameProblem = labelNameProblem(name, limits);
    if (nameProblem) return `invalid label name "${clip(name)}": ${nameProblem}`;
    const problem = valueProblem(labels[name], limits);
    if (problem) return `label "${name}": ${problem}`;
  }
  return undefined;
}

/** `{a="x", b="y"}` for messages. */
export function formatLabels(labels: Record<string, string>): string {
  return `{${Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}}`;
}
