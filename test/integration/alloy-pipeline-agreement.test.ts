// The pipeline preview agrees with Alloy: the same configuration and entries go through Alloy v1.11.0's own
// loki.process stages (scripts/prereqs/alloy.sh builds them; see its header for why not the alloy binary) and
// through the preview's engine, and every entry must come out the same: dropped or not, line, labels,
// structured metadata, timestamp and extracted values. Agreement counts are printed per field.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { EntryResult, SampleEntry } from '../../core/alloy/pipeline/model';
import { previewPipeline } from '../../core/alloy/pipeline/preview';
import { REPO_ROOT } from '../support/paths';
import { alloyStagesBinary, needs } from '../support/prerequisites';

const CONFIG = path.join(REPO_ROOT, 'test', 'fixtures', 'alloy-pipeline', 'agreement.alloy');
const oracle = alloyStagesBinary();

interface OracleOutput {
  line: string;
  labels: Record<string, string>;
  structuredMetadata: Array<{ name: string; value: string }>;
  timestamp: string;
  extracted: Record<string, unknown>;
  dropped: boolean;
}

/** A deterministic mix of the lines these pipelines meet, odd ones included. */
function sampleEntries(count: number): SampleEntry[] {
  let seed = 20240101;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pick = <T>(xs: T[]) => xs[rand(xs.length)];
  const levels = ['INFO', 'WARNING', 'ERROR', 'DEBUG'];
  const entries: SampleEntry[] = [];
  const base = Date.parse('2024-03-10T06:00:00Z');
  for (let i = 0; i < count; i++) {
    const timestamp = new Date(base + i * 1500).toISOString();
    const pod = `pod-${rand(5)}`;
    const kind = i % 8;
    const ms = String(rand(1000)).padStart(3, '0');
    const iso = `2024-03-${String(1 + rand(28)).padStart(2, '0')}T${String(rand(24)).padStart(2, '0')}:${String(rand(60)).padStart(2, '0')}:${String(rand(60)).padStart(2, '0')}.${ms}+0${rand(3)}00`;
    const dag = pick(['hello_world', 'etl_daily', 'train-model', 'ünïcode_dag']);
    let line: string;
    let namespace: string;
    if (kind <= 2) {
      namespace = 'airflow';
      const level = pick(levels);
      const tail = pick(['', ' password=hunter2', ' heartbeat ok', ' try_number=2', ' extra="quoted value"']);
      line = `[${iso}] {taskinstance.py:${rand(2000)}} ${level} - dag_id=${dag} task_id=t${rand(9)} execution_date=2024-03-0${1 + rand(9)}T00:00:00+00:00${tail}`;
      if (i % 23 === 0) line = `[not a date] {x.py:1} INFO - dag_id=${dag}`;
      if (i % 31 === 0) line = 'Traceback (most recent call last):';
    } else if (kind <= 4) {
      namespace = 'lb';
      const record: Record<string, unknown> = {
        time: `2024-03-10T07:${String(rand(60)).padStart(2, '0')}:00.${ms}${rand(1000)}Z`,
        level: pick(['info', 'warning', 'error', 'debug']),
        logger: pick(['lb.runner', 'lb.sink', 'lb.workload']),
        message: pick(['run started', 'sample written', 'password=abc retry', 'done: 100%', '"quoted" <b>']),
        ctx: { run_id: `r-${rand(100)}`, n: rand(3) === 0 ? rand(50) : undefined },
        tags: rand(2) ? ['a', 'b'] : { nested: true },
      };
      line = JSON.stringify(record);
      if (i % 17 === 0) line = '{"level": "info", broken json';
      if (i % 19 === 0) line = JSON.stringify({ level: 5, logger: null, message: 1.5e21, time: 'yesterday' });
    } else if (kind === 5 && i % 3 !== 0) {
      namespace = 'pods';
      // CRI lines of a few containers, some split into partial lines (flag P) that the cri stage joins.
      const flag = rand(3) === 0 ? 'P' : 'F';
      const text = pick(['level=info msg=ready', 'level=error msg="a long message that goes on and on past forty bytes"', 'no level here', '']);
      line = rand(10) === 0 ? `garbage ${text}` : `2024-03-10T07:00:${String(rand(60)).padStart(2, '0')}.${String(rand(1e9)).padStart(9, '0')}Z ${pick(['stdout', 'stderr'])} ${flag} ${text}`;
    } else if (kind === 5) {
      namespace = 'docker';
      const log = pick(['level=warn msg=disk\n', 'plain text\n', 'level=info msg="quoted value"\n']);
      line = `{"log":"${log}","stream":"${pick(['stdout', 'stderr'])}","time":"2024-03-10T07:01:02.${String(rand(1e9)).padStart(9, '0')}Z"}`;
      if (i % 13 === 0) line = '{"log":"no time"}';
    } else {
      namespace = 'services';
      const ts = pick([String(1710050000000 + rand(100000)), '2024-03-10T07:00:00Z', '2024-03-10 07:00:00', 'bogus']);
      const user = pick(['alice@example.com', 'bob@corp.io', 'carol', '']);
      line = `ts=${ts} lvl=${pick(['INFO', 'warn', 'TRACE', 'error', ''])} user=${user} duration=${rand(900)}ms msg="${pick(['ok', 'slow request', 'x'.repeat(rand(2) ? 5 : 220)])}"`;
      if (i % 29 === 0) line = 'ts= lvl="unterminated';
    }
    entries.push({ line, labels: { namespace, pod: namespace === 'pods' ? `pod-${rand(2)}` : pod, app: `app-${rand(3)}` }, timestamp });
  }
  return entries;
}

/** Values as comparable text: metadata order is Alloy's map order (random), JSON text is compared as data. */
function normalize(r: { line: string; labels: Record<string, string>; structuredMetadata: Array<{ name: string; value: string }>; timestamp: string; extracted: Record<string, unknown> }) {
  const json = (v: unknown) => {
    if (typeof v !== 'string' || !/^[[{]/.test(v)) return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  };
  return {
    line: json(r.line),
    labels: r.labels,
    structuredMetadata: r.structuredMetadata.map((m) => `${m.name}=${m.value}`).sort(),
    timestamp: r.timestamp,
    extracted: Object.fromEntries(Object.entries(r.extracted).map(([k, v]) => [k, json(v)])),
  };
}

describe('the pipeline preview agrees with Alloy v1.11.0 entry by entry', needs('alloy pipeline agreement', oracle), () => {
  const entries = sampleEntries(240);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-alloy-agreement-'));
  const input = path.join(dir, 'entries.jsonl');
  fs.writeFileSync(input, entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const text = fs.readFileSync(CONFIG, 'utf8');

  for (const component of ['airflow', 'services', 'containers', 'docker']) {
    test(`loki.process "${component}" on ${entries.length} entries`, async () => {
      const stdout = execFileSync(oracle.path!, [CONFIG, component, input], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const expected = stdout.trim().split('\n').map((l) => JSON.parse(l) as OracleOutput);
      const ours = await previewPipeline({ documentText: text, component, entries });
      if (!ours.ok) assert.fail(ours.message);
      assert.equal(ours.notSimulated.length, 0);
      assert.equal(expected.length, entries.length);

      const compared = ['line', 'labels', 'structuredMetadata', 'timestamp', 'extracted'] as const;
      const fields = ['dropped', ...compared] as const;
      const agree = Object.fromEntries(fields.map((f) => [f, 0])) as Record<(typeof fields)[number], number>;
      const disagreements: string[] = [];
      expected.forEach((want, i) => {
        const got: EntryResult = ours.results[i];
        // Alloy sends nothing for a dropped entry, nor (yet) for a partial line stage.cri holds.
        const dropped = got.droppedBy !== undefined || got.heldBy !== undefined;
        if (dropped === want.dropped) agree.dropped++;
        else disagreements.push(`#${i} dropped: Alloy ${want.dropped}, preview ${dropped} (${got.droppedBy}) for ${JSON.stringify(entries[i])}`);
        if (dropped || want.dropped) {
          for (const f of compared) if (dropped === want.dropped) agree[f]++;
          return;
        }
        const a = normalize(want);
        const b = normalize(got);
        for (const f of compared) {
          try {
            assert.deepStrictEqual(b[f], a[f]);
            agree[f]++;
          } catch {
            disagreements.push(`#${i} ${f}: Alloy ${JSON.stringify(a[f])}, preview ${JSON.stringify(b[f])} for ${JSON.stringify(entries[i])}`);
          }
        }
      });
      const dropCount = expected.filter((e) => e.dropped).length;
      console.log(
        `loki.process "${component}": ${entries.length} entries (${dropCount} not sent by Alloy); agreement ` +
          fields.map((f) => `${f} ${agree[f]}/${entries.length}`).join(', '),
      );
      assert.deepEqual(disagreements.slice(0, 10), []);
    });
  }
});
