// What LogQL offers, in one table per kind of word: the rules Loki applies to each (used by the checks) and a
// short explanation in our own words (used by hover and completion).

export type UnwrapRule = 'required' | 'optional' | 'forbidden';

export interface RangeFunction {
  name: string;
  doc: string;
  /** Whether the log range needs `| unwrap <label>` (Loki: "invalid aggregation X with/without unwrap"). */
  unwrap: UnwrapRule;
  /** Whether `by (...)`/`without (...)` may follow the call. */
  grouping: boolean;
  /** quantile_over_time takes a leading numeric parameter. */
  param: boolean;
}

export const RANGE_FUNCTIONS: RangeFunction[] = [
  { name: 'count_over_time', doc: 'Number of log lines per stream in each range window.', unwrap: 'forbidden', grouping: false, param: false },
  { name: 'rate', doc: 'Log lines per second in each range window; with `unwrap`, the per-second rate of the summed values.', unwrap: 'optional', grouping: false, param: false },
  { name: 'rate_counter', doc: 'Per-second rate of an unwrapped counter value, treating decreases as counter resets.', unwrap: 'required', grouping: false, param: false },
  { name: 'bytes_over_time', doc: 'Bytes of log lines per stream in each range window.', unwrap: 'forbidden', grouping: false, param: false },
  { name: 'bytes_rate', doc: 'Bytes of log lines per second in each range window.', unwrap: 'forbidden', grouping: false, param: false },
  { name: 'absent_over_time', doc: 'Returns 1 for a window in which the selector matched no line at all; useful for alerts on silence.', unwrap: 'optional', grouping: false, param: false },
  { name: 'sum_over_time', doc: 'Sum of the unwrapped label values in each range window.', unwrap: 'required', grouping: false, param: false },
  { name: 'avg_over_time', doc: 'Average of the unwrapped label values in each range window.', unwrap: 'required', grouping: true, param: false },
  { name: 'min_over_time', doc: 'Smallest unwrapped label value in each range window.', unwrap: 'required', grouping: true, param: false },
  { name: 'max_over_time', doc: 'Largest unwrapped label value in each range window.', unwrap: 'required', grouping: true, param: false },
  { name: 'stddev_over_time', doc: 'Population standard deviation of the unwrapped values in each range window.', unwrap: 'required', grouping: true, param: false },
  { name: 'stdvar_over_time', doc: 'Population variance of the unwrapped values in each range window.', unwrap: 'required', grouping: true, param: false },
  { name: 'quantile_over_time', doc: 'The φ-quantile (0 ≤ φ ≤ 1, first argument) of the unwrapped values in each range window.', unwrap: 'required', grouping: true, param: true },
  { name: 'first_over_time', doc: 'The first (oldest) unwrapped value in each range window.', unwrap: 'required', grouping: true, param: false },
  { name: 'last_over_time', doc: 'The last (newest) unwrapped value in each range window.', unwrap: 'required', grouping: true, param: false },
];

export interface VectorOperator {
  name: string;
  doc: string;
  /** topk/bottomk/approx_topk take a positive integer first argument; the others take none. */
  param: boolean;
  /** sort/sort_desc refuse `by`/`without`. */
  grouping: boolean;
}

export const VECTOR_OPERATORS: VectorOperator[] = [
  { name: 'sum', doc: 'Adds the sample values, per group of `by (...)` labels.', param: false, grouping: true },
  { name: 'avg', doc: 'Average of the sample values per group.', param: false, grouping: true },
  { name: 'min', doc: 'Smallest sample value per group.', param: false, grouping: true },
  { name: 'max', doc: 'Largest sample value per group.', param: false, grouping: true },
  { name: 'count', doc: 'Number of series per group (not the number of log lines: use `count_over_time` for that).', param: false, grouping: true },
  { name: 'stddev', doc: 'Population standard deviation of the sample values per group.', param: false, grouping: true },
  { name: 'stdvar', doc: 'Population variance of the sample values per group.', param: false, grouping: true },
  { name: 'topk', doc: 'The k series with the largest values (k is the first argument), per group.', param: true, grouping: true },
  { name: 'bottomk', doc: 'The k series with the smallest values (k is the first argument), per group.', param: true, grouping: true },
  { name: 'approx_topk', doc: 'An approximate, cheaper `topk` for high-cardinality queries (k is the first argument).', param: true, grouping: true },
  { name: 'sort', doc: 'Orders the series by value, ascending (no grouping).', param: false, grouping: false },
  { name: 'sort_desc', doc: 'Orders the series by value, descending (no grouping).', param: false, grouping: false },
];

export interface StageInfo {
  name: string;
  doc: string;
  /** Completion snippet after `| `. */
  snippet: string;
}

export const PIPELINE_STAGES: StageInfo[] = [
  { name: 'json', doc: 'Parser: extracts the fields of a JSON log line as labels (nested keys joined with `_`); `json a="path.to.field"` extracts only the listed fields.', snippet: 'json' },
  { name: 'logfmt', doc: 'Parser: extracts `key=value` pairs as labels. Flags: `--strict` stops at malformed pairs, `--keep-empty` keeps empty values.', snippet: 'logfmt' },
  { name: 'pattern', doc: 'Parser: matches the line against a template such as `"<ip> - <_> [<ts>] \\"<method> <path>\\""`; `<name>` captures a label, `<_>` skips.', snippet: 'pattern "${1:<_> <field> <_>}"' },
  { name: 'regexp', doc: 'Parser: extracts the named groups `(?P<name>...)` of an RE2 regex as labels.', snippet: 'regexp "${1:(?P<name>\\\\w+)}"' },
  { name: 'unpack', doc: 'Parser: unpacks lines packed by Promtail/Alloy\'s `pack` stage, restoring the embedded labels and line.', snippet: 'unpack' },
  { name: 'line_format', doc: 'Rewrites the log line with a Go template, e.g. `line_format "{{.level}} {{.msg}}"`.', snippet: 'line_format "${1:{{.message}}}"' },
  { name: 'label_format', doc: 'Renames labels (`new=old`) or sets them from a Go template (`new="{{.a}}-{{.b}}"`).', snippet: 'label_format ${1:new}=${2:old}' },
  { name: 'decolorize', doc: 'Removes ANSI colour escape sequences from the line.', snippet: 'decolorize' },
  { name: 'drop', doc: 'Removes the listed labels (or only those whose value matches, e.g. `drop level="debug"`).', snippet: 'drop ${1:label}' },
  { name: 'keep', doc: 'Keeps only the listed labels and removes all others.', snippet: 'keep ${1:label}' },
  { name: 'unwrap', doc: 'Turns a label\'s value into the sample value for `sum_over_time`, `avg_over_time`, `rate`, ...; wrap with `bytes()`, `duration()` or `duration_seconds()` to convert units.', snippet: 'unwrap ${1:label}' },
];

export const LINE_FILTER_OPERATORS: Record<string, string> = {
  '|=': 'Line filter: keeps lines that contain the string (case-sensitive).',
  '!=': 'Line filter: drops lines that contain the string.',
  '|~': 'Line filter: keeps lines in which the RE2 regex matches somewhere (use `(?i)` for case-insensitive).',
  '!~': 'Line filter: drops lines in which the RE2 regex matches.',
  '|>': 'Line filter: keeps lines that match a pattern such as `"<_> error <_>"` (`<_>` matches anything).',
  '!>': 'Line filter: drops lines that match the pattern.',
};

export const MATCHER_OPERATORS: Record<string, string> = {
  '=': 'Label matcher: the label equals the string exactly.',
  '!=': 'Label matcher: the label differs from the string (a missing label counts as empty).',
  '=~': 'Label matcher: the whole label value matches the RE2 regex (it is anchored at both ends).',
  '!~': 'Label matcher: the whole label value does not match the RE2 regex.',
};

export const KEYWORDS: Record<string, string> = {
  by: 'Groups the aggregation by the listed labels; all other labels are dropped from the result.',
  without: 'Groups the aggregation by all labels except the listed ones.',
  offset: 'Shifts the range window back in time, e.g. `[5m] offset 1h` looks at the same five minutes an hour earlier.',
  bool: 'Makes a comparison return 0 or 1 instead of filtering series out.',
  on: 'Binary operation: match series only on the listed labels.',
  ignoring: 'Binary operation: match series ignoring the listed labels.',
  group_left: 'Binary operation: many-to-one matching, keeping the left side\'s labels.',
  group_right: 'Binary operation: one-to-many matching, keeping the right side\'s labels.',
  and: 'Set intersection of two metric queries, or a conjunction of label filters.',
  or: 'Set union of two metric queries, or an alternative in label and line filters.',
  unless: 'The left-hand series that have no match on the right-hand side.',
  ip: 'Matches IPv4/IPv6 addresses, CIDR ranges (`192.168.0.0/16`) or ranges (`10.0.0.1-10.0.0.9`), in line or label filters.',
  vector: 'A constant metric value with no labels, e.g. `or vector(0)` to fill gaps.',
  label_replace: '`label_replace(expr, "dst", "$1", "src", "regex")` sets `dst` from the RE2 `regex` match on `src`.',
  bytes: 'unwrap conversion: parses values like `1.5MB` or `42 KiB` into bytes.',
  duration: 'unwrap conversion: parses Go durations like `1m30s` into seconds.',
  duration_seconds: 'unwrap conversion: parses Go durations like `250ms` into seconds.',
};

export const PARSER_FLAGS: Record<string, string> = {
  '--strict': 'logfmt: stop with an `__error__` at the first malformed pair instead of skipping it.',
  '--keep-empty': 'logfmt: keep pairs whose value is empty as labels.',
};

export const rangeFunction = (name: string) => RANGE_FUNCTIONS.find((f) => f.name === name);
export const vectorOperator = (name: string) => VECTOR_OPERATORS.find((f) => f.name === name);
export const pipelineStage = (name: string) => PIPELINE_STAGES.find((s) => s.name === name);

/** Every function-like word, for "did you mean" on unknown functions. */
export const FUNCTION_NAMES = [
  ...RANGE_FUNCTIONS.map((f) => f.name),
  ...VECTOR_OPERATORS.map((f) => f.name),
  'label_replace',
  'vector',
];

/** The labels lb pushes with every stream (docs/FACTS.md, "Loki push"), offered when no Loki answers. */
export const LB_LABELS = ['component', 'host', 'run_id', 'workload', 'package', 'plugin', 'scenario', 'repetition', 'phase'];
