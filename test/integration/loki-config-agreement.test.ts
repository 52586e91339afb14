// Our Loki config diagnostics against the real Loki of the test suite: every config of the valid corpus passes
// `loki -verify-config` and gets no error from us; every mutation is refused by Loki (by -verify-config, or when
// Loki starts, for the values -verify-config lets through) and gets an error from us at the key at fault.
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { Document, parseDocument, stringify } from 'yaml';
import { lokiConfigProblems } from '../../core/lokiConfig/validateLokiConfig';
import { lokiConfig } from '../support/loki';
import { REPO_ROOT } from '../support/paths';
import { freePort } from '../support/ports';
import { lokiBinary, needs } from '../support/prerequisites';

const loki = lokiBinary();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'loki-config-agreement-'));
const data = path.join(work, 'data');

/** The config install-loki.sh writes, from its own loki_config function. */
function installScriptConfig(port: number, grpcPort: number, dir: string): string {
  const script = path.join(REPO_ROOT, 'install', 'install-loki.sh');
  const fn = /^loki_config\(\) \{[\s\S]*?^\}/m.exec(fs.readFileSync(script, 'utf8'))![0];
  return execFileSync('bash', ['-c', `${fn}\nloki_config "$@"`, 'loki_config', String(port), String(grpcPort), dir], { encoding: 'utf8' });
}

/** Loki's documented example configs, from the Loki module the suite builds. */
function lokiExamples(): string[] {
  const dir = execFileSync('go', ['list', '-m', '-f', '{{.Dir}}', 'github.com/grafana/loki/v3'], {
    cwd: path.join(REPO_ROOT, 'scripts', 'prereqs', 'loki-build'),
    encoding: 'utf8',
  }).trim();
  const examples = path.join(dir, 'docs', 'sources', 'configure', 'examples', 'yaml');
  return fs.readdirSync(examples).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(examples, f));
}

/** Deep merge of `overlay` into `base` (overlay wins; lists are replaced). */
function merge(base: unknown, overlay: unknown): unknown {
  if (!base || !overlay || typeof base !== 'object' || typeof overlay !== 'object' || Array.isArray(base) || Array.isArray(overlay)) return overlay;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(overlay as Record<string, unknown>)) out[k] = k in out ? merge(out[k], v) : v;
  return out;
}

interface Verdict {
  refused: boolean;
  output: string;
}

/** `env`: run with -config.expand-env=true and these variables, as deployments that template their config do. */
function verify(file: string, env?: Record<string, string>): Promise<Verdict> {
  const args = ['-verify-config', `-config.file=${file}`, ...(env ? ['-config.expand-env=true'] : [])];
  return new Promise((resolve) => {
    execFile(loki.path!, args, { timeout: 60_000, env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      resolve({ refused: !!err, output: `${stdout}${stderr}`.slice(-600) });
    });
  });
}

/** Starts Loki; refused when it exits with an error within the time a good config needs to get going. */
function start(file: string): Promise<Verdict> {
  return new Promise((resolve) => {
    const proc = spawn(loki.path!, [`-config.file=${file}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    proc.stdout.on('data', (d) => (output += d));
    proc.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      resolve({ refused: false, output: output.slice(-600) });
    }, 20_000);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ refused: code !== 0, output: output.slice(-600) });
    });
  });
}

async function inPool<T, R>(items: T[], size: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i], i);
      }
    }),
  );
  return results;
}

function write(name: string, text: string): string {
  const file = path.join(work, `${name.replace(/[^\w.-]+/g, '_')}.yaml`);
  fs.writeFileSync(file, text);
  return file;
}

function errorsOf(text: string) {
  return lokiConfigProblems(text).problems.filter((p) => p.severity === 'error');
}

interface Mutation {
  name: string;
  /** Changes the base document; or `text` replaces the whole file. */
  edit?: (doc: Document) => void;
  text?: (base: string) => string;
  /** Text in the mutated file that an error of ours must overlap (its first occurrence after `after`). */
  at: string;
  after?: string;
  /** Loki lets it through -verify-config and fails only when starting. */
  atStart?: boolean;
}

const set = (p: (string | number)[], value: unknown) => (doc: Document) => doc.setIn(p, doc.createNode(value));
const rename = (p: string[], to: string) => (doc: Document) => {
  const value = doc.getIn(p, true);
  doc.deleteIn(p);
  doc.setIn([...p.slice(0, -1), to], value);
};

const MUTATIONS: Mutation[] = [
  // Unknown keys at every depth, misspelt or removed in Loki 3.
  { name: 'misspelt http_listen_port', edit: rename(['server', 'http_listen_port'], 'http_listen_prot'), at: 'http_listen_prot' },
  { name: 'misspelt retention_period', edit: set(['limits_config', 'retention_perod'], '30d'), at: 'retention_perod' },
  { name: 'unknown top-level block', edit: set(['storage'], { filesystem: { directory: '/tmp' } }), at: '\nstorage:' },
  { name: 'misspelt path_prefix', edit: rename(['common', 'path_prefix'], 'pathprefix'), at: 'pathprefix' },
  { name: 'unknown key in a period index', edit: set(['schema_config', 'configs', 0, 'index', 'perod'], '24h'), at: 'perod' },
  { name: 'misspelt min_ready_duration', edit: rename(['ingester', 'lifecycler', 'min_ready_duration'], 'min_ready_durations'), at: 'min_ready_durations' },
  { name: 'compactor retention shorthand', edit: set(['compactor', 'retention'], true), at: 'retention:' },
  { name: 'unknown analytics key', edit: set(['analytics', 'reporting'], false), at: 'reporting:' },
  { name: 'unknown filesystem key', edit: set(['common', 'storage', 'filesystem', 'dir'], '/tmp/x'), at: 'dir:' },
  { name: 'unknown limits key', edit: set(['limits_config', 'max_query_series2'], 5), at: 'max_query_series2' },
  { name: 'camelCase key', edit: set(['server', 'httpListenPort'], 3100), at: 'httpListenPort' },
  { name: 'removed enforce_metric_name', edit: set(['limits_config', 'enforce_metric_name'], false), at: 'enforce_metric_name' },
  { name: 'removed max_transfer_retries', edit: set(['ingester', 'max_transfer_retries'], 0), at: 'max_transfer_retries' },
  { name: 'removed boltdb_shipper.shared_store', edit: set(['storage_config', 'boltdb_shipper', 'shared_store'], 'filesystem'), at: 'shared_store' },
  { name: 'removed compactor.shared_store', edit: set(['compactor', 'shared_store'], 'filesystem'), at: 'shared_store' },
  { name: 'removed max_look_back_period', edit: set(['chunk_store_config', 'max_look_back_period'], '0s'), at: 'max_look_back_period' },
  { name: 'Helm key in a Loki config', edit: set(['schemaConfig'], { configs: [] }), at: 'schemaConfig' },
  // Values of the wrong type.
  { name: 'quoted boolean', edit: set(['auth_enabled'], 'true'), at: '"true"' },
  { name: 'quoted port', edit: set(['server', 'http_listen_port'], '3100'), at: '"3100"' },
  { name: 'word for a port', edit: set(['server', 'http_listen_port'], 'abc'), at: 'abc' },
  { name: 'word for a float', edit: set(['limits_config', 'ingestion_rate_mb'], 'fast'), at: 'fast' },
  { name: 'quoted yes for a boolean', text: (base) => base.replace('unordered_writes: true', 'unordered_writes: "yes"'), at: '"yes"' },
  { name: 'list for a number', edit: set(['common', 'replication_factor'], [1]), at: '- 1' },
  { name: 'number for a block', edit: set(['server'], 3100), at: 'server: 3100' },
  { name: 'block for a list', edit: set(['schema_config', 'configs'], { from: '2024-01-01', store: 'tsdb' }), at: 'from:' },
  { name: 'number for a boolean', edit: set(['limits_config', 'volume_enabled'], 1), at: 'volume_enabled: 1' },
  { name: 'unknown log level', edit: set(['server', 'log_level'], 'verbose'), at: 'verbose' },
  { name: 'word for a boolean', edit: set(['auth_enabled'], 'maybe'), at: 'maybe' },
  { name: 'text for a list', edit: set(['common', 'instance_interface_names'], 'eth0'), at: 'eth0' },
  { name: 'list for a block', edit: set(['common', 'storage', 'filesystem'], []), at: '[]' },
  { name: 'text for a list of streams', edit: set(['limits_config', 'retention_stream'], 'x'), at: 'retention_stream: x' },
  { name: 'text for a KV block', edit: set(['common', 'ring', 'kvstore'], 'inmemory'), at: 'kvstore: inmemory' },
  { name: 'word for analytics boolean', edit: set(['analytics', 'reporting_enabled'], 'nope'), at: 'nope' },
  { name: 'number beyond int64', edit: set(['limits_config', 'max_streams_per_user'], 1e20), at: '100000000000000000000' },
  { name: 'negative for an unsigned', edit: set(['server', 'grpc_server_max_concurrent_streams'], -1), at: '-1' },
  // Durations: Go's parser in some keys, Prometheus' in others.
  { name: 'days in a Go duration', edit: set(['ingester', 'chunk_idle_period'], '1d'), at: '1d' },
  { name: 'words in a Go duration', edit: set(['ingester', 'lifecycler', 'min_ready_duration'], '5 minutes'), at: '5 minutes' },
  { name: 'days in tail_max_duration', edit: set(['querier', 'tail_max_duration'], '1d'), at: '1d' },
  { name: 'unknown unit in retention_period', edit: set(['limits_config', 'retention_period'], '30days'), at: '30days' },
  { name: 'fraction in a Prometheus duration', edit: set(['limits_config', 'retention_period'], '1.5h'), at: '1.5h' },
  { name: 'number in a Prometheus duration', edit: set(['limits_config', 'max_query_length'], 721), at: 'max_query_length: 721' },
  { name: 'negative creation_grace_period', edit: set(['limits_config', 'creation_grace_period'], '-10m'), at: '-10m' },
  { name: 'hours word in query_ingesters_within', edit: set(['querier', 'query_ingesters_within'], '3hours'), at: '3hours' },
  { name: 'units out of order', edit: set(['limits_config', 'max_query_lookback'], '1h1d'), at: '1h1d' },
  { name: 'bare number in query_timeout', edit: set(['limits_config', 'query_timeout'], 5), at: 'query_timeout: 5' },
  // Sizes.
  { name: 'KiB size', edit: set(['limits_config', 'per_stream_rate_limit'], '256KiB'), at: '256KiB' },
  { name: 'fractional size', edit: set(['limits_config', 'max_line_size'], '1.5MB'), at: '1.5MB' },
  { name: 'word for a size', edit: set(['limits_config', 'per_stream_rate_limit_burst'], 'lots'), at: 'lots' },
  { name: 'MiB with a space', edit: set(['limits_config', 'max_line_size'], '10 MiB'), at: '10 MiB' },
  // schema_config.
  { name: 'tsdb with a weekly index', edit: set(['schema_config', 'configs', 0, 'index', 'period'], '168h'), at: '168h' },
  { name: 'tsdb with a 12h index', edit: set(['schema_config', 'configs', 0, 'index', 'period'], '12h'), at: '12h' },
  { name: 'schema v14', edit: set(['schema_config', 'configs', 0, 'schema'], 'v14'), at: 'v14' },
  { name: 'schema v11 with structured metadata', edit: set(['schema_config', 'configs', 0, 'schema'], 'v11'), at: 'v11' },
  { name: 'boltdb-shipper with structured metadata', edit: set(['schema_config', 'configs', 0, 'store'], 'boltdb-shipper'), at: 'boltdb-shipper' },
  { name: 'unknown index type', edit: set(['schema_config', 'configs', 0, 'store'], 'tsdbx'), at: 'tsdbx' },
  { name: 'unknown object store', edit: set(['schema_config', 'configs', 0, 'object_store'], 's4'), at: 's4' },
  { name: 'month 13', edit: set(['schema_config', 'configs', 0, 'from'], '2024-13-01'), at: '2024-13-01' },
  { name: 'American date', edit: set(['schema_config', 'configs', 0, 'from'], '01/01/2024'), at: '01/01/2024' },
  {
    name: 'periods out of order',
    edit: (doc) => {
      const first = (doc.toJS() as { schema_config: { configs: object[] } }).schema_config.configs[0];
      doc.setIn(['schema_config', 'configs'], doc.createNode([first, { ...first, from: '2023-01-01' }]));
    },
    at: '2023-01-01',
  },
  {
    name: 'two periods from the same day',
    edit: (doc) => {
      const first = (doc.toJS() as { schema_config: { configs: object[] } }).schema_config.configs[0];
      doc.setIn(['schema_config', 'configs'], doc.createNode([first, { ...first }]));
    },
    at: '2024-01-01',
    after: 'period: 24h',
  },
  { name: 'no periods', edit: set(['schema_config', 'configs'], []), at: '[]' },
  { name: 'no schema_config', edit: (doc) => doc.deleteIn(['schema_config']), at: 'auth_enabled' },
  { name: 'retention without delete_request_store', edit: (doc) => doc.deleteIn(['compactor', 'delete_request_store']), at: 'retention_enabled: true' },
  // YAML itself.
  { name: 'repeated key', text: (base) => base.replace(/^(  http_listen_port: \d+)$/m, '$1\n  http_listen_port: 3101'), at: 'http_listen_port: 3101' },
  { name: 'unclosed quote', text: (base) => base.replace('prefix: index_', 'prefix: "index_'), at: '"index_' },
  { name: 'tab indentation', text: (base) => base.replace('  log_level: info', '\tlog_level: info'), at: '\tlog_level' },
  // Accepted by -verify-config, refused when Loki starts.
  { name: 'misspelt KV store', edit: set(['common', 'ring', 'kvstore', 'store'], 'inmemorys'), at: 'inmemorys', atStart: true },
  { name: 'unknown target', edit: set(['target'], 'reader'), at: 'reader', atStart: true },
  { name: 'unknown target in a list', edit: set(['target'], 'all,writer'), at: 'writer', atStart: true },
  {
    name: 'unknown delete_request_store',
    edit: set(['compactor'], { working_directory: '/tmp/compactor', retention_enabled: true, delete_request_store: 's4' }),
    at: 's4',
    atStart: true,
  },
];

interface ValidCase {
  name: string;
  text: string;
  env?: Record<string, string>;
}

async function validCorpus(base: () => Promise<Record<string, unknown>>): Promise<ValidCase[]> {
  const cases: ValidCase[] = [];
  for (const [i, port] of [3100, 3200, 13100].entries()) {
    cases.push({ name: `install-loki.sh #${i + 1}`, text: installScriptConfig(port, port + 1000, path.join(data, `install-${i}`)) });
  }
  for (const [i, limits] of [{}, { maxLineSize: '256KB' }, { rejectOldSamples: false }].entries()) {
    const cfg = lokiConfig(path.join(data, `support-${i}`), 3100 + i, 9100 + i, { limits } as never);
    cases.push({ name: `test/support/loki.ts #${i + 1}`, text: stringify(cfg) });
  }
  for (const file of lokiExamples()) {
    const example = parseDocument(fs.readFileSync(file, 'utf8')).toJS() as Record<string, unknown>;
    const text = 'schema_config' in example ? stringify(example) : stringify(merge(await base(), example));
    cases.push({ name: `Loki example ${path.basename(file)}`, text });
  }
  const variations: Array<[string, unknown]> = [
    ['retention with the compactor', { compactor: { working_directory: path.join(data, 'c'), retention_enabled: true, delete_request_store: 'filesystem' }, limits_config: { retention_period: '30d' } }],
    ['retention per stream', { compactor: { retention_enabled: true, delete_request_store: 'filesystem' }, limits_config: { retention_period: '744h', retention_stream: [{ selector: '{job="lb"}', priority: 1, period: '14d' }] } }],
    ['Prometheus durations', { limits_config: { max_query_length: '30d1h', max_query_lookback: '1y', query_timeout: '2m', reject_old_samples_max_age: '1w' } }],
    ['Go durations', { ingester: { chunk_idle_period: '1h30m', max_chunk_age: '2.5h', chunk_retain_period: '0' }, querier: { query_ingesters_within: '3h' } }],
    ['sizes in every form', { limits_config: { max_line_size: '1mb', per_stream_rate_limit: '5MB', per_stream_rate_limit_burst: '20 MB', max_structured_metadata_size: 65536 } }],
    ['YAML 1.1 booleans', { auth_enabled: 'no', limits_config: { unordered_writes: 'yes', volume_enabled: 'on' } }],
    ['target read', { target: 'read' }],
    ['target write', { target: 'write' }],
    ['target backend', { target: 'backend' }],
    ['target list', { target: 'querier,query-frontend' }],
    ['memberlist ring', { memberlist: { join_members: ['loki-1:7946', 'loki-2:7946'], bind_port: 7946 }, common: { ring: { kvstore: { store: 'memberlist' } } } }],
    ['schema migration', { schema_config: { configs: [
      { from: '2020-01-01', store: 'boltdb-shipper', object_store: 'filesystem', schema: 'v11', index: { prefix: 'index_', period: '24h' } },
      { from: '2024-01-01', store: 'tsdb', object_store: 'filesystem', schema: 'v13', index: { prefix: 'index_', period: '24h' } },
    ] } }],
    ['structured metadata off with v12', { limits_config: { allow_structured_metadata: false }, schema_config: { configs: [{ from: '2022-01-01', store: 'tsdb', object_store: 'filesystem', schema: 'v12', index: { prefix: 'index_', period: '24h' } }] } }],
    ['results cache', { query_range: { cache_results: true, results_cache: { cache: { embedded_cache: { enabled: true, max_size_mb: 100 } } } } }],
    ['ruler with local rules', { ruler: { storage: { type: 'local', local: { directory: path.join(data, 'rules') } }, alertmanager_url: 'http://localhost:9093' } }],
    ['named filesystem store', { storage_config: { named_stores: { filesystem: { archive: { directory: path.join(data, 'archive') } } } }, schema_config: { configs: [{ from: '2024-01-01', store: 'tsdb', object_store: 'archive', schema: 'v13', index: { prefix: 'index_', period: '24h' } }] } }],
    ['pattern ingester', { pattern_ingester: { enabled: true } }],
    ['tracing off', { tracing: { enabled: false } }],
    ['per-tenant overrides file', { runtime_config: { file: path.join(data, 'overrides.yaml'), period: '10s' } }],
    ['server timeouts', { server: { http_server_read_timeout: '10m', http_server_write_timeout: '10m', http_server_idle_timeout: '2m' } }],
    ['query scheduler', { query_scheduler: { max_outstanding_requests_per_tenant: 32768 }, querier: { max_concurrent: 8 } }],
    ['frontend compression', { frontend: { compress_responses: true, log_queries_longer_than: '5s' } }],
  ];
  for (const [name, overlay] of variations) cases.push({ name, text: stringify(merge(await base(), overlay)) });
  // Values from the environment (-config.expand-env=true): not judged before Loki fills them in.
  cases.push({
    name: 'ports and sizes from the environment',
    text: stringify(await base()).replace(/http_listen_port: \d+/, 'http_listen_port: ${LOKI_PORT}').replace('per_stream_rate_limit: 8MB', 'per_stream_rate_limit: ${RATE}'),
    env: { LOKI_PORT: '3999', RATE: '4MB' },
  });
  cases.push({
    name: 'schema period from the environment',
    text: stringify(await base()).replace('store: tsdb', 'store: ${INDEX:-tsdb}').replace('period: 24h', 'period: ${PERIOD}'),
    env: { PERIOD: '24h' },
  });
  // Accepted by Loki, read differently from what was probably meant: warnings only.
  cases.push({ name: 'duration without a unit (warning)', text: stringify(merge(await base(), { ingester: { lifecycler: { min_ready_duration: 10 } } })) });
  cases.push({ name: 'fraction for an int (warning)', text: stringify(merge(await base(), { limits_config: { max_streams_per_user: 5000.5 } })) });
  cases.push({ name: 'retention without the compactor (warning)', text: stringify(merge(await base(), { limits_config: { retention_period: '30d' }, compactor: { retention_enabled: false } })) });
  cases.push({ name: 'second YAML document (warning)', text: `${stringify(await base())}---\nauth_enabled: true\n` });
  return cases;
}

describe('Loki config validation agrees with Loki', needs('loki-config agreement', loki), () => {
  let port = 0;
  const base = async () => {
    port ||= await freePort();
    return parseDocument(installScriptConfig(port, port + 1, path.join(data, 'base'))).toJS() as Record<string, unknown>;
  };

  test('valid corpus: Loki accepts every config and we report no error', async () => {
    const cases = await validCorpus(base);
    const verdicts = await inPool(cases, 2, (c) => verify(write(`valid-${c.name}`, c.text), c.env));
    const loki = cases.filter((_, i) => verdicts[i].refused).map((c, i) => `${c.name}: ${verdicts[i].output}`);
    const ours = cases.filter((c) => errorsOf(c.text).length > 0).map((c) => `${c.name}: ${errorsOf(c.text).map((e) => e.message).join(' | ')}`);
    const warned = cases.filter((c) => lokiConfigProblems(c.text).problems.some((p) => p.severity === 'warning')).length;
    console.log(`valid corpus: ${cases.length} configs; refused by Loki: ${loki.length}; errors from us: ${ours.length}; with warnings: ${warned}`);
    assert.deepEqual(loki, [], 'Loki refused configs of the valid corpus');
    assert.deepEqual(ours, [], 'we report errors on configs Loki accepts');
    assert.ok(cases.length >= 40, `only ${cases.length} valid configs`);
  });

  test('mutations: Loki refuses every one and we report an error at the key at fault', async () => {
    const baseText = stringify(await base());
    const mutated = MUTATIONS.map((m) => {
      if (m.text) return m.text(baseText);
      const doc = parseDocument(baseText);
      m.edit!(doc);
      return doc.toString();
    });
    const verdicts = await inPool(MUTATIONS, 2, (m, i) => {
      const file = write(`invalid-${m.name}`, mutated[i]);
      return m.atStart ? start(file) : verify(file);
    });
    const acceptedByLoki: string[] = [];
    const missed: string[] = [];
    const startOnly = MUTATIONS.filter((m) => m.atStart).length;
    MUTATIONS.forEach((m, i) => {
      if (!verdicts[i].refused) acceptedByLoki.push(`${m.name}: ${verdicts[i].output}`);
      const text = mutated[i];
      const at = text.indexOf(m.at, m.after ? text.indexOf(m.after) + m.after.length : 0);
      if (at < 0) return void missed.push(`${m.name}: "${m.at}" is not in the mutated config`);
      const errors = errorsOf(text);
      if (!errors.some((e) => e.start < at + m.at.length && at < Math.max(e.end, e.start + 1))) {
        missed.push(`${m.name}: expected an error at "${m.at}" (offset ${at}); got ${JSON.stringify(errors.map((e) => [e.start, e.end, e.message]))}`);
      }
    });
    console.log(
      `invalid mutations: ${MUTATIONS.length} (${startOnly} refused only at start); accepted by Loki: ${acceptedByLoki.length}; without our error at the key: ${missed.length}`,
    );
    for (const line of [...acceptedByLoki.map((a) => `accepted by Loki: ${a}`), ...missed]) console.log(`  ${line}`);
    assert.deepEqual(acceptedByLoki, [], 'Loki accepted mutations we expected it to refuse');
    assert.deepEqual(missed, []);
    assert.ok(MUTATIONS.length >= 60, `only ${MUTATIONS.length} mutations`);
  });
});

test.after(() => fs.rmSync(work, { recursive: true, force: true }));
