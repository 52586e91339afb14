// Grafana Explore and dashboard URLs (docs/FACTS.md, "Grafana Explore links").
// Every query-string value is encoded with encodeURIComponent: Grafana reads `+` as a space.
import { LinkInputError } from '../logql/build/inputError';
import { checkedQuery } from '../logql/build/logqlQuery';
import { assertEncodable } from '../logql/build/logqlString';
import { checkRange, TimeRange } from './timeRange';

export interface GrafanaSite {
  /** Base URL, possibly under a sub-path (`https://example.org/grafana`). */
  url: string;
  orgId: number;
}

export interface ExploreTarget extends GrafanaSite {
  /** Uid of an existing Loki datasource: Grafana drops every query whose datasource uid differs from the pane's. */
  datasourceUid: string;
}

export interface ExploreOptions {
  /** The `left=` form for Grafana older than 10.2 (newer Grafana rewrites it, possibly losing Loki fields). */
  legacy?: boolean;
}

/** Grafana keeps a pane id only when it is 3 characters of [0-9a-z], not all digits. */
export const EXPLORE_PANE_ID = 'lbo';

const UID = /^[a-zA-Z0-9\-_]{1,40}$/;
const VARIABLE_NAME = /^\w+$/;

/** The URL as it may be shown in a message: a `user:password@` part is masked. */
function redactUserinfo(raw: string): string {
  return raw.replace(/^([^/?#]*\/\/)[^/?#]*@/, '$1***@');
}

/** The Grafana base URL without a trailing slash; refuses non-http(s) URLs and drops credentials. */
export function grafanaBaseUrl(raw: string): string {
  let url: URL;
  const shown = redactUserinfo(raw);
  try {
    url = new URL(raw.trim());
  } catch {
    throw new LinkInputError(`Grafana URL "${shown}" is not a valid URL (e.g. http://localhost:3000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LinkInputError(`Grafana URL "${shown}" must use http or https`);
  }
  if (url.search || url.hash) throw new LinkInputError(`Grafana URL "${shown}" must not have a query or fragment`);
  // Credentials written into the URL must never end up in a link that is shown, copied or logged.
  url.username = '';
  url.password = '';
  return url.toString().replace(/\/+$/, '');
}

export function assertUid(uid: string, what: string): void {
  if (!UID.test(uid)) {
    throw new LinkInputError(`${what} "${uid}" is not a Grafana uid (1 to 40 characters of letters, digits, - and _)`);
  }
}

function assertOrgId(orgId: number): void {
  if (!Number.isInteger(orgId) || orgId < 1) throw new LinkInputError(`Grafana org id must be a positive integer (got ${orgId})`);
}

interface LokiQuery {
  refId: string;
  datasource: { type: 'loki'; uid: string };
  expr: string;
  queryType: 'range';
  editorMode: 'code';
}

export interface ExplorePane {
  datasource: string;
  queries: LokiQuery[];
  range: TimeRange;
}

/** The Explore pane state for one Loki query. */
export function explorePane(target: ExploreTarget, expr: string, range: TimeRange): ExplorePane {
  assertUid(target.datasourceUid, 'datasource uid');
  assertEncodable(expr, 'query');
  checkRange(range);
  const uid = target.datasourceUid;
  return {
    datasource: uid,
    queries: [{ refId: 'A', datasource: { type: 'loki', uid }, expr, queryType: 'range', editorMode: 'code' }],
    range: { from: range.from, to: range.to },
  };
}

/** Encodes a pane as an Explore URL; the pane is taken as built (templates put placeholders into it). */
export function encodeExploreUrl(site: GrafanaSite, pane: ExplorePane, options: ExploreOptions = {}): string {
  assertOrgId(site.orgId);
  const base = `${grafanaBaseUrl(site.url)}/explore`;
  const orgId = `orgId=${site.orgId}`;
  if (options.legacy) return `${base}?${orgId}&left=${encodeURIComponent(JSON.stringify(pane))}`;
  const panes = JSON.stringify({ [EXPLORE_PANE_ID]: pane });
  return `${base}?schemaVersion=1&panes=${encodeURIComponent(panes)}&${orgId}`;
}

/** The Explore URL of a query, which must be valid LogQL: a link never opens Explore on a query Loki refuses. */
export function exploreUrl(target: ExploreTarget, expr: string, range: TimeRange, options: ExploreOptions = {}): string {
  return encodeExploreUrl(target, explorePane(target, checkedQuery(expr), range), options);
}

/** `<grafana>/d/<uid>?var-<name>=<value>...&from&to&orgId`; a variable may repeat (multi-value). */
export function dashboardUrl(
  site: GrafanaSite,
  uid: string,
  vars: ReadonlyArray<readonly [string, string]>,
  range?: TimeRange,
): string {
  assertUid(uid, 'dashboard uid');
  assertOrgId(site.orgId);
  const params: string[] = [];
  for (const [name, value] of vars) {
    if (!VARIABLE_NAME.test(name)) throw new LinkInputError(`dashboard variable name "${name}" is invalid (letters, digits and _)`);
    assertEncodable(value, `value of dashboard variable ${name}`);
    params.push(`var-${name}=${encodeURIComponent(value)}`);
  }
  if (range) {
    checkRange(range);
    params.push(`from=${encodeURIComponent(range.from)}`, `to=${encodeURIComponent(range.to)}`);
  }
  params.push(`orgId=${site.orgId}`);
  return `${grafanaBaseUrl(site.url)}/d/${uid}?${params.join('&')}`;
}
