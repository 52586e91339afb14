// lb's own dfaas/peva_faas rules (raised by its pydantic models only when the run starts). Values are read as
// lb converts them ("10" is 10), so that a rule compares what lb compares.
import type { Node } from 'jsonc-parser';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';
import type { ValidationEnvironment } from '../../diagnostics/types';
import { laxNumber as numberOf } from '../laxValues';
import { DFAAS_DEFAULTS } from '../lbFacts';
import { child, MergedObject, RuleReporter } from './ruleContext';

export const DFAAS_PLUGINS = ['dfaas', 'peva_faas'];

/** rate_strategy.min_rate as lb computes it (strategies without one count as 0; a legacy `rates` may set it). */
function effectiveMinRate(settings: MergedObject): { value: number; node?: Node } {
  const strategy = settings.get('rate_strategy');
  if (strategy?.type === 'object') {
    const type = child(strategy, 'type');
    const typeName = type?.type === 'string' ? String(type.value) : 'linear';
    const fallback = DFAAS_DEFAULTS.rateStrategyMinRate[typeName];
    // exponential and custom have no min_rate: lb ignores one written there and compares with 0.
    if (fallback === undefined) return { value: 0 };
    const minRate = child(strategy, 'min_rate');
    return { value: numberOf(minRate) ?? fallback, node: minRate };
  }
  const legacy = numberOf(child(settings.get('rates'), 'min_rate'));
  return { value: legacy ?? 0 };
}

function checkFunctions(settings: MergedObject, reporter: RuleReporter): void {
  const functions = settings.get('functions');
  if (functions?.type !== 'array') return;
  const seen = new Map<string, number>();
  const minRate = effectiveMinRate(settings);
  (functions.children ?? []).forEach((fn, index) => {
    const name = child(fn, 'name');
    if (name?.type === 'string') {
      const value = String(name.value);
      const previous = seen.get(value);
      if (previous === undefined) seen.set(value, index);
      else reporter.error(name, 'dfaas-duplicate-function', `Function "${value}" is already listed as functions[${previous}]: lb requires unique function names.`);
    }
    const maxRateNode = child(fn, 'max_rate');
    const maxRate = numberOf(maxRateNode);
    if (maxRateNode && maxRate !== undefined && maxRate < minRate.value) {
      reporter.error(
        maxRateNode,
        'dfaas-max-rate-below-min',
        `functions[${index}].max_rate (${maxRate}) must be at least rate_strategy.min_rate (${minRate.value}); lb refuses to start otherwise.`,
      );
    }
  });
}

function checkPorts(settings: MergedObject, sshPortKey: 'k6_port' | 'k3s_port', reporter: RuleReporter): void {
  const openfaasNode = settings.get('openfaas_port');
  const prometheusNode = settings.get('prometheus_port');
  const k6Node = settings.get(sshPortKey);
  const openfaas = numberOf(openfaasNode) ?? DFAAS_DEFAULTS.openfaas_port;
  const prometheus = numberOf(prometheusNode) ?? DFAAS_DEFAULTS.prometheus_port;
  const k6 = numberOf(k6Node) ?? DFAAS_DEFAULTS.sshPort;
  if (openfaas === prometheus) {
    const at = prometheusNode ?? openfaasNode;
    if (at) reporter.error(at, 'dfaas-port-clash', `openfaas_port and prometheus_port must be different (both are ${openfaas}).`);
  }
  if (openfaas === k6) {
    const at = k6Node ?? openfaasNode;
    if (at) reporter.error(at, 'dfaas-port-clash', `openfaas_port and ${sshPortKey} (SSH) must be different (both are ${openfaas}).`);
  }
}

function checkCombinations(settings: MergedObject, reporter: RuleReporter): void {
  const combinations = settings.get('combinations');
  if (combinations?.type !== 'object') return;
  const minNode = child(combinations, 'min_functions');
  const maxNode = child(combinations, 'max_functions');
  const min = numberOf(minNode) ?? DFAAS_DEFAULTS.combinations.min_functions;
  const max = numberOf(maxNode) ?? DFAAS_DEFAULTS.combinations.max_functions;
  if (max <= min) {
    const at = maxNode ?? minNode ?? combinations;
    reporter.error(
      at,
      'dfaas-combinations',
      `combinations.max_functions (${max}) must be greater than min_functions (${min}): max_functions is exclusive.`,
    );
  }
}

/** lb's bounds rules of each rate strategy: the upper key must not be below the lower one. */
function checkRateStrategy(settings: MergedObject, reporter: RuleReporter): void {
  const strategy = settings.get('rate_strategy');
  if (strategy?.type !== 'object') return;
  const type = child(strategy, 'type');
  const rule = type?.type === 'string' ? DFAAS_DEFAULTS.rateStrategyBounds[String(type.value)] : undefined;
  if (!rule) return;
  const [lowKey, highKey] = Object.keys(rule);
  const lowNode = child(strategy, lowKey);
  const highNode = child(strategy, highKey);
  const low = numberOf(lowNode) ?? rule[lowKey];
  const high = numberOf(highNode) ?? rule[highKey];
  const at = highNode ?? lowNode;
  if (at && high < low) {
    reporter.error(
      at,
      'dfaas-rate-strategy-bounds',
      `rate_strategy.${highKey} (${high}) must be at least rate_strategy.${lowKey} (${low}); lb refuses these settings otherwise.`,
    );
  }
}

/**
 * lb loads `config_path` (with `~` expanded) when the plugin's settings are read and stops if it is missing. The
 * file may exist only where lb runs, so a missing one is a warning; relative paths are taken from the config's folder.
 */
function checkConfigPath(plugin: string, settings: MergedObject, reporter: RuleReporter, env: ValidationEnvironment): void {
  const node = settings.get('config_path');
  if (node?.type !== 'string' || !env.readFile) return;
  const value = String(node.value);
  if (!value) return;
  const expanded = value === '~' || value.startsWith('~/') ? path.join(env.homeDir ?? os.homedir(), value.slice(1)) : value;
  let resolved = expanded;
  if (!path.isAbsolute(expanded)) {
    if (!reporter.doc.uri.startsWith('file:')) return;
    resolved = path.resolve(path.dirname(fileURLToPath(reporter.doc.uri)), expanded);
  }
  if (env.readFile(resolved) !== undefined) return;
  // lb itself reads a relative path from the folder it runs in, usually the config's.
  const relative = resolved === expanded ? '' : ' (lb reads a relative path from the folder it runs in)';
  reporter.warning(
    node,
    'dfaas-config-path-missing',
    `config_path: ${resolved} does not exist or cannot be read. lb stops with "Configuration file not found" when it loads the ${plugin} settings, unless the file exists where lb runs${relative}.`,
  );
}

function checkLegacyRates(settings: MergedObject, reporter: RuleReporter): void {
  const rates = settings.get('rates');
  if (!rates || rates.type === 'null') return;
  const hasStrategy = !!settings.get('rate_strategy');
  reporter.warning(
    rates,
    'dfaas-deprecated-rates',
    hasStrategy
      ? '"rates" is deprecated and ignored here because rate_strategy is set: remove it.'
      : '"rates" is deprecated: lb migrates it to rate_strategy {"type": "linear", ...} with a warning. Use rate_strategy instead.',
    { hasStrategy },
    true,
  );
  const min = child(rates, 'min_rate');
  const max = child(rates, 'max_rate');
  const minValue = numberOf(min) ?? 0;
  const maxValue = numberOf(max) ?? 200;
  if ((min || max) && maxValue < minValue) {
    reporter.error(max ?? min!, 'dfaas-rates-bounds', `rates.max_rate (${maxValue}) must be at least rates.min_rate (${minValue}).`);
  }
}

/**
 * Checks one effective dfaas or peva_faas configuration (plugin_settings alone, or a workload's options merged
 * over it). peva_faas compares openfaas_port with the SSH port of its k3s host instead of k6's.
 */
export function checkDfaasSettings(plugin: string, settings: MergedObject, reporter: RuleReporter, env: ValidationEnvironment): void {
  checkConfigPath(plugin, settings, reporter, env);
  checkRateStrategy(settings, reporter);
  checkFunctions(settings, reporter);
  checkPorts(settings, plugin === 'peva_faas' ? 'k3s_port' : 'k6_port', reporter);
  checkCombinations(settings, reporter);
  checkLegacyRates(settings, reporter);
}
