// Labels that make sample lines reach a pipeline's stage.match blocks: the `name="value"` matchers of their
// selectors (read with Grafana's LogQL grammar), offered as the sample's labels when the source has none.
import { decodeLogQLString } from '../../logql/goStrings';
import { child, parseLogQL } from '../../logql/syntaxTree';
import type { StageSpec } from './model';

export function selectorLabels(stages: StageSpec[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const stage of stages) {
    if (stage.type !== 'match' || typeof stage.config.selector !== 'string') continue;
    const selector = stage.config.selector;
    parseLogQL(selector).iterate({
      enter: (node) => {
        if (node.name !== 'Matcher') return;
        const name = child(node.node, 'Identifier');
        const value = child(node.node, 'String');
        if (!name || !value || !child(node.node, 'Eq')) return;
        const decoded = decodeLogQLString(selector.slice(value.from, value.to));
        labels[selector.slice(name.from, name.to)] ??= decoded.value;
      },
    });
    Object.assign(labels, { ...selectorLabels(stage.stages ?? []), ...labels });
  }
  return labels;
}
