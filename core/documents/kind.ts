// Decides what a document is, by name first and then by content, so that every consumer (language server,
// CLI) applies the same checks to the same file.
import * as path from 'path';
import { fileURLToPath } from 'url';
import picomatch from 'picomatch';
import { mayHoldAlloy } from './alloyContent';
import { looksLikeLokiConfig, looksLikeLokiHelmValues } from './lokiConfigContent';

export type DocumentKind =
  | 'lb-run-config'
  | 'lb-platform-config'
  | 'logql'
  | 'grafana-dashboard'
  | 'grafana-provisioning'
  | 'loki-config'
  | 'alloy'
  | 'alloy-yaml'
  | 'unknown';

export interface ClassifyOptions {
  /** Extra globs (setting `lbObs.config.runConfigGlobs`) that mark files as lb run configs. */
  runConfigGlobs?: string[];
  /** Extra globs (setting `lbObs.config.platformConfigGlobs`) that mark files as lb platform configs. */
  platformConfigGlobs?: string[];
  /** Extra globs (setting `lbObs.lokiConfig.globs`) that mark YAML files as Loki configs. */
  lokiConfigGlobs?: string[];
}

export const DEFAULT_RUN_CONFIG_GLOBS = ['**/benchmark_config*.json'];
export const DEFAULT_PLATFORM_CONFIG_GLOBS = ['**/.config/lb/platform.json', '**/lb/platform.json'];
export const DEFAULT_LOKI_CONFIG_GLOBS = ['**/loki*.yaml', '**/loki*.yml', '**/loki/config.yaml', '**/loki/config.yml'];

const RUN_CONFIG_KEYS = ['workloads', 'repetitions', 'plugin_settings', 'remote_hosts', 'test_duration_seconds', 'collectors'];

function matchesAny(filePath: string, globs: string[]): boolean {
  return globs.length > 0 && picomatch(globs, { dot: true })(filePath.replace(/\\/g, '/'));
}

/** Returns the file system path of a `file:` URI or the argument itself when it is already a path (or not a valid
 * file URI: classification by name then simply finds nothing). */
export function uriToPath(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

/** `languageId` is the editor's language of the document: an untitled LogQL buffer has no telling name. */
export function classifyDocument(uri: string, text: string, options: ClassifyOptions = {}, languageId?: string): DocumentKind {
  const filePath = uriToPath(uri);
  const base = path.basename(filePath).toLowerCase();
  if (base.endsWith('.logql') || languageId === 'logql') return 'logql';
  if (base.endsWith('.alloy') || languageId === 'alloy') return 'alloy';
  if (matchesAny(filePath, [...DEFAULT_PLATFORM_CONFIG_GLOBS, ...(options.platformConfigGlobs ?? [])])) {
    return 'lb-platform-config';
  }
  if (matchesAny(filePath, [...DEFAULT_RUN_CONFIG_GLOBS, ...(options.runConfigGlobs ?? [])])) return 'lb-run-config';
  if (base.endsWith('.json')) return classifyJsonByContent(text);
  if (base.endsWith('.yaml') || base.endsWith('.yml')) {
    const byContent = classifyYamlByContent(text);
    // A name such as loki-datasource.yaml may hold Grafana provisioning: content that says so wins.
    if (byContent === 'unknown' && matchesAny(filePath, [...DEFAULT_LOKI_CONFIG_GLOBS, ...(options.lokiConfigGlobs ?? [])])) return 'loki-config';
    return byContent;
  }
  return 'unknown';
}

/** Looks at top-level keys only; a cheap scan so that large files are not parsed twice. */
function topLevelKeys(text: string): Set<string> {
  const keys = new Set<string>();
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) {
        inString = false;
        if (depth === 1) {
          let j = i + 1;
          while (j < text.length && /\s/.test(text[j])) j++;
          if (text[j] === ':') keys.add(text.slice(start, i));
        }
      }
      continue;
    }
    if (c === 34) {
      inString = true;
      start = i + 1;
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) depth--;
  }
  return keys;
}

function classifyJsonByContent(text: string): DocumentKind {
  const keys = topLevelKeys(text);
  // `dashboard`: the HTTP API's wrapper; `rows`: the layout of dashboards older than Grafana 5.
  if (keys.has('panels') || ((keys.has('dashboard') || keys.has('rows')) && /"panels"\s*:/.test(text))) return 'grafana-dashboard';
  if (keys.has('workloads') && RUN_CONFIG_KEYS.filter((k) => keys.has(k)).length >= 1) return 'lb-run-config';
  return 'unknown';
}

/** Top-level keys of Grafana's provisioning files: datasources, dashboard providers, alerting. */
const PROVISIONING_KEYS =
  /^(datasources|deleteDatasources|providers|groups|deleteRules|contactPoints|deleteContactPoints|policies|resetPolicies|templates|deleteTemplates|muteTimes|deleteMuteTimes):/m;

function classifyYamlByContent(text: string): DocumentKind {
  if (mayHoldAlloy(text)) return 'alloy-yaml';
  if (/^apiVersion:/m.test(text) && PROVISIONING_KEYS.test(text)) return 'grafana-provisioning';
  // Loki ruler (Prometheus-style) rule files: `groups:` of `rules:` with `expr:`, no apiVersion.
  if (/^groups:/m.test(text) && /^\s+(- )?rules:/m.test(text) && /^\s+(- )?expr:/m.test(text)) return 'grafana-provisioning';
  if (looksLikeLokiConfig(text) || looksLikeLokiHelmValues(text)) return 'loki-config';
  return 'unknown';
}
