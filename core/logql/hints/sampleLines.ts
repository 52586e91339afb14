// What a sample of a stream's lines looks like: JSON (and whether they are lb's records), packed by Alloy's or
// Promtail's `pack` stage, logfmt, or plain text with fields separated by spaces (a `pattern` is proposed).
// Decides which parser a query over these lines needs.

export type LineFormat = 'lb' | 'json' | 'packed' | 'logfmt' | 'text';

export interface SampleVerdict {
  /** The format most lines have, when at least FORMAT_SHARE of them have it. */
  format?: LineFormat;
  lines: number;
  /** Lines that are not JSON objects (a `json` parser marks them with `__error__="JSONParserErr"`). */
  notJson: number;
  /** Keys of the JSON lines as the `json` parser names them (nested keys joined with `_`). */
  jsonLabels: Set<string>;
  /** Keys of the logfmt lines. */
  logfmtLabels: Set<string>;
  /** A `pattern` expression for plain text lines, from the first of them. */
  pattern?: string;
}

const FORMAT_SHARE = 0.8;
const MAX_DEPTH = 32;
/** lb's required record fields (docs/FACTS.md, "JSONL log record"). */
const LB_FIELDS = ['timestamp', 'level', 'component', 'host', 'run_id', 'logger', 'message'];
/** A line of logfmt pairs only, as go-logfmt reads them: `key=value`, `key="quoted value"` or a bare `key`. */
const LOGFMT = /^\s*[^\s="]+=(?:"(?:[^"\\]|\\.)*"|[^\s"]*)(?:\s+[^\s="]+(?:=(?:"(?:[^"\\]|\\.)*"|[^\s"]*))?)+\s*$/;
const LEVEL_WORDS = /^\[?(trace|debug|info|notice|warn|warning|error|err|critical|crit|fatal|panic)\]?:?$/i;
const TIME_LIKE = /^\[?\d{2,4}[-/:]\d{2}[-/:T\d.:+Z,]*\]?$/;

export function classifyLine(line: string): LineFormat | undefined {
  const trimmed = line.trim();
  if (trimmed.startsWith('{')) {
    const value = parseObject(trimmed);
    if (value) {
      if (typeof value._entry === 'string') return 'packed';
      return LB_FIELDS.every((f) => f in value) ? 'lb' : 'json';
    }
  }
  if (LOGFMT.test(trimmed)) return 'logfmt';
  return trimmed.split(/\s+/).length >= 2 ? 'text' : undefined;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function judgeSample(lines: string[]): SampleVerdict {
  const counts = new Map<LineFormat, number>();
  const jsonLabels = new Set<string>();
  const logfmtLabels = new Set<string>();
  let notJson = 0;
  let firstText: string | undefined;
  for (const line of lines) {
    const format = classifyLine(line);
    if (format) counts.set(format, (counts.get(format) ?? 0) + 1);
    if (format === 'lb' || format === 'json' || format === 'packed') flatKeys(parseObject(line.trim())!, '', jsonLabels);
    else notJson++;
    if (format === 'logfmt') for (const m of line.matchAll(/(?:^|\s)([^\s="]+)=/g)) logfmtLabels.add(m[1]);
    if (format === 'text') firstText ??= line;
  }
  // lb's records are JSON too: they count for `json` when lb's alone are too few.
  const jsonLike = (counts.get('lb') ?? 0) + (counts.get('json') ?? 0);
  let format = [...counts].find(([, n]) => n >= FORMAT_SHARE * lines.length)?.[0];
  if (!format && jsonLike >= FORMAT_SHARE * lines.length) format = 'json';
  const verdict: SampleVerdict = { format, lines: lines.length, notJson, jsonLabels, logfmtLabels };
  if (format === 'text' && firstText) verdict.pattern = patternFor(firstText);
  return verdict;
}

/** Label names Loki's json parser gives: nested keys joined with `_`, characters outside [a-zA-Z0-9_] as `_`. */
function flatKeys(value: Record<string, unknown>, prefix: string, into: Set<string>, depth = 0): void {
  // A line can nest objects thousands deep; labels that deep are no use to a hint.
  if (depth > MAX_DEPTH) return;
  for (const [key, v] of Object.entries(value)) {
    const name = prefix + key.replace(/[^A-Za-z0-9_]/g, '_');
    if (v && typeof v === 'object' && !Array.isArray(v)) flatKeys(v as Record<string, unknown>, `${name}_`, into, depth + 1);
    else into.add(name);
  }
}

/**
 * A pattern for a line of space-separated fields: the first words named by what they look like (`ts`, `level`,
 * `f1`...), the rest of the line skipped with `<_>`. Captures are separated by the spaces, as Loki requires.
 */
export function patternFor(line: string): string {
  const words = line.trim().split(/\s+/).slice(0, 4);
  const names: string[] = [];
  const used = new Set<string>();
  for (const [i, word] of words.entries()) {
    let name = TIME_LIKE.test(word) && !used.has('ts') ? 'ts' : LEVEL_WORDS.test(word) && !used.has('level') ? 'level' : `f${i + 1}`;
    if (i === words.length - 1 && line.trim().split(/\s+/).length > words.length) name = '_';
    used.add(name);
    names.push(`<${name}>`);
  }
  return names.join(' ');
}
