// `lb-obs` under hostile input, in-process through main() (the same dispatch as the shipped CLI): mutated
// documents of every kind to `validate` and `logql check`, hostile values to every link builder and to
// `logql check --query`. Every run must end with a contract exit code (0, 1, 2), print no stack frame, no raw
// control character and no "unexpected error"; every printed Explore link must carry valid LogQL whose run id
// is exactly the one given. Deterministic seed, fixed counts, printed at the end.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { main } from '../../cli/lb-obs';
import type { CliIo } from '../../cli/io';
import { emptyHomeEnv } from '../support/emptyHome';
import { FUZZ_KINDS, mutatedDocument, RAW_CONTROL, regressionCases, STACK_FRAME } from '../support/fuzzDocuments';
import { decodeExploreUrl, queryStrings } from '../support/grafanaLinks';
import { hostileText, nonEmptyHostileText } from '../support/hostileText';

const SEED = 13;
const DOCUMENTS_PER_KIND = 25;
const LINK_CASES = 150;
/** No output line of a check may be longer: messages quote user text shortened. */
const MAX_LINE = 2000;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-fuzz-cli-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const env: NodeJS.ProcessEnv = { ...emptyHomeEnv(), PATH: process.env.PATH };
const counts = { documents: 0, runs: 0, links: 0 };
const failures: string[] = [];

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function lbObs(args: string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTTY: false, env, cwd: dir };
  counts.runs++;
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** The contract every run keeps, whatever the input; a broken one is recorded with the arguments. */
function check(args: string[], r: Outcome, textOutput = true): void {
  const problems: string[] = [];
  if (![0, 1, 2].includes(r.code)) problems.push(`exit code ${r.code}`);
  for (const [name, text] of [['stdout', r.stdout], ['stderr', r.stderr]] as const) {
    if (STACK_FRAME.test(text)) problems.push(`a stack frame in ${name}`);
    if (/unexpected error/.test(text)) problems.push(`an unexpected error in ${name}: ${text.slice(0, 300)}`);
    if ((name === 'stderr' || textOutput) && RAW_CONTROL.test(text)) problems.push(`a raw control character in ${name}`);
    const long = text.split('\n').find((l) => l.length > MAX_LINE);
    if (long) problems.push(`a line of ${long.length} characters in ${name}: ${long.slice(0, 200)}`);
  }
  if (problems.length) failures.push(`${JSON.stringify(args).slice(0, 300)}: ${problems.join('; ')}`);
}

let fileCounter = 0;
async function checkDocument(kindFile: string, text: string): Promise<void> {
  const file = path.join(String(++fileCounter), kindFile);
  fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
  counts.documents++;
  for (const args of [['validate', file], ['logql', 'check', file], ['validate', '--format', 'json', file]]) {
    const r = await lbObs(args);
    check(args, r, !args.includes('json'));
    if (args.includes('json') && r.code !== 2) {
      try {
        JSON.parse(r.stdout);
      } catch {
        failures.push(`${JSON.stringify(args)}: --format json printed no JSON`);
      }
    }
  }
}

for (const kind of FUZZ_KINDS) {
  test(`validate and logql check: ${kind.kind}, kept regressions and ${DOCUMENTS_PER_KIND} mutated documents`, async (t) => {
    const before = failures.length;
    for (const r of regressionCases(kind)) await checkDocument(kind.file, r.text);
    for (const text of fc.sample(mutatedDocument(kind), { seed: SEED, numRuns: DOCUMENTS_PER_KIND })) await checkDocument(kind.file, text);
    t.diagnostic(`${kind.kind}: failures ${failures.length - before}`);
    assert.deepEqual(failures.slice(before), []);
  });
}

const G = ['--datasource-uid', 'loki-main'];
const optional = (flag: string, value: fc.Arbitrary<string>) => fc.option(value.map((v) => [flag, v]), { nil: undefined });

/** Hostile argument lists for each link builder, with a valid datasource so that no network is asked. */
const linkArgs: fc.Arbitrary<string[]> = fc.oneof(
  fc
    .tuple(nonEmptyHostileText, optional('--grep', hostileText), fc.boolean(), fc.boolean(), optional('--component', nonEmptyHostileText), optional('--host', nonEmptyHostileText), optional('--level', hostileText))
    .map(([runId, grep, regex, cs, component, host, level]) => [
      'link', 'run', '--run-id', runId, ...G, ...(grep ?? []), ...(regex ? ['--regex'] : []), ...(cs ? ['--case-sensitive'] : []), ...(component ?? []), ...(host ?? []), ...(level ?? []),
    ]),
  fc.tuple(hostileText, optional('--node', hostileText)).map(([execution, node]) => ['link', 'flyte', '--execution', execution, ...G, ...(node ?? [])]),
  fc
    .tuple(nonEmptyHostileText, optional('--task-id', hostileText), optional('--run-id', hostileText), fc.constantFrom('labels', 'line-filter'), fc.boolean())
    .map(([dag, task, run, mode, raw]) => ['link', 'airflow', '--dag-id', dag, ...G, ...(task ?? []), ...(run ?? []), '--mode', mode, ...(raw ? ['--raw-label-values'] : [])]),
  hostileText.map((expr) => ['link', 'query', '--expr', `{app="a"} |= "${expr}"`, ...G]),
  hostileText.map((expr) => ['link', 'query', '--expr', expr, ...G]),
  fc.tuple(hostileText, hostileText).map(([uid, value]) => ['link', 'dashboard', '--uid', uid, '--var', `run_id=${value}`]),
  hostileText.map((q) => ['logql', 'check', '--query', q]),
  fc.tuple(hostileText, hostileText).map(([from, to]) => ['link', 'query', '--expr', '{app="a"}', ...G, '--from', from, '--to', to]),
);

test(`link builders and logql check --query: ${LINK_CASES} hostile argument lists`, async (t) => {
  const before = failures.length;
  for (const args of fc.sample(linkArgs, { seed: SEED, numRuns: LINK_CASES })) {
    const r = await lbObs(args);
    check(args, r, args[1] !== 'run' && args[1] !== 'query');
    if (r.code !== 0 || args[0] !== 'link' || args[1] === 'dashboard') continue;
    counts.links++;
    try {
      const { expr } = decodeExploreUrl(r.stdout.trim());
      const strings = queryStrings(expr);
      if (args[1] === 'run') {
        const runId = args[args.indexOf('--run-id') + 1];
        assert.deepEqual(strings.find((s) => s.label === 'run_id'), { kind: 'matcher', label: 'run_id', op: '=', value: runId });
      }
    } catch (err) {
      failures.push(`${JSON.stringify(args)}: the link is wrong: ${(err as Error).message.slice(0, 500)}`);
    }
  }
  t.diagnostic(`links printed ${counts.links}, failures ${failures.length - before}`);
  assert.deepEqual(failures.slice(before), []);
});

test('totals', (t) => {
  t.diagnostic(`documents ${counts.documents}, CLI runs ${counts.runs}, links ${counts.links}, failures ${failures.length}`);
  assert.equal(failures.length, 0);
});
