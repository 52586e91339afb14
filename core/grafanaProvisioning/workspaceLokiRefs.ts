// How the workspace refers to its Loki datasource, compared with the Loki datasources a provisioning file
// creates: dashboards name it by uid in their panels and targets, the product's links by the setting
// `lbObs.grafana.datasourceUid`, and pushes and queries go to `lbObs.loki.url`. A provisioned Loki datasource
// whose uid none of them uses leaves those dashboards and links without data.
import * as fs from 'fs';
import * as path from 'path';
import { isMap, isScalar, Node, YAMLMap } from 'yaml';
import { ProblemList } from '../lokiConfig/problems';
import { quoteUserText } from '../text/userText';
import type { ValidationEnvironment } from '../diagnostics/types';

export interface LokiRefs {
  /** uid -> where it is used (workspace-relative file names). */
  uids: Map<string, string[]>;
  /** `lbObs.loki.url` of the workspace settings, when set. */
  lokiUrl?: string;
}

const SKIP = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test']);
const MAX_FILES = 3000;
const CACHE_MS = 10_000;
const cache = new Map<string, { at: number; refs: LokiRefs }>();

function add(refs: LokiRefs, uid: string, where: string): void {
  const list = refs.uids.get(uid) ?? [];
  if (!list.includes(where)) list.push(where);
  refs.uids.set(uid, list);
}

/** Loki datasource uids in a dashboard's JSON: `{"type": "loki", "uid": "..."}` objects, in either key order. */
function dashboardUids(text: string): string[] {
  const uids: string[] = [];
  for (const m of text.matchAll(/\{[^{}]*"type"\s*:\s*"loki"[^{}]*\}/g)) {
    const uid = /"uid"\s*:\s*"([^"$]+)"/.exec(m[0]);
    if (uid) uids.push(uid[1]);
  }
  return uids;
}

function scan(folder: string, read: (p: string) => string | undefined): LokiRefs {
  const refs: LokiRefs = { uids: new Map() };
  const settings = read(path.join(folder, '.vscode', 'settings.json'));
  if (settings) {
    const uid = /"lbObs\.grafana\.datasourceUid"\s*:\s*"([^"]+)"/.exec(settings);
    if (uid) add(refs, uid[1], '.vscode/settings.json (lbObs.grafana.datasourceUid)');
    const url = /"lbObs\.loki\.url"\s*:\s*"([^"]+)"/.exec(settings);
    if (url) refs.lokiUrl = url[1];
  }
  let seen = 0;
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (seen >= MAX_FILES) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !SKIP.has(entry.name)) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.json')) {
        seen++;
        const text = read(full);
        if (text && text.includes('"panels"')) for (const uid of dashboardUids(text)) add(refs, uid, path.relative(folder, full));
      }
    }
  };
  walk(folder);
  return refs;
}

/** The workspace's references to Loki, re-read at most every 10 s (validation runs on every edit). */
export function workspaceLokiRefs(env: ValidationEnvironment): LokiRefs {
  const refs: LokiRefs = { uids: new Map() };
  const read = env.readFile ?? (() => undefined);
  for (const folder of env.workspaceFolders ?? []) {
    let entry = cache.get(folder);
    if (!entry || Date.now() - entry.at > CACHE_MS) {
      entry = { at: Date.now(), refs: scan(folder, read) };
      cache.set(folder, entry);
    }
    for (const [uid, where] of entry.refs.uids) for (const w of where) add(refs, uid, w);
    refs.lokiUrl ??= entry.refs.lokiUrl;
  }
  return refs;
}

function scalarText(map: YAMLMap, key: string): { node?: Node; text?: string } {
  const node = map.get(key, true) as Node | undefined;
  return { node, text: isScalar(node) && node.value !== null ? String(node.value) : undefined };
}

function port(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

export function checkLokiDatasources(items: Node[], problems: ProblemList, env: ValidationEnvironment): void {
  const lokis = items.filter((item): item is YAMLMap => isMap(item) && item.get('type') === 'loki');
  if (lokis.length === 0) return;
  const refs = workspaceLokiRefs(env);
  for (const ds of lokis) {
    const url = scalarText(ds, 'url');
    if (!url.node) {
      problems.error((ds.items[0]?.key as Node) ?? ds, 'grafana-provisioning-loki-url', 'A Loki datasource needs "url", Loki\'s address as the Grafana server reaches it (e.g. http://localhost:3100).');
    } else if (url.text !== undefined && !url.text.includes('$')) {
      let parsed: URL | undefined;
      try {
        parsed = new URL(url.text);
      } catch {
        parsed = undefined;
      }
      if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
        problems.error(url.node, 'grafana-provisioning-loki-url', `"${quoteUserText(url.text, 60)}" is not an http:// or https:// URL; Grafana cannot reach Loki with it.`);
      } else if (/\/loki\/api\/v1\/?$/.test(parsed.pathname) || /\/loki\/api\/v1\/push\/?$/.test(parsed.pathname)) {
        problems.warning(url.node, 'grafana-provisioning-loki-url', 'The url of a Loki datasource is Loki\'s base address: Grafana adds /loki/api/v1/... itself, so drop the path.');
      } else if (refs.lokiUrl) {
        try {
          const workspace = new URL(refs.lokiUrl);
          if (port(workspace) !== port(parsed)) {
            problems.warning(url.node, 'grafana-provisioning-loki-url', `The workspace pushes to and queries Loki at ${quoteUserText(refs.lokiUrl, 60)} (lbObs.loki.url), on port ${port(workspace)}; this datasource uses port ${port(parsed)}.`);
          }
        } catch {
          // An invalid setting is reported where settings are edited.
        }
      }
    }
    if (refs.uids.size === 0) continue;
    const uid = scalarText(ds, 'uid');
    if (uid.text !== undefined && refs.uids.has(uid.text)) continue;
    const used = [...refs.uids].map(([u, where]) => `"${quoteUserText(u, 40)}" (${where.slice(0, 2).map((w) => quoteUserText(w, 60)).join(', ')}${where.length > 2 ? ', ...' : ''})`).join('; ');
    const at = uid.node ?? (ds.get('name', true) as Node | undefined) ?? ds;
    const what = uid.text === undefined ? 'This Loki datasource has no fixed uid, so Grafana makes one up' : `This Loki datasource's uid "${quoteUserText(uid.text, 40)}" is not one of them`;
    problems.warning(at, 'grafana-provisioning-loki-uid', `The workspace refers to its Loki datasource by uid ${used}. ${what}: those dashboards and links will not find it.`);
  }
}
