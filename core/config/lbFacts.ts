// Facts about lb 0.67 that the checks rely on (shared/docs/lb-facts.md).

/** Labels lb sets itself on each Loki stream (each only when the record has it). */
export const LB_BUILTIN_LOKI_LABELS = ['component', 'host', 'run_id', 'workload', 'package', 'plugin', 'scenario', 'repetition', 'phase'];

/** Loki's default `max_label_names_per_series`. */
export const LOKI_MAX_LABEL_NAMES = 15;
export const LOKI_MAX_LABEL_NAME_LENGTH = 1024;
export const LOKI_MAX_LABEL_VALUE_LENGTH = 2048;
export const LOKI_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Plugins without intensity presets: lb warns and keeps the options as given. */
export function pluginHasPresets(plugin: string): boolean {
  return !(plugin === 'dfaas' || plugin === 'peva_faas' || plugin.startsWith('pts_'));
}

/** The run config keys a platform.json replaces when it sets them. */
export const PLATFORM_OVERRIDDEN_KEYS = ['output_dir', 'report_dir', 'data_export_dir', 'loki'];

/** Defaults lb uses in the dfaas cross-field rules when a key is absent. */
export const DFAAS_DEFAULTS = {
  openfaas_port: 31112,
  prometheus_port: 30411,
  sshPort: 22,
  rateStrategyMinRate: { linear: 0, random: 10 } as Record<string, number>,
  combinations: { min_functions: 1, max_functions: 2 },
};
