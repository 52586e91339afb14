// Rules about workloads that lb only warns about in its logs, or not at all.
import type { Node } from 'jsonc-parser';
import { didYouMean } from '../didYouMean';
import { pluginHasPresets } from '../lbFacts';
import { checkDfaasSettings, DFAAS_PLUGINS } from './dfaas';
import { child, MergedObject, objectEntries, RuleReporter } from './ruleContext';

export function checkWorkloads(root: Node, builtinPlugins: string[], reporter: RuleReporter): void {
  const pluginSettings = child(root, 'plugin_settings');
  for (const { key: name, value: workload } of objectEntries(child(root, 'workloads'))) {
    if (workload.type !== 'object') continue;
    const pluginNode = child(workload, 'plugin');
    if (pluginNode?.type !== 'string') continue;
    const plugin = String(pluginNode.value);
    if (!builtinPlugins.includes(plugin)) {
      const suggestion = didYouMean(plugin, builtinPlugins);
      reporter.warning(
        pluginNode,
        'unknown-plugin',
        `"${plugin}" is not a built-in lb plugin.${suggestion ? ` Did you mean "${suggestion}"?` : ''} It works only if installed as a user plugin ` +
          `(entry point linux_benchmark.workloads or $LB_USER_PLUGIN_DIR). Built-in plugins: ${builtinPlugins.join(', ')}.`,
        suggestion ? { suggestion } : undefined,
      );
      continue;
    }
    const options = child(workload, 'options');
    const intensity = child(workload, 'intensity');
    const intensityValue = intensity?.type === 'string' ? String(intensity.value) : 'user_defined';
    const hasOptions = options?.type === 'object' && (options.children?.length ?? 0) > 0;
    if (intensity && intensityValue !== 'user_defined') {
      if (!pluginHasPresets(plugin)) {
        reporter.warning(
          intensity,
          'intensity-without-preset',
          `${plugin} has no "${intensityValue}" preset: lb warns and runs workload "${name}" with its options as given. Use "user_defined".`,
        );
      } else if (hasOptions) {
        reporter.warning(
          intensity,
          'intensity-replaces-options',
          `intensity "${intensityValue}" replaces the options of workload "${name}" with lb's ${plugin} preset, so the options here are ignored. ` +
            'Set intensity to "user_defined" to use them.',
        );
      }
    }
    if (DFAAS_PLUGINS.includes(plugin) && options?.type === 'object') {
      checkDfaasSettings(plugin, new MergedObject([options, child(pluginSettings, plugin)]), reporter);
    }
  }
  for (const plugin of DFAAS_PLUGINS) {
    const settings = child(pluginSettings, plugin);
    if (settings?.type === 'object') checkDfaasSettings(plugin, new MergedObject([settings]), reporter);
  }
}
