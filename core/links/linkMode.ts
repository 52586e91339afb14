// How Airflow and Flyte links find their logs, decided from what the labels really are: a choice the user made
// (setting or option) wins; else the workspace's collector pipelines (Alloy, Promtail, Kubernetes relabel rules) and
// the label names Loki has seen say whether the labels a link needs exist as stream labels. A rule whose names are
// known only when it runs (labelmap of the pods' labels) proves neither: Loki's names decide then, else the default. The reason is returned
// with the choice so that the user sees why a link has the form it has.
import * as path from 'path';
import type { LabelProducer } from '../labelModel/labelModel';
import type { AirflowMode } from './airflow';

/** What is known about the labels: the workspace model (core/labels) and Loki's recent label names. */
export interface LabelKnowledge {
  labels?: { producers(name: string): LabelProducer[]; streamLabelNames(): string[] };
  /** Label names Loki has seen (last 24 h); undefined when no Loki was asked or it did not answer. */
  lokiLabels?: readonly string[];
  /** Folder that file names in reasons are shown relative to. */
  root?: string;
}

/** A value the user chose, and where (for the reason): `setting lbObs.airflow.mode (workspace folder)`, `--mode`. */
export interface ExplicitChoice<T> {
  value: T;
  where: string;
}

export interface LinkChoice<T> {
  value: T;
  /** One sentence: why this value. */
  reason: string;
  /** What decided: the user, the workspace's pipelines, Loki, or nothing known (the default). */
  decidedBy: 'user' | 'workspace' | 'loki' | 'default';
}

// lb's own labels describe lb's handler, not the collector that ships workflow pods' logs.
const PIPELINE_KINDS = new Set<LabelProducer['kind']>(['alloy', 'promtail', 'kubernetes']);

function where(origin: LabelProducer, root: string | undefined): string {
  if (!origin.file) return origin.detail;
  const file = root ? path.relative(root, origin.file) || origin.file : origin.file;
  const line = origin.range ? `:${origin.range.start.line + 1}` : '';
  return `${file}${line} (${origin.detail})`;
}

interface LabelFacts {
  pipelineKnown: boolean;
  lokiKnown: boolean;
  /** The pipeline producer of each name as a stream label, if any. */
  streamIn: (name: string) => LabelProducer | undefined;
  /** A pipeline producer that keeps the name as structured metadata only. */
  metadataOnlyIn: (name: string) => LabelProducer | undefined;
  /** A pipeline rule that may give the name when it runs (a labelmap rule). */
  mayBeIn: (name: string) => LabelProducer | undefined;
  inLoki: (name: string) => boolean;
}

function labelFacts(knowledge: LabelKnowledge): LabelFacts {
  const model = knowledge.labels;
  const pipelineProducers = (name: string) => (model?.producers(name) ?? []).filter((p) => PIPELINE_KINDS.has(p.kind));
  // Names the pipelines surely give (a name only extracted reaches Loki as nothing).
  const pipelineOrigins = (name: string) => pipelineProducers(name).filter((p) => p.namePattern === undefined && p.as !== 'extracted');
  const lokiFromModel = (name: string) => (model?.producers(name) ?? []).some((p) => p.kind === 'loki');
  const lokiNames = knowledge.lokiLabels ? new Set(knowledge.lokiLabels) : undefined;
  const modelNames = model?.streamLabelNames() ?? [];
  const lokiKnown = lokiNames !== undefined || modelNames.some(lokiFromModel);
  return {
    pipelineKnown: modelNames.some((n) => pipelineOrigins(n).length > 0),
    lokiKnown,
    streamIn: (name) => pipelineOrigins(name).find((p) => p.as === 'stream'),
    metadataOnlyIn: (name) => {
      const origins = pipelineOrigins(name);
      return origins.some((p) => p.as === 'stream') ? undefined : origins.find((p) => p.as === 'structured_metadata');
    },
    mayBeIn: (name) => pipelineProducers(name).find((p) => p.namePattern !== undefined),
    inLoki: (name) => lokiNames?.has(name) === true || lokiFromModel(name),
  };
}

function list(names: string[]): string {
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function absent(facts: LabelFacts, names: string[]): string {
  const which = list(names);
  if (facts.pipelineKnown && facts.lokiKnown) return `neither the workspace's pipelines nor Loki (last 24 h) have ${which} as a stream label`;
  if (facts.pipelineKnown) return `the workspace's pipelines do not make ${which} a stream label (and no Loki was asked)`;
  return `Loki has not seen ${which} in the last 24 hours (and no pipeline in the workspace makes ${names.length > 1 ? 'them' : 'it'})`;
}

/**
 * Names only a rule known when it runs may give (labelmap): Loki's names decide when Loki answered, else the
 * default; undefined when no such rule may give them.
 */
function onlyPossible<T>(facts: LabelFacts, names: string[], knowledge: LabelKnowledge, lokiLacks: T, fallback: T): LinkChoice<T> | undefined {
  const rule = names.map((n) => facts.mayBeIn(n)).find((p) => p !== undefined);
  if (!rule) return undefined;
  const may = `${list(names)} may come from ${where(rule, knowledge.root)}, known only when it runs`;
  if (facts.lokiKnown) return { value: lokiLacks, reason: `Loki has not seen ${list(names)} in the last 24 hours (${may})`, decidedBy: 'loki' };
  return { value: fallback, reason: `${may}, and no Loki was asked: the default ${String(fallback)}`, decidedBy: 'default' };
}

function nothingKnown<T>(fallback: T): LinkChoice<T> {
  return {
    value: fallback,
    reason: `no collector pipeline (Alloy, Promtail, Kubernetes relabel rules) in the workspace and no Loki label names to go by: the default ${fallback}`,
    decidedBy: 'default',
  };
}

/** The user's own choice, said to win. */
export function chosenByUser<T>(explicit: ExplicitChoice<T>): LinkChoice<T> {
  return { value: explicit.value, reason: `${explicit.where} is ${JSON.stringify(explicit.value)}: a choice you make always wins over the labels found`, decidedBy: 'user' };
}

/**
 * `labels` when every label the link matches (`needed`, as the collector names them: dag_id, and task_id, run_id,
 * try_number when the link names them) is a stream label of a workspace pipeline or in Loki; `line-filter` when
 * the pipelines or Loki are known and lack one; the default `labels` when nothing is known.
 */
export function chooseAirflowMode(
  needed: string[],
  knowledge: LabelKnowledge,
  explicit?: ExplicitChoice<AirflowMode>,
  fallback: AirflowMode = 'labels',
): LinkChoice<AirflowMode> {
  if (explicit) return chosenByUser(explicit);
  const facts = labelFacts(knowledge);
  const anyPossible = needed.some((n) => facts.mayBeIn(n));
  if (!facts.pipelineKnown && !facts.lokiKnown && !anyPossible) return nothingKnown(fallback);
  if (needed.every((n) => facts.streamIn(n))) {
    const shown = needed.map((n) => `${n} from ${where(facts.streamIn(n)!, knowledge.root)}`);
    return { value: 'labels', reason: `stream label${needed.length > 1 ? 's' : ''} ${list(shown)}`, decidedBy: 'workspace' };
  }
  if (needed.every((n) => facts.streamIn(n) || facts.inLoki(n))) {
    return { value: 'labels', reason: `Loki has seen ${list(needed.filter((n) => !facts.streamIn(n)))} in the last 24 hours`, decidedBy: 'loki' };
  }
  const missing = needed.filter((n) => !facts.streamIn(n) && !facts.inLoki(n));
  const possible = onlyPossible(facts, missing, knowledge, 'line-filter' as AirflowMode, fallback);
  if (possible) return possible.value === 'line-filter' ? { ...possible, reason: `${possible.reason}: matching the ids in the log text` } : possible;
  const metadata = missing.map((n) => facts.metadataOnlyIn(n)).find((o) => o !== undefined);
  const why = metadata
    ? `${metadata.name} is structured metadata, not a stream label, in ${where(metadata, knowledge.root)}`
    : absent(facts, missing);
  return { value: 'line-filter', reason: `${why}: matching the ids in the log text`, decidedBy: facts.pipelineKnown ? 'workspace' : 'loki' };
}

/** Labels whose value starts with the Flyte execution id on its pods, the most specific last. */
export const FLYTE_WORKFLOW_LABELS = ['app', 'execution_id', 'pod'];

/**
 * The label of "All workflow logs" (`${label}` of the workflow selector): the first of FLYTE_WORKFLOW_LABELS that
 * a workspace pipeline or Loki has as a stream label, else `fallback`.
 */
export function chooseFlyteWorkflowLabel(knowledge: LabelKnowledge, explicit?: ExplicitChoice<string>, fallback = 'app'): LinkChoice<string> {
  if (explicit) return chosenByUser(explicit);
  const facts = labelFacts(knowledge);
  if (!facts.pipelineKnown && !facts.lokiKnown && !FLYTE_WORKFLOW_LABELS.some((n) => facts.mayBeIn(n))) return nothingKnown(fallback);
  for (const name of FLYTE_WORKFLOW_LABELS) {
    const origin = facts.streamIn(name);
    if (origin) return { value: name, reason: `stream label ${name} from ${where(origin, knowledge.root)}`, decidedBy: 'workspace' };
  }
  const seen = FLYTE_WORKFLOW_LABELS.find((n) => facts.inLoki(n));
  if (seen) return { value: seen, reason: `Loki has seen ${seen} in the last 24 hours`, decidedBy: 'loki' };
  const possible = onlyPossible(facts, FLYTE_WORKFLOW_LABELS.filter((n) => facts.mayBeIn(n)), knowledge, fallback, fallback);
  if (possible) return possible;
  return {
    value: fallback,
    reason: `${absent(facts, [...FLYTE_WORKFLOW_LABELS])}: the default ${fallback} (set the workflow label to a label whose value starts with the execution id)`,
    decidedBy: facts.pipelineKnown ? 'workspace' : 'loki',
  };
}
