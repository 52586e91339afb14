// Hostile documents of every kind the language server knows, for the fuzz suites (test/lsp/fuzz-*.test.ts,
// test/unit/fuzz-*.test.ts): real seed files, mutated by fast-check (hostile text inserted, ranges cut or
// repeated, deep nesting, long runs of one character, cut-offs). Adding a kind is one line in FUZZ_KINDS.
// Every failing case found is kept in test/fixtures/fuzz/ and replayed first.
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { hostileText } from './hostileText';
import { FIXTURES } from './paths';

export interface FuzzKind {
  /** The document kind (core/documents/kind.ts) the seeds are classified as. */
  kind: string;
  /** The file name a mutated document gets (its kind is recognised by name for most kinds). */
  file: string;
  languageId: string;
  /** Seed files, relative to test/fixtures. */
  seeds: string[];
}

const fixtureFiles = (folder: string, pattern: RegExp): string[] =>
  fs
    .readdirSync(path.join(FIXTURES, folder))
    .filter((f) => pattern.test(f))
    .sort()
    .map((f) => `${folder}/${f}`);

export const FUZZ_KINDS: FuzzKind[] = [
  { kind: 'lb-run-config', file: 'benchmark_config.json', languageId: 'json', seeds: fixtureFiles('configs/valid', /^benchmark_config\..*\.json$/).slice(0, 8) },
  { kind: 'lb-platform-config', file: 'lb/platform.json', languageId: 'json', seeds: ['configs/valid/lb/platform.json', 'configs/invalid/platform-unknown-key/lb/platform.json'] },
  { kind: 'logql', file: 'queries.logql', languageId: 'logql', seeds: ['logql/valid.logql', 'e2e-workspace/queries/errors.logql'] },
  { kind: 'grafana-dashboard', file: 'dashboard.json', languageId: 'json', seeds: ['logql/dashboard-nested-row.json', 'logql/invalid.json'] },
  { kind: 'grafana-provisioning', file: 'provisioning.yaml', languageId: 'yaml', seeds: ['logql/alert-rules.yaml', 'loki-config/grafana-datasources.yaml'] },
  { kind: 'loki-config', file: 'loki-config.yaml', languageId: 'yaml', seeds: ['loki-config/install-loki.yaml', 'loki-config/helm-values.yaml'] },
  { kind: 'alloy', file: 'config.alloy', languageId: 'alloy', seeds: ['alloy/airflow-seed.alloy', 'alloy-pipeline/agreement.alloy'] },
  { kind: 'alloy-yaml', file: 'values.yaml', languageId: 'yaml', seeds: ['alloy/airflow-helmrelease.yaml', 'alloy/configmap.yaml'] },
];

export function seedText(seed: string): string {
  return fs.readFileSync(path.join(FIXTURES, seed), 'utf8');
}

/** Largest run of one character or nesting inserted: big enough to show superlinear work, small enough for CI. */
const LONG = [1_000, 10_000];
const DEEP = [50, 1_200, 5_000];

type Mutation =
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'repeat'; at: number; length: number; times: number }
  | { op: 'cut'; at: number }
  | { op: 'long'; at: number; unit: string; length: number }
  | { op: 'nest'; at: number; open: string; close: string; depth: number };

const at = fc.double({ min: 0, max: 1, noNaN: true });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('insert' as const), at, text: hostileText }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 200 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('repeat' as const), at, length: fc.integer({ min: 1, max: 80 }), times: fc.integer({ min: 2, max: 50 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cut' as const), at }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('long' as const), at, unit: fc.constantFrom('k', '"', '\\', '(', '{', '|', '`', ' ', '\n', 'é', '😀'), length: fc.constantFrom(...LONG) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('nest' as const),
      at,
      open: fc.constantFrom('[', '{"a":', '(', '{'),
      close: fc.constantFrom(']', '}', ')', ''),
      depth: fc.constantFrom(...DEEP),
    }),
  },
);

function apply(text: string, m: Mutation): string {
  const i = Math.floor(m.at * text.length);
  switch (m.op) {
    case 'insert':
      return text.slice(0, i) + m.text + text.slice(i);
    case 'delete':
      return text.slice(0, i) + text.slice(i + m.length);
    case 'repeat':
      return text.slice(0, i) + text.slice(i, i + m.length).repeat(m.times) + text.slice(i + m.length);
    case 'cut':
      return text.slice(0, i);
    case 'long':
      return text.slice(0, i) + m.unit.repeat(m.length) + text.slice(i);
    case 'nest':
      return text.slice(0, i) + m.open.repeat(m.depth) + m.close.repeat(m.depth) + text.slice(i);
  }
}

/** A seed of `kind` with one to four mutations applied. */
export function mutatedDocument(kind: FuzzKind): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...kind.seeds), fc.array(mutation, { minLength: 1, maxLength: 4 }))
    .map(([seed, mutations]) => mutations.reduce(apply, seedText(seed)));
}

/**
 * Failing cases found so far, kept as regression tests: `test/fixtures/fuzz/<kind>--<name>` holds the text;
 * `<kind>--open-<name>` is a defect not fixed yet (run, but reported as TODO rather than failing the suite).
 */
export function regressionCases(kind: FuzzKind): Array<{ name: string; text: string; open: boolean }> {
  const folder = path.join(FIXTURES, 'fuzz');
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((f) => f.startsWith(`${kind.kind}--`))
    .sort()
    .map((f) => ({ name: f, text: fs.readFileSync(path.join(folder, f), 'utf8'), open: f.startsWith(`${kind.kind}--open-`) }));
}

/** Positions to ask about: spread over the document, including both ends. */
export function probeOffsets(text: string, count: number, seed: number): number[] {
  const offsets = [0, text.length];
  let x = seed >>> 0 || 1;
  for (let k = 0; k < count; k++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    offsets.push(x % (text.length + 1));
  }
  return offsets;
}

/** Stack frames, engine errors and raw control characters: none may reach a user. */
export const STACK_FRAME = /^\s+at \S.*(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/m;
export const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
