// Builds the public LogQL corpus test/fixtures/logql/corpus/loki-<version>.json from Loki's own module source
// (the version the tests run, from the Go module cache: `go mod download` in scripts/prereqs/loki-build fetches
// it): the string literals of its LogQL tests that read as queries (decoded by Go itself, go-strings/), the
// queries of its docs (fenced blocks and inline code), and the Loki panels and variables of its dashboards
// (mixins, Helm chart, examples; Grafana-templated). Each entry records where it comes from; verdicts are not recorded: the real
// Loki decides in test/integration/logql-loki-agreement.test.ts.
// Usage: node scripts/run-ts.mjs scripts/corpora/logql.ts
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { dashboardQueries } from '../../core/logql/embedded/dashboardQueries';
import { FUNCTION_NAMES } from '../../core/logql/catalog';
import { substituteVariables } from '../../core/logql/grafanaVariables';

const ROOT = process.cwd();
const versions = fs.readFileSync(path.join(ROOT, 'scripts', 'prereqs', 'versions.env'), 'utf8');
const LOKI_VERSION = /^LOKI_VERSION=(\S+)/m.exec(versions)![1];
const GOMODCACHE = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
const LOKI = path.join(GOMODCACHE, 'github.com', 'grafana', 'loki', `v3@${LOKI_VERSION}`);
const OUT = path.join(ROOT, 'test', 'fixtures', 'logql', 'corpus', `loki-${LOKI_VERSION}.json`);

/** Where Loki's tests hold LogQL: the parser, AST and engine tests, the query frontend's, and every other package's. */
const TEST_DIRS = ['pkg', 'integration', 'cmd', 'tools', 'clients'];
/** Loki's query benchmark writes query templates (`${SELECTOR}`, `${RANGE}`), not queries. */
const NOT_QUERIES = ['pkg/logql/bench/'];
const DOCS_DIR = 'docs/sources';
/** Grafana dashboards are recognised by content among the JSON files here (mixins, Helm chart, examples). */
const DASHBOARD_DIRS = ['production', 'examples'];

export interface CorpusEntry {
  query: string;
  /** `<file in Loki's module>:<line>`. */
  source: string;
  /** Holds Grafana variables: Grafana replaces them before Loki sees the query. */
  templated: boolean;
}

const FUNCTIONS = new Set(FUNCTION_NAMES.map((f) => f.toLowerCase()));
const START = /^\s*(?:\{\s*[A-Za-z_]|([A-Za-z_]+)\s*(?:\(|\b(?:by|without)\s*\())/;

/** Whether text reads as a LogQL query: a stream selector, or a LogQL function applied to something. */
function readsAsQuery(text: string): boolean {
  const m = START.exec(text);
  if (!m || (m[1] && !FUNCTIONS.has(m[1].toLowerCase()))) return false;
  return text.includes('{') && text.includes('}') && text.length <= 20_000 && !text.startsWith('{{');
}

/**
 * Whether Loki's tests and docs use Grafana variables: only outside strings counts (`$q` in a line_format
 * template is the template's own variable). In dashboards every variable is Grafana's.
 */
function templated(query: string, inDashboard = false): boolean {
  return substituteVariables(query).variables.some((v) => inDashboard || !v.inString);
}

function relative(file: string): string {
  return path.relative(LOKI, file);
}

function fromTests(): CorpusEntry[] {
  const files = TEST_DIRS.flatMap((d) => filesUnder(path.join(LOKI, d), '_test.go')).filter((f) => !NOT_QUERIES.some((d) => relative(f).startsWith(d)));
  const lines = execFileSync('go', ['run', '.', ...files], {
    cwd: path.join(ROOT, 'scripts', 'corpora', 'go-strings'),
    env: { ...process.env, GO111MODULE: 'off' },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return lines
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { file: string; line: number; value: string })
    .filter((s) => readsAsQuery(s.value))
    .map((s) => ({ query: s.value, source: `${relative(s.file)}:${s.line}`, templated: templated(s.value) }));
}

function filesUnder(dir: string, suffix: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p, suffix) : e.name.endsWith(suffix) ? [p] : [];
  }).sort();
}

/** Queries of a fenced block: a query starts at an unindented line that reads as one; other lines continue it. */
function blockQueries(lines: string[], firstLine: number, file: string): CorpusEntry[] {
  const found: CorpusEntry[] = [];
  let current: { text: string[]; line: number } | undefined;
  const flush = () => {
    const query = current?.text.join('\n').trim();
    if (current && query && readsAsQuery(query)) found.push({ query, source: `${relative(file)}:${current.line}`, templated: templated(query) });
    current = undefined;
  };
  lines.forEach((line, i) => {
    if (line.trim() === '') flush();
    else if (!/^\s/.test(line) && START.exec(line) && readsAsQuery(line.includes('}') ? line : `${line}}`)) {
      flush();
      current = { text: [line], line: firstLine + i };
    } else current?.text.push(line);
  });
  flush();
  return found;
}

function fromDocs(): CorpusEntry[] {
  const found: CorpusEntry[] = [];
  for (const file of filesUnder(path.join(LOKI, DOCS_DIR), '.md')) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const fence = /^\s*```\s*(\w*)/.exec(lines[i]);
      if (fence) {
        const end = lines.findIndex((l, j) => j > i && /^\s*```/.test(l));
        const close = end < 0 ? lines.length : end;
        if (fence[1] === '' || fence[1] === 'logql') found.push(...blockQueries(lines.slice(i + 1, close), i + 2, file));
        i = close;
        continue;
      }
      for (const m of lines[i].matchAll(/(?<!`)`([^`]+)`(?!`)/g)) {
        const query = m[1].trim();
        if (readsAsQuery(query) && !/^\{\s*\w+\s*\}$/.test(query)) found.push({ query, source: `${relative(file)}:${i + 1}`, templated: templated(query) });
      }
    }
  }
  return found;
}

function fromDashboards(): CorpusEntry[] {
  const found: CorpusEntry[] = [];
  for (const dir of DASHBOARD_DIRS.map((d) => path.join(LOKI, d)).filter((d) => fs.existsSync(d))) {
    for (const file of filesUnder(dir, '.json')) {
      const text = fs.readFileSync(file, 'utf8');
      for (const q of dashboardQueries(text)) {
        const line = text.slice(0, q.host.start).split('\n').length;
        found.push({ query: q.text, source: `${relative(file)}:${line}`, templated: templated(q.text, true) });
      }
    }
  }
  return found;
}

function main(): void {
  if (!fs.existsSync(LOKI)) {
    console.error(`Loki ${LOKI_VERSION}'s module is not in ${GOMODCACHE}: run \`cd scripts/prereqs/loki-build && go mod download\``);
    process.exit(1);
  }
  const seen = new Set<string>();
  const corpus: CorpusEntry[] = [];
  const counts: Record<string, number> = {};
  for (const [origin, entries] of [['tests', fromTests()], ['docs', fromDocs()], ['dashboards', fromDashboards()]] as const) {
    for (const e of entries) {
      if (seen.has(e.query)) continue;
      seen.add(e.query);
      corpus.push(e);
      counts[origin] = (counts[origin] ?? 0) + 1;
    }
  }
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, `${JSON.stringify(corpus, null, 1)}\n`);
  const templated = corpus.filter((e) => e.templated).length;
  console.log(`${path.relative(ROOT, OUT)}: ${corpus.length} queries (${Object.entries(counts).map(([k, v]) => `${v} from ${k}`).join(', ')}; ${templated} Grafana-templated)`);
}

main();
