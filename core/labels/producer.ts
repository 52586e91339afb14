// What the workspace label model knows about one label: who produces it, how it reaches Loki, and where.
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
