// The committed Loki schema is what the generator makes from the Loki source the suite builds, and our scalar
// checks decide like Loki's own decoding (yaml.v2 into the Go types, then Loki's parsers) on the same values.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { isMap, Node } from 'yaml';
import { ValueChecker } from '../../core/lokiConfig/checkValues';
import { ProblemList } from '../../core/lokiConfig/problems';
import type { LokiType } from '../../core/lokiConfig/schema';
import { parseLokiYaml } from '../../core/lokiConfig/validateLokiConfig';
import { REPO_ROOT } from '../support/paths';
import { needs, Prerequisite } from '../support/prerequisites';

function goToolchain(): Prerequisite {
  for (const candidate of [process.env.GOROOT && path.join(process.env.GOROOT, 'bin', 'go'), '/usr/local/go/bin/go', '/usr/bin/go']) {
    if (candidate && fs.existsSync(candidate)) return { name: 'Go', path: candidate };
  }
  return { name: 'Go', missing: 'no Go toolchain (needed to build scripts/loki-schema)' };
}

let generator: string | undefined;

function generatorBinary(): string {
  generator ??= execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'loki-schema', 'build.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 40 * 60_000 })
    .trim()
    .split('\n')
    .pop()!;
  return generator;
}

const TYPES: LokiType[] = ['bool', 'int64', 'uint32', 'uint64', 'float', 'string', 'duration', 'model_duration', 'bytesize', 'bytes', 'day', 'log_level'];

const VALUES = [
  '0', '10', '-5', '+5', '5000.5', '3.0', '1e3', '1.0e+3', '0x1F', '010', '0o17', '0b101', '1_000', '"10"', "'10'", '.5', '-.inf', '.nan',
  '99999999999999999999', '-1', '-1.5', '-3e30', '4294967296', '18446744073709551616', '9223372036854775807', '9223372036854775808',
  'true', 'false', 'yes', 'no', 'on', 'off', 'y', 'N', 'True', 'FALSE', '"true"', '~', 'null', "''",
  '30d', '1d', '5m', '1h30m', '1.5h', '-10m', '30days', '5 minutes', '1w', '1y', '0s', '10ms', '1µs', '1us', '2h45m30s', '1h1d', '"5m"', "'1h'", '1h 30m', 'h', '.5h', '1.h',
  '256KB', '256KiB', '1.5MB', '10 MB', 'lots', '1mb', '1024', '16MB', '512MiB', '1GiB512MiB', '1GB', '1GiB1MB', '2kb', '3 kilobytes', '1EB', '1Kb',
  '2024-01-01', '2024-13-01', '01/01/2024', '2024-1-1', '"2024-02-30"', '2024-01-01T00:00:00Z',
  'debug', 'info', 'warn', 'error', 'verbose', '"debug"', 'INFO',
  '[1]', '[]', '{a: 1}', '{}', 'abc', '"a b"', '|-\n  5m', '>\n  10MB',
];

/** Whether our checks accept `yaml` for a field of `type`: no error from the schema walk. */
function oursAccept(type: LokiType, yaml: string): boolean {
  const problems = new ProblemList();
  const doc = parseLokiYaml(`v: ${yaml}\n`)[0];
  if (doc.errors.length > 0) return false;
  const value = isMap(doc.contents) ? (doc.contents.get('v', true) as Node) : undefined;
  new ValueChecker(problems, () => undefined).check(value, { name: 'v', type }, ['v']);
  return !problems.problems.some((p) => p.severity === 'error');
}

describe('Loki schema generator', needs('loki-config schema', goToolchain()), () => {
  test('the committed schema is what the generator makes from Loki\'s source', () => {
    const version = /^LOKI_VERSION=(\S+)$/m.exec(fs.readFileSync(path.join(REPO_ROOT, 'scripts', 'prereqs', 'versions.env'), 'utf8'))![1];
    const generated = JSON.parse(execFileSync(generatorBinary(), ['-version', version], { cwd: path.join(REPO_ROOT, 'scripts', 'loki-schema'), encoding: 'utf8', maxBuffer: 64 << 20 }));
    const committed = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'loki', 'loki-config.schema.json'), 'utf8'));
    const changed = Object.keys({ ...generated.blocks, ...committed.blocks }).filter(
      (id) => JSON.stringify(generated.blocks[id]) !== JSON.stringify(committed.blocks[id]),
    );
    console.log(`schema: ${Object.keys(generated.blocks).length} blocks generated; ${changed.length} differ from the committed schema`);
    assert.deepEqual(changed, [], 'regenerate: "$(bash scripts/loki-schema/build.sh)" -version <LOKI_VERSION> > schemas/loki/loki-config.schema.json');
    assert.deepEqual(generated, committed);
  });

  test('scalar values: our checks accept exactly what Loki\'s YAML decoding accepts', () => {
    const cases = TYPES.flatMap((type) => VALUES.map((yaml) => ({ type, yaml })));
    const input = cases.map((c) => JSON.stringify(c)).join('\n') + '\n';
    const output = execFileSync(generatorBinary(), ['-check'], { cwd: path.join(REPO_ROOT, 'scripts', 'loki-schema'), input, encoding: 'utf8', maxBuffer: 64 << 20 });
    const verdicts = output.trim().split('\n').map((l) => JSON.parse(l) as { ok: boolean; error?: string });
    assert.equal(verdicts.length, cases.length);
    const disagreements = cases
      .map((c, i) => ({ ...c, go: verdicts[i], ours: oursAccept(c.type, c.yaml) }))
      .filter((c) => c.go.ok !== c.ours)
      .map((c) => `${c.type} ${JSON.stringify(c.yaml)}: Loki ${c.go.ok ? 'accepts' : `refuses (${c.go.error})`}, we ${c.ours ? 'accept' : 'refuse'}`);
    console.log(`scalar values: ${cases.length} (type, value) pairs; disagreements with Go: ${disagreements.length}`);
    assert.deepEqual(disagreements, []);
  });
});
