// What the workspace label model knows about one label: who produces it, how it reaches Loki, and where.
import type { Range } from 'vscode-languageserver-types';

export type LabelSourceKind = 'lb' | 'alloy' | 'promtail' | 'kubernetes' | 'loki';

export interface LabelProducer {
  /** The label name. */
  name: string;
  kind: LabelSourceKind;
  /** How it reaches Loki: a stream label (selectable in `{...}`) or structured metadata (label filters only). */
  as: 'stream' | 'structured_metadata';
  /** The producing file's path and the range of the name there; absent for Loki. */
  file?: string;
  range?: Range;
  /** For people, e.g. `stage.labels in loki.process "airflow" (under stage.match {namespace="airflow"})`. */
  detail: string;
  /** The stage.match selector it applies under, if any. */
  selector?: string;
}
