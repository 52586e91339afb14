// Options lb never reads: those of a disabled workload (lb skips it) and those an intensity preset replaces.
// Their mistakes do not stop a run, so they are reported as warnings that say why.
import type { JSONPath, Node } from 'jsonc-parser';
import { laxBoolean } from '../laxValues';
import { LB_PRESET_INTENSITIES, pluginHasPresets } from '../lbFacts';
import { child, objectEntries } from './ruleContext';

/** Why lb does not read the `options` of this workload, or undefined when it does. */
export function unreadOptionsReason(name: string, workload: Node): string | undefined {
  if (workload.type !== 'object') return undefined;
  if (laxBoolean(child(workload, 'enabled')) === false) {
    return `lb does not read the options of workload "${name}" while it is disabled; this fails once it is enabled.`;
  }
  const plugin = child(workload, 'plugin');
  const intensity = child(workload, 'intensity');
  if (plugin?.type !== 'string' || intensity?.type !== 'string') return undefined;
  if (LB_PRESET_INTENSITIES.includes(String(intensity.value)) && pluginHasPresets(String(plugin.value))) {
    return `lb does not read it: intensity "${intensity.value}" replaces the options of workload "${name}" with lb's preset.`;
  }
  return undefined;
}

/** For schema diagnostics: why lb does not read the value at `path` of a run config, if it does not. */
export function unreadRunConfigValue(root: Node): (path: JSONPath) => string | undefined {
  const reasons = new Map<string, string>();
  for (const { key, value } of objectEntries(child(root, 'workloads'))) {
    const reason = unreadOptionsReason(key, value);
    if (reason) reasons.set(key, reason);
  }
  // Inside `options` only: lb's run config model checks that `options` itself is an object whatever the workload.
  return (path) => (path.length > 3 && path[0] === 'workloads' && path[2] === 'options' ? reasons.get(String(path[1])) : undefined);
}
