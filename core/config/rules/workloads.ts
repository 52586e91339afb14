// Rules about workloads that lb only warns about in its logs, or not at all.
import type { Node } from 'jsonc-parser';
import type { ValidationEnvironment } from '../../diagnostics/types';
import { didYouMean } from '../../text/didYouMean';
import { LB_INTENSITIES, LB_PRESET_INTENSITIES, pluginHasPresets } from '../lbFacts';
import { checkDfaasSettings, DFAAS_PLUGINS } from './dfaas';
import { child, MergedObject, objectEntries, RuleReporter, UnreadReporter } from './ruleContext';
import { unreadOptionsReason } from './unreadOptions';

function checkIntensity(name: string, plugin: string, intensity: Node | undefined, options: Node | undefined, reporter: RuleReporter): void {
  if (intensity?.type !== 'string') return;
  const value = String(intensity.value);
  if (!LB_INTENSITIES.includes(value)) {
    const suggestion = didYouMean(value, LB_INTENSITIES);
    reporter.warning(
      intensity,
      'unknown-intensity',
      `"${value}" is not an intensity lb knows (${LB_INTENSITIES.join(', ')}; case matters): lb logs "Invalid intensity level" and runs workload "${name}" with its options as given.` +
        (suggestion ? ` Did you mean "${suggestion}"?` : ''),
      suggestion ? { suggestion } : undefined,
    );
    return;
  }
  if (!LB_PRESET_INTENSITIES.includes(value)) return;
  if (!pluginHasPresets(plugin)) {
    reporter.warning(
      intensity,
      'intensity-without-preset',
      `${plugin} has no "${value}" preset: lb warns and runs workload "${name}" with its options as given. Use "user_defined".`,
    );
  } else if (options?.type === 'object' && (options.children?.length ?? 0) > 0) {
    reporter.warning(
      intensity,
      'intensity-replaces-options',
      `intensity "${value}" replaces the options of workload "${name}" with lb's ${plugin} preset, so the options here are ignored. ` +
        'Set intensity to "user_defined" to use them.',
    );
  }
}

export function checkWorkloads(root: Node, builtinPlugins: string[], reporter: RuleReporter, env: ValidationEnvironment): void {
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
    checkIntensity(name, plugin, child(workload, 'intensity'), options, reporter);
    if (DFAAS_PLUGINS.includes(plugin) && options?.type === 'object') {
      const unread = unreadOptionsReason(name, workload);
      const target = unread ? new UnreadReporter(reporter, options, unread) : reporter;
      checkDfaasSettings(plugin, new MergedObject([options, child(pluginSettings, plugin)]), target, env);
    }
  }
  for (const plugin of DFAAS_PLUGINS) {
    const settings = child(pluginSettings, plugin);
    if (settings?.type === 'object') checkDfaasSettings(plugin, new MergedObject([settings]), reporter, env);
  }
}
