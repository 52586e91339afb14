// Loki's rules for label names and for what makes a good label. Every distinct value of a label makes a new
// stream; a label fed by an unbounded value (a timestamp, a date, an id, a duration, a number) creates a
// stream per value, which Loki answers with rate limits, tiny chunks and slow queries ("stream explosion").

/** Names LogQL can select; Prometheus' legacy rule, which Loki's query language keeps. */
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Loki's default limits_config.max_label_names_per_series. */
export const MAX_LABEL_NAMES = 15;

const UNBOUNDED: Array<[RegExp, string]> = [
  [/(^|_)(execution|logical|run|start|end|event|created|updated)_?(date|time|ts)$/, 'a date or time'],
  [/(^|_)(timestamp|datetime|date|time|ts)$/, 'a timestamp'],
  // Not run_id: lb's own push and the product's links use a run_id label (one stream set per run).
  [/(^|_)(request|req|trace|span|correlation|session|job|task_instance|pod|event|message|msg)_?(id|uid)$/, 'an id'],
  [/^(id|uid|uuid|guid)$|_(uuid|guid|uid)$/, 'an id'],
  [/(^|_)(duration|elapsed|latency|took|runtime)(_(ms|us|ns|s|seconds|millis))?$/, 'a duration'],
  [/(^|_)(count|size|bytes|offset|lineno|pid|seq|sequence|number|num)$/, 'a number'],
];

/** Why the values of a label of this name are unbounded, or undefined when the name looks bounded. */
export function unboundedKind(name: string): string | undefined {
  const lower = name.toLowerCase();
  // An id of a bounded thing (dag_id, task_id, map_index) is a good label: it names code, not runs.
  if (/^(dag|task|flow|workflow|node|app|service|container|namespace|cluster|tenant|project|domain|workload|plugin)_?(id|name)$/.test(lower)) {
    return undefined;
  }
  return UNBOUNDED.find(([re]) => re.test(lower))?.[1];
}
