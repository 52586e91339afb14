// The workspace label model as its readers see it (LogQL's label warnings through the validators' environment,
// links, hover): what it knows about one label (who produces it, how it reaches Loki, and where) and the questions
// it answers. A folder of its own, so that its readers name it without loading labels/, which reads Alloy and LogQL.
import type { Range } from 'vscode-languageserver-types';

export type LabelSourceKind = 'lb' | 'alloy' | 'promtail' | 'kubernetes' | 'loki';

export interface LabelProducer {
  /**
   * The label name; for a rule whose names are known only when it runs (`namePattern` set), the template it
   * expands (`$1`): WorkspaceLabels.producers(name) gives such a producer the name asked about.
   */
  name: string;
  /** Set for a rule that may produce any name this RE2 pattern matches whole (a labelmap rule, a `$1` target_label). */
  namePattern?: string;
  kind: LabelSourceKind;
  /**
   * How it reaches Loki: a stream label (selectable in `{...}`), structured metadata (label filters only), or not
   * at all: `extracted` by a pipeline stage that no stage makes a label (a LogQL parser can extract it again).
   */
  as: 'stream' | 'structured_metadata' | 'extracted';
  /** For `extracted`: the LogQL parser stage that extracts the same name from the line (`json`, `regexp "..."`). */
  parser?: string;
  /** The producing file's path and the range of the name there; absent for Loki. */
  file?: string;
  range?: Range;
  /** For people, e.g. `stage.labels in loki.process "airflow" (under stage.match {namespace="airflow"})`. */
  detail: string;
  /** The stage.match selector it applies under, if any. */
  selector?: string;
}

/** What the model answers (labels/workspaceLabels.ts keeps it current). */
export interface LabelModel {
  /** A Loki is configured but has not answered yet: a label absent from the workspace may be one Loki knows. */
  readonly lokiPending: boolean;
  /** Whether Loki's label names are known (a configured Loki answered). */
  readonly lokiKnown: boolean;
  /** Whether anything tells which labels exist: a source in the workspace or Loki's answer. */
  hasSources(): boolean;
  producers(name: string): LabelProducer[];
  /** Whether a rule whose names are known only when it runs (a labelmap rule) may produce `name`. */
  mayProduce(name: string): boolean;
  /** The producers one file holds. */
  producersIn(file: string): readonly LabelProducer[];
  /** Every name produced as a stream label by some source, or seen by Loki. */
  streamLabelNames(): string[];
  /** Every name produced by some source, as a stream label or structured metadata, or seen by Loki. */
  allLabelNames(): string[];
  /** Where labels come from, for messages: `lb (benchmark_config.json), Alloy (pipeline.alloy), Loki`. */
  sourceSummary(): string;
}
