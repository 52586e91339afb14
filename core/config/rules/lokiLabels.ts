// Checks of a `loki` block's labels that Loki would otherwise reject at push time. (The endpoint's http(s)
// form is a pattern in the schema.)
import type { Node } from 'jsonc-parser';
import {
  LB_BUILTIN_LOKI_LABELS,
  LOKI_LABEL_NAME,
  LOKI_MAX_LABEL_NAME_LENGTH,
  LOKI_MAX_LABEL_NAMES,
  LOKI_MAX_LABEL_VALUE_LENGTH,
} from '../lbFacts';
import { child, objectEntries, RuleReporter } from './ruleContext';

export function checkLokiLabels(loki: Node | undefined, reporter: RuleReporter): void {
  if (loki?.type !== 'object') return;
  const labels = child(loki, 'labels');
  const entries = objectEntries(labels);
  for (const { key, keyNode, value } of entries) {
    if (key.startsWith('__')) {
      reporter.error(keyNode, 'loki-label-reserved', `Loki label name "${key}" starts with "__", which Loki reserves for itself.`);
    } else if (!LOKI_LABEL_NAME.test(key)) {
      reporter.error(
        keyNode,
        'loki-label-invalid',
        `"${key}" is not a valid Loki label name: use letters, digits and "_" only, not starting with a digit (Loki rejects the push with 400).`,
      );
    } else if (key.length > LOKI_MAX_LABEL_NAME_LENGTH) {
      reporter.error(keyNode, 'loki-label-too-long', `Loki label name is ${key.length} characters long; Loki allows at most ${LOKI_MAX_LABEL_NAME_LENGTH}.`);
    }
    if (value.type === 'string' && String(value.value).length > LOKI_MAX_LABEL_VALUE_LENGTH) {
      reporter.error(value, 'loki-label-value-too-long', `Loki label value is ${String(value.value).length} characters long; Loki allows at most ${LOKI_MAX_LABEL_VALUE_LENGTH}.`);
    }
  }
  const extra = new Set(entries.map((e) => e.key).filter((k) => !LB_BUILTIN_LOKI_LABELS.includes(k)));
  const total = LB_BUILTIN_LOKI_LABELS.length + extra.size;
  if (labels && total > LOKI_MAX_LABEL_NAMES) {
    reporter.warning(
      labels,
      'loki-too-many-labels',
      `Streams can carry ${total} label names: lb's ${LB_BUILTIN_LOKI_LABELS.length} own labels (${LB_BUILTIN_LOKI_LABELS.join(', ')}) plus ${extra.size} static ones here. ` +
        `Loki accepts at most ${LOKI_MAX_LABEL_NAMES} per stream by default and rejects the rest with 400, so lb drops those batches. Remove ${total - LOKI_MAX_LABEL_NAMES} static label(s).`,
      undefined,
      true,
    );
  }
}
