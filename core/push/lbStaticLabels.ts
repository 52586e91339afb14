// The static labels lb itself adds to every stream it pushes, so that a backfill creates the same streams as
// lb's live push: `loki.labels` of lb's platform config when it has a `loki` block (it replaces the run
// config's whole block), else of the run config, over the `LB_LOKI_LABELS` environment variable (`k=v,k2=v2`).
import * as path from 'path';
import { parse as parseJsonc } from 'jsonc-parser';
import { lbPlatformConfigPath } from '../config/lbPaths';
import { jsonNestingBeyond } from '../documents/jsonDepth';

export interface LbLabelsInput {
  env: NodeJS.ProcessEnv;
  homeDir: string;
  /** The folder lb runs in: its benchmark_config.json is the run config. */
  cwd?: string;
  readFile(file: string): string | undefined;
}

export interface LbStaticLabels {
  labels: Record<string, string>;
  /** Where they come from, for people: a file path or LB_LOKI_LABELS. */
  sources: string[];
}

/** lb's `parse_labels_env`: comma-separated `name=value` pairs, blanks trimmed. */
function labelsFromEnv(text: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of (text ?? '').split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    if (name) labels[name] = pair.slice(eq + 1).trim();
  }
  return labels;
}

/** The config's `loki` block, or undefined when the file or the block is missing. */
function lokiBlock(input: LbLabelsInput, file: string): Record<string, unknown> | undefined {
  const text = input.readFile(file);
  // Nested too deep for the parser: no labels from it (the validator warns).
  if (text === undefined || jsonNestingBeyond(text) !== undefined) return undefined;
  const loki = (parseJsonc(text) as { loki?: unknown } | undefined)?.loki;
  return loki && typeof loki === 'object' && !Array.isArray(loki) ? (loki as Record<string, unknown>) : undefined;
}

export function lbStaticLabels(input: LbLabelsInput): LbStaticLabels {
  const labels = labelsFromEnv(input.env.LB_LOKI_LABELS);
  const sources = Object.keys(labels).length ? ['LB_LOKI_LABELS'] : [];
  const platform = lbPlatformConfigPath(input.homeDir, input.env.XDG_CONFIG_HOME);
  const runConfig = input.cwd ? path.join(input.cwd, 'benchmark_config.json') : undefined;
  const fromPlatform = lokiBlock(input, platform);
  const [block, file] = fromPlatform ? [fromPlatform, platform] : runConfig ? [lokiBlock(input, runConfig), runConfig] : [undefined, undefined];
  const configLabels = block?.labels;
  if (configLabels && typeof configLabels === 'object' && !Array.isArray(configLabels)) {
    const entries = Object.entries(configLabels as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined);
    for (const [name, value] of entries) labels[name] = String(value);
    if (entries.length) sources.push(file!);
  }
  return { labels, sources };
}
