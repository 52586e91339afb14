// The label names a relabel rule writes (Prometheus' relabelling, which Alloy and Promtail share): a fixed
// target_label, or, for a `labelmap` rule and a target_label holding `$1`/`${name}`, an open set of names known
// only when the rule runs. The open set is the replacement (or target_label) template with each group reference
// standing for anything its capture group's pattern matches: a superset of the names the rule can give, so that
// no label it may produce is ever reported unknown. When the regex cannot be read that way (flags, `\Q`), any
// label name may come from it.
import { RE2JS } from 're2js';

/** Any label name Loki accepts, as an RE2 pattern. */
export const ANY_LABEL_NAME = '[a-zA-Z_][a-zA-Z0-9_]*';

const WRITING_ACTIONS = new Set(['replace', 'hashmod', 'lowercase', 'uppercase']);

export type RuleNames =
  /** One label name. */
  | { fixed: string }
  /** Names known when the rule runs: an RE2 pattern every one of them matches, and what the rule is, for people. */
  | { pattern: string; what: string };

/**
 * What a rule writes; undefined for rules that write no label (drop, keep, labeldrop, ...) or name none. `regex`
 * and `replacement` are null when written as an expression (unknown here).
 */
export function relabelRuleNames(rule: { action?: string; targetLabel?: string; regex?: string | null; replacement?: string | null }): RuleNames | undefined {
  const action = (rule.action ?? 'replace').toLowerCase();
  const regex = rule.regex === undefined ? '(.*)' : rule.regex;
  if (action === 'labelmap') {
    const replacement = rule.replacement === undefined ? '$1' : rule.replacement;
    return { pattern: templatePattern(regex, replacement), what: `the labelmap rule (regex ${show(regex)}, replacement ${show(replacement)})` };
  }
  if (!WRITING_ACTIONS.has(action) || !rule.targetLabel) return undefined;
  if (!rule.targetLabel.includes('$')) return { fixed: rule.targetLabel };
  return { pattern: templatePattern(regex, rule.targetLabel), what: `the ${action} rule whose target_label ${show(rule.targetLabel)} takes its name from the regex ${show(regex)}` };
}

function show(value: string | null): string {
  return value === null ? '(an expression)' : JSON.stringify(value);
}

/** The names `template` expands to over `regex`'s matches, as an RE2 pattern; any name when it cannot be told. */
function templatePattern(regex: string | null, template: string | null): string {
  if (regex === null || template === null) return ANY_LABEL_NAME;
  const groups = captureGroups(regex);
  if (!groups) return ANY_LABEL_NAME;
  // Go's Regexp.Expand: `$$` is a `$`; `$name`/`${name}` a group by number or name (empty when there is none).
  const reference = /\$(?:\$|\{(\w+)\}|(\w+))/g;
  let pattern = '';
  let last = 0;
  for (let m = reference.exec(template); m; m = reference.exec(template)) {
    const name = m[1] ?? m[2];
    pattern += RE2JS.quote(template.slice(last, m.index) + (name === undefined ? '$' : ''));
    const index = name === undefined ? undefined : /^\d+$/.test(name) ? Number(name) : groups.byName.get(name);
    // `$0` is the whole match; a group that took no part in the match expands to nothing.
    if (index === 0) pattern += `(?:${regex})`;
    else if (index !== undefined && index <= groups.patterns.length) pattern += `(?:${groups.patterns[index - 1]})?`;
    last = m.index + m[0].length;
  }
  return pattern + RE2JS.quote(template.slice(last));
}

/**
 * The pattern of each capture group of an RE2 regex, by number, and the numbers of named groups; undefined when
 * a group's pattern alone would not mean what it means in place (flags, `\Q...\E`) or RE2 refuses the regex.
 * RE2's parser gives no group spans, so the spans are found here and checked against its group count.
 */
function captureGroups(regex: string): { patterns: string[]; byName: Map<string, number> } | undefined {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(regex);
  } catch {
    return undefined;
  }
  if (regex.includes('\\Q')) return undefined;
  const patterns: string[] = [];
  const byName = new Map<string, number>();
  const open: Array<{ from: number; index?: number }> = [];
  for (let i = 0; i < regex.length; i++) {
    const ch = regex[i];
    if (ch === '\\') i++;
    else if (ch === '[') i = classEnd(regex, i);
    else if (ch === ')') {
      const group = open.pop();
      if (group?.index !== undefined) patterns[group.index - 1] = regex.slice(group.from, i);
    } else if (ch === '(') {
      const named = /^\(\?P?<(\w+)>/.exec(regex.slice(i));
      if (regex[i + 1] === '?' && !named) {
        if (regex[i + 2] !== ':') return undefined;
        open.push({ from: i + 3 });
        i += 2;
        continue;
      }
      // Groups are numbered in the order they open.
      patterns.push('');
      if (named) byName.set(named[1], patterns.length);
      open.push({ from: i + (named ? named[0].length : 1), index: patterns.length });
      if (named) i += named[0].length - 1;
    }
  }
  return patterns.length === compiled.groupCount() ? { patterns, byName } : undefined;
}

/** The offset of the `]` that closes the character class opened at `start` (a `]` first in it is a literal). */
function classEnd(regex: string, start: number): number {
  let i = start + 1;
  if (regex[i] === '^') i++;
  if (regex[i] === ']') i++;
  for (; i < regex.length; i++) {
    if (regex[i] === '\\') i++;
    else if (regex.startsWith('[:', i)) i = Math.max(i, regex.indexOf(':]', i + 2) + 1);
    else if (regex[i] === ']') return i;
  }
  return regex.length;
}
