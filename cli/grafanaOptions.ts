// The options every `link` command and `flyte-templates` share (--grafana-url, --datasource-uid, --org-id,
// --legacy-left, --from, --to) and the Grafana they resolve to. Without a datasource uid the Loki datasources
// are discovered through Grafana's API (credentials from LB_OBS_GRAFANA_TOKEN or LB_OBS_GRAFANA_USER /
// LB_OBS_GRAFANA_PASSWORD, else platform.json's grafana.api_key).
import * as fs from 'fs';
import * as os from 'os';
import { grafanaLokiDatasources } from '../core/grafana/client';
import { resolveGrafanaSettings } from '../core/grafana/settings';
import { ExploreTarget, GrafanaSite, grafanaBaseUrl } from '../core/links/grafanaUrl';
import { LinkInputError } from '../core/logql/build/inputError';
import { parseTimeInput, TimeRange } from '../core/links/timeRange';
import { printableLine, quoteUserText } from '../core/text/userText';
import { CliError, UsageError } from './cliError';
import type { CliIo } from './io';

export const GRAFANA_OPTIONS = {
  'grafana-url': { type: 'string' },
  'datasource-uid': { type: 'string' },
  'org-id': { type: 'string' },
  'legacy-left': { type: 'boolean' },
} as const;

export const TIME_OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
} as const;

export interface GrafanaOptionValues {
  'grafana-url'?: string;
  'datasource-uid'?: string;
  'org-id'?: string;
  'legacy-left'?: boolean;
}

function orgIdOption(value: string | undefined, command: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`lb-obs ${command}: --org-id must be a positive integer (got "${value}")`);
  return Number(value);
}

function settings(values: GrafanaOptionValues, io: CliIo, command: string) {
  const resolved = resolveGrafanaSettings({
    env: io.env,
    homeDir: io.env.HOME ?? os.homedir(),
    readFile: (file) => {
      try {
        return fs.readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
    explicit: { url: values['grafana-url'], orgId: orgIdOption(values['org-id'], command), datasourceUid: values['datasource-uid'] },
  });
  for (const w of resolved.warnings) io.stderr(`lb-obs ${command}: ${printableLine(w)}\n`);
  return resolved;
}

export function grafanaSite(values: GrafanaOptionValues, io: CliIo, command: string): GrafanaSite {
  const s = settings(values, io, command);
  return { url: s.url, orgId: s.orgId };
}

export async function exploreTarget(values: GrafanaOptionValues, io: CliIo, command: string): Promise<ExploreTarget> {
  const s = settings(values, io, command);
  if (s.datasourceUid) return { url: s.url, orgId: s.orgId, datasourceUid: s.datasourceUid };
  let found;
  try {
    found = await grafanaLokiDatasources({ url: s.url, orgId: s.orgId, auth: s.auth });
  } catch (err) {
    throw new CliError(
      `lb-obs ${command}: no Loki datasource uid given (--datasource-uid or LB_OBS_DATASOURCE_UID) and discovery failed: ${(err as Error).message}`,
    );
  }
  if (found.length === 1) return { url: s.url, orgId: s.orgId, datasourceUid: found[0].uid };
  if (found.length === 0) throw new CliError(`lb-obs ${command}: Grafana at ${grafanaBaseUrl(s.url)} (org ${s.orgId}) has no Loki datasource`);
  const list = found.map((d) => `  ${quoteUserText(d.uid, 200)}  ${quoteUserText(d.name, 200)}${d.isDefault ? ' (default)' : ''}`).join('\n');
  throw new UsageError(`lb-obs ${command}: Grafana has several Loki datasources; choose one with --datasource-uid:\n${list}`);
}

/** --from/--to as Grafana range strings, or `fallback` when neither is given. */
export function timeRangeOption(values: { from?: string; to?: string }, fallback: TimeRange | undefined, command: string): TimeRange | undefined {
  if (values.from === undefined && values.to === undefined) return fallback;
  if (values.from === undefined) throw new UsageError(`lb-obs ${command}: --to needs --from`);
  return usage(command, () => ({
    from: parseTimeInput(values.from!, '--from'),
    to: values.to === undefined ? 'now' : parseTimeInput(values.to, '--to'),
  }));
}

/** Runs `build`, turning a LinkInputError (bad value) into a usage error of the command. */
export function usage<T>(command: string, build: () => T): T {
  try {
    return build();
  } catch (err) {
    if (err instanceof LinkInputError) throw new UsageError(`lb-obs ${command}: ${err.message}`);
    throw err;
  }
}
