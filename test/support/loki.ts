// Starts a real Loki (single process, filesystem storage in a temp dir, in-memory ring) on free loopback
// ports for a test file, and always stops it, even when the test process exits early.
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { lokiReady } from '../../core/loki/api';
import { freePort } from './ports';
import { lokiBinary } from './prerequisites';
import { killOnExit, terminate } from './processes';

/** Loki's `limits_config`, by camel-cased key; unset keys keep Loki's defaults. */
export interface LokiLimits {
  ingestionRateMb: number;
  ingestionBurstMb: number;
  perStreamRateLimit: string;
  perStreamRateLimitBurst: string;
  maxLineSize: string;
  maxLineSizeTruncate: boolean;
  maxLabelNamesPerSeries: number;
  rejectOldSamples: boolean;
  rejectOldSamplesMaxAge: string;
  creationGracePeriod: string;
  unorderedWrites: boolean;
  maxEntriesLimitPerQuery: number;
  allowStructuredMetadata: boolean;
}

const LIMIT_KEYS: Record<keyof LokiLimits, string> = {
  ingestionRateMb: 'ingestion_rate_mb',
  ingestionBurstMb: 'ingestion_burst_size_mb',
  perStreamRateLimit: 'per_stream_rate_limit',
  perStreamRateLimitBurst: 'per_stream_rate_limit_burst',
  maxLineSize: 'max_line_size',
  maxLineSizeTruncate: 'max_line_size_truncate',
  maxLabelNamesPerSeries: 'max_label_names_per_series',
  rejectOldSamples: 'reject_old_samples',
  rejectOldSamplesMaxAge: 'reject_old_samples_max_age',
  creationGracePeriod: 'creation_grace_period',
  unorderedWrites: 'unordered_writes',
  maxEntriesLimitPerQuery: 'max_entries_limit_per_query',
  allowStructuredMetadata: 'allow_structured_metadata',
};

export interface StartLokiOptions {
  /** Multi-tenant mode: every request needs X-Scope-OrgID. */
  authEnabled?: boolean;
  limits?: Partial<LokiLimits>;
  /** Kept after stop() when given; a fresh temp dir (removed on stop) otherwise. */
  dataDir?: string;
  port?: number;
  /** How long to wait for GET /ready. */
  readyTimeoutMs?: number;
  /** Loki's pattern ingester (/loki/api/v1/patterns); default on. */
  patternIngester?: boolean;
}

export interface RunningLoki {
  url: string;
  port: number;
  dataDir: string;
  /** Stops Loki (SIGTERM, then SIGKILL after 10 s) and removes a temp data dir. */
  stop(): Promise<void>;
  /** Stops and starts Loki again on the same port with the same data. */
  restart(): Promise<void>;
  /** Everything Loki printed so far (the last 1 MB). */
  logs(): string;
}

const LOG_LIMIT = 1 << 20;

export async function startLoki(opts: StartLokiOptions = {}): Promise<RunningLoki> {
  const binary = lokiBinary();
  if (!binary.path) throw new Error(`cannot start Loki: ${binary.missing}`);
  const ownDataDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-loki-'));
  fs.mkdirSync(dataDir, { recursive: true });
  const port = opts.port ?? (await freePort());
  const grpcPort = await freePort();
  const configFile = path.join(dataDir, 'loki.yaml');
  fs.writeFileSync(configFile, stringify(lokiConfig(dataDir, port, grpcPort, opts)));
  const url = `http://127.0.0.1:${port}`;

  let output = '';
  let child: ChildProcess | undefined;
  const launch = async () => {
    const proc = spawn(binary.path!, [`-config.file=${configFile}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    killOnExit(proc);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.length > LOG_LIMIT) output = output.slice(-LOG_LIMIT);
    };
    proc.stdout!.on('data', collect);
    proc.stderr!.on('data', collect);
    await waitReady(proc, url, opts.readyTimeoutMs ?? 60_000, () => output);
  };
  const kill = async () => {
    if (child) await terminate(child);
    child = undefined;
  };

  try {
    await launch();
  } catch (err) {
    await kill();
    if (ownDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  // stop() and restart() run one after the other, so that a stop during a restart finds a whole process.
  let queue: Promise<void> = Promise.resolve();
  const serially = (step: () => Promise<void>) => (queue = queue.catch(() => undefined).then(step));
  return {
    url,
    port,
    dataDir,
    logs: () => output,
    stop: () =>
      serially(async () => {
        await kill();
        if (ownDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
      }),
    restart: () =>
      serially(async () => {
        await kill();
        await launch();
      }),
  };
}

export function lokiConfig(dataDir: string, port: number, grpcPort: number, opts: StartLokiOptions) {
  const limits: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(opts.limits ?? {})) {
    limits[LIMIT_KEYS[key as keyof LokiLimits]] = value;
  }
  return {
    auth_enabled: opts.authEnabled ?? false,
    server: {
      http_listen_address: '127.0.0.1',
      http_listen_port: port,
      grpc_listen_address: '127.0.0.1',
      grpc_listen_port: grpcPort,
      log_level: 'warn',
    },
    common: {
      instance_addr: '127.0.0.1',
      path_prefix: dataDir,
      replication_factor: 1,
      storage: { filesystem: { chunks_directory: path.join(dataDir, 'chunks'), rules_directory: path.join(dataDir, 'rules') } },
      ring: { kvstore: { store: 'inmemory' } },
    },
    // Ready and answering queries within a second instead of after Loki's production delays: the ingester's
    // grace periods, and the scheduler ring that the query frontend and querier poll every 10 s (the
    // scheduler's own address is given instead).
    ingester: { lifecycler: { min_ready_duration: '0s', final_sleep: '0s' } },
    query_scheduler: { use_scheduler_ring: false },
    frontend: { scheduler_address: `127.0.0.1:${grpcPort}`, scheduler_dns_lookup_period: '200ms' },
    frontend_worker: { scheduler_address: `127.0.0.1:${grpcPort}`, dns_lookup_duration: '200ms' },
    schema_config: {
      configs: [{ from: '2020-10-24', store: 'tsdb', object_store: 'filesystem', schema: 'v13', index: { prefix: 'index_', period: '24h' } }],
    },
    // Loki's pattern ingester (Drain over pushed lines, /loki/api/v1/patterns), for the agreement test of our
    // miner; it answers from memory, so no persistence or metric aggregation.
    pattern_ingester: { enabled: opts.patternIngester ?? true, lifecycler: { min_ready_duration: '0s', final_sleep: '0s' } },
    limits_config: { allow_structured_metadata: true, ...limits },
    analytics: { reporting_enabled: false },
  };
}

async function waitReady(proc: ChildProcess, url: string, timeoutMs: number, logs: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | undefined;
  proc.once('exit', (code, signal) => (exited = `exited with ${signal ?? `code ${code}`}`));
  proc.once('error', (err) => (exited = `could not start: ${err.message}`));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`Loki ${exited} before it was ready. Its log:\n${logs()}`);
    if (await lokiReady({ url }, { timeoutMs: 1000 })) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Loki was not ready at ${url}/ready after ${timeoutMs} ms. Its log:\n${logs()}`);
}
