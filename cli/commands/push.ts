// `lb-obs push <run-dir|file>... --loki <url> [--tenant T] [--label k=v]... [--verify] [--gzip/--no-gzip]
//  [--truncate-long-lines] [--max-line-bytes N] [--max-age D|off] [--from-start] [--format text|json]`
// Puts a run's JSONL logs into Loki exactly once (core/push). Credentials come from the environment only
// (LB_OBS_LOKI_USERNAME + LB_OBS_LOKI_PASSWORD, or LB_OBS_LOKI_TOKEN), never from flags that shell history keeps.
import * as fs from 'fs';
import * as os from 'os';
import type { LokiAuth, LokiConnection } from '../../core/loki/connection';
import { CheckpointStore, defaultCheckpointDir } from '../../core/push/checkpoints';
import { FileFamily, PushInputError, resolvePushInputs } from '../../core/push/inputFiles';
import { lbStaticLabels } from '../../core/push/lbStaticLabels';
import { parseByteSize, parseDurationMs, PushLimits } from '../../core/push/limits';
import { checkStaticLabels, pushLogs } from '../../core/push/pushLogs';
import { formatProgress, PushProgress } from '../../core/push/pushProgress';
import { pushReportLines } from '../../core/push/pushReportText';
import { formatLabels } from '../../core/push/streamLabels';
import { pushHasProblems, PushReport } from '../../core/push/pushReport';
import { expectedStreams, verifyInLoki, VerifyReport } from '../../core/push/verifyPush';
import { CliError, UsageError } from '../cliError';
import type { CliCommand, CliIo } from '../io';
import { formatOption, parseOptions } from '../parseOptions';
import { printableLine } from '../../core/text/userText';

const NAME = 'lb-obs push';
/** Progress lines when stderr is not a terminal (CI logs): one every few seconds. */
const LOG_PROGRESS_EVERY_MS = 5000;
const TTY_PROGRESS_EVERY_MS = 100;

/** The connection's credentials from the environment; usage errors for half-given or conflicting ones. */
export function lokiAuthFromEnv(env: NodeJS.ProcessEnv): LokiAuth | undefined {
  const { LB_OBS_LOKI_USERNAME: username, LB_OBS_LOKI_PASSWORD: password, LB_OBS_LOKI_TOKEN: token } = env;
  if (token && (username || password)) {
    throw new UsageError(`${NAME}: set either LB_OBS_LOKI_TOKEN or LB_OBS_LOKI_USERNAME/LB_OBS_LOKI_PASSWORD, not both`);
  }
  if (token) return { type: 'bearer', token };
  if (username || password) {
    if (!username || !password) throw new UsageError(`${NAME}: LB_OBS_LOKI_USERNAME and LB_OBS_LOKI_PASSWORD go together (basic auth)`);
    return { type: 'basic', username, password };
  }
  return undefined;
}

function lokiUrl(value: string | undefined, env: NodeJS.ProcessEnv): string {
  const raw = value ?? env.LB_OBS_LOKI_URL;
  if (!raw) throw new UsageError(`${NAME}: give --loki <url> (or set LB_OBS_LOKI_URL)`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`${NAME}: --loki "${raw}" is not a URL (e.g. http://localhost:3100)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${NAME}: --loki must be an http(s) URL (got ${url.protocol})`);
  if (url.username || url.password) {
    throw new UsageError(`${NAME}: do not put credentials in --loki (shell history keeps them): set LB_OBS_LOKI_USERNAME and LB_OBS_LOKI_PASSWORD, or LB_OBS_LOKI_TOKEN`);
  }
  return raw;
}

function staticLabels(values: string[] | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of values ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`${NAME}: --label wants name=value (got "${pair}")`);
    labels[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return labels;
}

function limitsFrom(values: { 'max-line-bytes'?: string; 'max-age'?: string }): Partial<PushLimits> {
  const limits: Partial<PushLimits> = {};
  if (values['max-line-bytes'] !== undefined) {
    const bytes = parseByteSize(values['max-line-bytes']);
    if (!bytes) throw new UsageError(`${NAME}: --max-line-bytes wants a size such as 262144 or 256KB (got "${values['max-line-bytes']}")`);
    limits.maxLineBytes = bytes;
  }
  if (values['max-age'] !== undefined) {
    if (values['max-age'] === 'off') limits.maxAgeMs = undefined;
    else {
      const ms = parseDurationMs(values['max-age']);
      if (!ms) throw new UsageError(`${NAME}: --max-age wants a duration such as 168h or 30d, or "off" (got "${values['max-age']}")`);
      limits.maxAgeMs = ms;
    }
  }
  return limits;
}

/** Progress on stderr: redrawn in place on a terminal, a line every few seconds otherwise. */
function progressPrinter(io: CliIo): { update(p: PushProgress): void; done(): void } {
  let last = 0;
  let lastRetry: unknown;
  let drawn = false;
  return {
    update(p) {
      const now = Date.now();
      const retryChanged = p.retry !== undefined && p.retry !== lastRetry;
      lastRetry = p.retry;
      if (!retryChanged && now - last < (io.stderrIsTTY ? TTY_PROGRESS_EVERY_MS : LOG_PROGRESS_EVERY_MS)) return;
      last = now;
      if (io.stderrIsTTY) {
        io.stderr(`\r${formatProgress(p)}\x1b[K`);
        drawn = true;
      } else {
        io.stderr(`${NAME}: ${formatProgress(p)}\n`);
      }
    },
    done() {
      if (drawn) io.stderr('\r\x1b[K');
    },
  };
}

/** lb's own pushes carry its configured static labels; a push without them creates other streams. */
function warnAboutLbLabels(io: CliIo): void {
  const lb = lbStaticLabels({
    env: io.env,
    homeDir: io.env.HOME ?? os.homedir(),
    cwd: io.cwd,
    readFile: (file) => {
      try {
        return fs.readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  const pairs = Object.entries(lb.labels);
  if (pairs.length === 0) return;
  io.stderr(
    `${NAME}: note: lb adds the static labels ${formatLabels(lb.labels)} (${lb.sources.join(', ')}) to the lines it pushes itself; ` +
      `to push to the same streams, add ${pairs.map(([k, v]) => `--label ${k}=${v}`).join(' ')}\n`,
  );
}

export const pushCommand: CliCommand = async (args, io) => {
  const { values, positionals } = parseOptions(
    args,
    {
      loki: { type: 'string' },
      tenant: { type: 'string' },
      label: { type: 'string', multiple: true },
      verify: { type: 'boolean' },
      gzip: { type: 'boolean' },
      'no-gzip': { type: 'boolean' },
      'truncate-long-lines': { type: 'boolean' },
      'max-line-bytes': { type: 'string' },
      'max-age': { type: 'string' },
      'from-start': { type: 'boolean' },
      format: { type: 'string' },
    },
    'push',
  );
  const format = formatOption(values.format, ['text', 'json'], 'push');
  if (positionals.length === 0) throw new UsageError(`${NAME}: give at least one run folder or JSONL file`);
  if (values.gzip && values['no-gzip']) throw new UsageError(`${NAME}: --gzip and --no-gzip contradict each other`);
  const connection: LokiConnection = {
    url: lokiUrl(values.loki, io.env),
    tenant: values.tenant ?? (io.env.LB_OBS_LOKI_TENANT || undefined),
    auth: lokiAuthFromEnv(io.env),
  };
  const labels = staticLabels(values.label);
  const limits = limitsFrom(values);
  const truncate = values['truncate-long-lines'] ?? false;
  let families: FileFamily[];
  try {
    checkStaticLabels(labels, limits);
    families = await resolvePushInputs(positionals, io.cwd);
  } catch (err) {
    if (err instanceof PushInputError) throw new UsageError(`${NAME}: ${err.message}`);
    throw err;
  }
  if (!values.label?.length) warnAboutLbLabels(io);
  const checkpoints = new CheckpointStore(defaultCheckpointDir(io.env));
  if (values['from-start']) {
    for (const family of families) for (const file of family.files) await checkpoints.forget(connection, labels, file);
  }

  const abort = new AbortController();
  const onSignal = () => abort.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  const progress = progressPrinter(io);
  let report: PushReport;
  try {
    report = await pushLogs(families, {
      connection,
      staticLabels: labels,
      gzip: !values['no-gzip'],
      truncateLongLines: truncate,
      limits,
      checkpoints,
      signal: abort.signal,
      onProgress: (p) => progress.update(p),
    });
  } catch (err) {
    if (err instanceof PushInputError) throw new CliError(`${NAME}: ${err.message}`);
    throw err;
  } finally {
    process.removeListener('SIGINT', onSignal);
    progress.done();
  }

  let verify: VerifyReport | undefined;
  let verifyError: string | undefined;
  if (values.verify && report.outcome === 'completed') {
    try {
      const expected = await expectedStreams(families, { staticLabels: labels, limits, truncateLongLines: truncate });
      verify = await verifyInLoki(connection, expected, { staticLabels: labels });
    } catch (err) {
      verifyError = `cannot verify: ${(err as Error).message}`;
    }
  }
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ push: report, verify, verifyError }, null, 2)}\n`);
  } else {
    // Problems quote log lines and Loki's answers: shown, never acted on by the terminal.
    io.stdout(`${pushReportLines(report, verify, io.cwd).map(printableLine).join('\n')}\n`);
  }
  if (verifyError) io.stderr(`${NAME}: ${printableLine(verifyError)}\n`);
  if (report.outcome !== 'completed' || verifyError) return 2;
  return pushHasProblems(report) || (verify && !verify.ok) ? 1 : 0;
};
