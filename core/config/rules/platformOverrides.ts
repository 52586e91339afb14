// lb's platform.json replaces the run config's output dirs and loki block when it sets them; the run config's
// values then have no effect, which users rarely expect.
import type { Node } from 'jsonc-parser';
import * as path from 'path';
import type { ValidationEnvironment } from '../../diagnostics/types';
import { lbPlatformConfigPath } from '../lbPaths';
import { PLATFORM_OVERRIDDEN_KEYS } from '../lbFacts';
import { child, RuleReporter } from './ruleContext';

export interface PlatformFile {
  path: string;
  /** How to name it in messages. */
  label: string;
  settings: Record<string, unknown>;
}

/** The platform.json lb reads (`$XDG_CONFIG_HOME/lb` or `~/.config/lb`), else one in a workspace folder. */
export function findPlatformFile(env: ValidationEnvironment): PlatformFile | undefined {
  const candidates: Array<{ path: string; label: string }> = [];
  if (env.xdgConfigHome || env.homeDir) {
    const label = env.xdgConfigHome ? '$XDG_CONFIG_HOME/lb/platform.json' : '~/.config/lb/platform.json';
    candidates.push({ path: lbPlatformConfigPath(env.homeDir ?? '', env.xdgConfigHome), label });
  }
  for (const folder of env.workspaceFolders ?? []) {
    candidates.push({ path: path.join(folder, 'platform.json'), label: `the workspace's platform.json (${path.join(folder, 'platform.json')})` });
  }
  for (const candidate of candidates) {
    const text = env.readFile?.(candidate.path);
    if (text === undefined) continue;
    try {
      const settings = JSON.parse(text) as unknown;
      if (settings && typeof settings === 'object' && !Array.isArray(settings)) {
        return { ...candidate, settings: settings as Record<string, unknown> };
      }
    } catch {
      // A broken platform.json gets its own diagnostics when opened; it overrides nothing we can describe.
    }
  }
  return undefined;
}

export function checkPlatformOverrides(root: Node, env: ValidationEnvironment, reporter: RuleReporter): void {
  const platform = findPlatformFile(env);
  if (!platform) return;
  for (const key of PLATFORM_OVERRIDDEN_KEYS) {
    const value = platform.settings[key];
    const node = child(root, key);
    if (value === undefined || value === null || !node) continue;
    const message =
      key === 'loki'
        ? `${platform.label} sets "loki", which replaces this whole loki block when lb runs (the blocks are not merged).`
        : `${platform.label} sets "${key}" to ${JSON.stringify(value)}, which replaces this value when lb runs.`;
    reporter.information(node, 'platform-override', message);
  }
}
