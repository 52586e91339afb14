// Facts about lb 0.67 that the checks rely on (docs/FACTS.md, "lb").

/** Labels lb sets itself on each Loki stream (each only when the record has it). */
export const LB_BUILTIN_LOKI_LABELS = ['component', 'host', 'run_id', 'workload', 'package', 'plugin', 'scenario', 'repetition', 'phase'];

/** Loki's default `max_label_names_per_series`. */
export const LOKI_MAX_LABEL_NAMES = 15;
export const LOKI_MAX_LABEL_NAME_LENGTH = 1024;
export const LOKI_MAX_LABEL_VALUE_LENGTH = 2048;
export const LOKI_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * The intensity levels lb knows (case-sensitive). Any other string loads: lb logs "Invalid intensity level" and
 * runs the options as given.
 */
export const LB_INTENSITIES = ['user_defined', 'low', 'medium', 'high'];

/** The levels whose preset replaces a workload's options (on plugins that have presets). */
export const LB_PRESET_INTENSITIES = ['low', 'medium', 'high'];

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
  /** Per rate strategy type: its lower and upper key (in that order) with their defaults; lb requires upper >= lower. */
  rateStrategyBounds: {
    linear: { min_rate: 0, max_rate: 200 },
    random: { min_rate: 10, max_rate: 200 },
    exponential: { min_power: 0, max_power: 8 },
  } as Record<string, Record<string, number>>,
  combinations: { min_functions: 1, max_functions: 2 },
};
