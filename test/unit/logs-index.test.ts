// The log engine's index against ground truth: generated lb runs (with malformed lines, a BOM, CRLF, very
// long lines) indexed in one thread and on the worker pool give every line exactly once, with the right
// fields, order, filters, facets, histogram and details.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { LocalLogSession } from '../../core/logs/logSession';
import { LOG_LEVELS, LogFilter, LogRow, LogSessionInfo } from '../../core/logs/model';
import { createLogSession } from '../../core/logs/openLogSession';
import { formatTimestamp } from '../../core/logs/timestamp';
import { TruthLine, allRows, rowKey, truthKey, truthLines } from '../support/logTruth';
import { REPO_ROOT } from '../support/paths';
import { GeneratedRun, MALFORMED_KINDS, generateRun, malformedLine, seededRandom, writeLogFile } from '../support/runGenerator';

const SCAN_WORKER = path.join(REPO_ROOT, 'dist', 'logScanWorker.js');

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-logs-index-'));
}

/** Truth lines of a run in the session's source order (backups oldest first, then live files, by name). */
function runTruth(run: GeneratedRun): TruthLine[] {
  return [...run.files].sort().flatMap((f) => truthLines(f));
}

function sourceNames(session: LocalLogSession): Promise<string[]> {
  return session.info().then((i) => i.sources.map((s) => s.name));
}

async function keysOf(session: LocalLogSession): Promise<string[]> {
  const names = await sourceNames(session);
  return (await allRows(session)).map((r) => rowKey(r, names[r.source]));
}

describe('indexing a generated run', () => {
  let dir: string;
  let run: GeneratedRun;
  let truth: TruthLine[];
  let session: LocalLogSession;

  before(async () => {
    dir = tmpDir();
    run = generateRun(dir, { linesPerFile: 1500, malformedRate: 0.02, seed: 11 });
    truth = runTruth(run);
    session = await createLogSession({ runDir: run.runDir, follow: false });
  });
  after(async () => {
    await session.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('counts match the generator: records + malformed = lines, per level, component, host, workload', async () => {
    const info = await session.info();
    assert.equal(info.lines, run.truth.lines);
    assert.equal(info.records, run.truth.records);
    assert.equal(info.unparsed, run.truth.malformed);
    assert.equal(info.records + info.unparsed, info.lines);
    assert.equal(info.firstTime, run.truth.firstTime);
    assert.equal(info.lastTime, run.truth.lastTime);
    const facets = await session.facets();
    assert.deepEqual(facets.level, run.truth.byLevel);
    assert.deepEqual(facets.component, run.truth.byComponent);
    assert.deepEqual(facets.host, run.truth.byHost);
    assert.deepEqual(facets.workload, run.truth.byWorkload);
  });

  test('every line of every file is one row, with its offset, fields and message', async () => {
    assert.deepEqual((await keysOf(session)).sort(), truth.map(truthKey).sort());
  });

  test('rows are merged by time across files, each file keeping its own order', async () => {
    const rows = await allRows(session);
    let last = -Infinity;
    for (const r of rows) {
      if (r.time === null) continue;
      assert.ok(r.time >= last, `row ${r.index} at ${r.time} after ${last}`);
      last = r.time;
    }
    const names = await sourceNames(session);
    for (const file of run.files) {
      const offsets = rows.filter((r) => names[r.source] === file).map((r) => r.offset);
      assert.deepEqual(offsets, [...offsets].sort((a, b) => a - b), `${file} keeps its order`);
    }
  });

  test('the worker pool, cutting files into many small parts, gives exactly the same rows, with progress as parts are in', async () => {
    const progress: Array<[number, number]> = [];
    const parallel = await createLogSession({
      runDir: run.runDir,
      follow: false,
      scanWorkerScript: SCAN_WORKER,
      scanWorkers: 3,
      scanMinPartBytes: 2048,
      onProgress: (done, total) => progress.push([done, total]),
    });
    try {
      assert.deepEqual(await keysOf(parallel), await keysOf(session));
      assert.deepEqual(await parallel.facets(), await session.facets());
      // The totals, counted part by part as the parts come in, are those of one pass.
      const totals = ({ lines, records, unparsed, firstTime, lastTime }: LogSessionInfo) => ({ lines, records, unparsed, firstTime, lastTime });
      assert.deepEqual(totals(await parallel.info()), totals(await session.info()));
      const total = run.files.reduce((sum, f) => sum + fs.statSync(f).size, 0);
      // Each part reports once it and those before it are in (the files are cut into about 8 parts): progress is
      // seen before the scan ends, bytes only grow, and the last report is the whole.
      assert.ok(progress.length >= 4 && progress[0][0] < total, JSON.stringify(progress));
      assert.ok(progress.every(([done, t], k) => t === total && done <= total && (k === 0 || done >= progress[k - 1][0])), JSON.stringify(progress));
      assert.deepEqual(progress[progress.length - 1], [total, total]);
    } finally {
      await parallel.dispose();
    }
  });

  test('details give the line as written and the parsed record', async () => {
    const rows = await allRows(session);
    const names = await sourceNames(session);
    const byKey = new Map(truth.map((t) => [`${t.file}:${t.offset}`, t]));
    for (const r of rows.filter((_, i) => i % 97 === 0)) {
      const d = await session.details(r.index);
      const t = byKey.get(`${names[r.source]}:${r.offset}`)!;
      assert.equal(d!.source, t.file);
      assert.equal(d!.offset, t.offset);
      if (t.parsed) {
        assert.equal(d!.raw, t.raw.toString('utf8'));
        assert.deepEqual(d!.record, JSON.parse(t.raw.toString('utf8')));
      }
    }
    assert.equal(await session.details(-1), null);
    assert.equal(await session.details(rows.length), null);
  });

  const filters: Array<[string, LogFilter, (t: TruthLine) => boolean]> = [
    ['minimum level WARNING', { minLevel: 'WARNING' }, (t) => !t.parsed || LOG_LEVELS.indexOf(t.level!) >= 2],
    ['components and hosts', { components: ['k6', 'dfaas'], hosts: ['node-2'] }, (t) => !t.parsed || (['k6', 'dfaas'].includes(t.component!) && t.host === 'node-2')],
    ['workload, repetition and phase', { workloads: ['dfaas'], repetitions: [2], phases: ['setup'] }, (t) => !t.parsed || (t.workload === 'dfaas' && t.repetition === 2 && t.phase === 'setup')],
    ['text, case-insensitive', { text: 'TÂCHE terminée' }, (t) => (t.parsed ? t.message : t.raw.toString('utf8')).toLowerCase().includes('tâche terminée')],
    ['text, case-sensitive', { text: 'Function figlet', caseSensitive: true }, (t) => (t.parsed ? t.message : t.raw.toString('utf8')).includes('Function figlet')],
    ['regular expression', { text: 'exit status \\d{3}$', regex: true }, (t) => /exit status \d{3}$/i.test(t.parsed ? t.message : t.raw.toString('utf8'))],
    ['without malformed lines', { includeUnparsed: false, minLevel: 'ERROR' }, (t) => t.parsed && LOG_LEVELS.indexOf(t.level!) >= 3],
    ['an empty list is no filter', { components: [], hosts: [] }, () => true],
  ];
  for (const [name, filter, keep] of filters) {
    test(`filter: ${name}`, async () => {
      const info = await session.setFilter(filter);
      const expected = truth.filter(keep);
      assert.equal(info.matched, expected.length);
      assert.deepEqual((await keysOf(session)).sort(), expected.map(truthKey).sort());
      await session.setFilter({});
    });
  }

  test('filter: a time window keeps rows by the time they sort under', async () => {
    const from = run.truth.firstTime! + 2000;
    const to = from + 3000;
    await session.setFilter({ from, to });
    const rows = await allRows(session);
    const parsedTimes = truth.filter((t) => t.time !== null && t.time >= from && t.time < to).length;
    assert.equal(rows.filter((r) => r.time !== null).length, parsedTimes);
    for (const r of rows) if (r.time !== null) assert.ok(r.time >= from && r.time < to);
    await session.setFilter({});
  });

  test('an invalid regular expression is refused with the reason, the view unchanged', async () => {
    await assert.rejects(session.setFilter({ text: 'a(b', regex: true }), /invalid regular expression \/a\(b\/: /);
    assert.equal((await session.info()).matched, run.truth.lines);
  });

  test('histogram: buckets cover the span, and count every timed row of the view by level', async () => {
    await session.setFilter({ minLevel: 'INFO' });
    const buckets = await session.histogram(7);
    assert.equal(buckets.length, 7);
    assert.equal(buckets[0].start, Math.floor(run.truth.firstTime!));
    assert.equal(buckets[6].end, Math.floor(run.truth.lastTime!) + 1);
    for (let i = 1; i < buckets.length; i++) assert.equal(buckets[i].start, buckets[i - 1].end);
    const total = buckets.reduce((n, b) => n + Object.values(b.counts).reduce((a, c) => a + (c ?? 0), 0), 0);
    const rows = await allRows(session);
    assert.equal(total, rows.filter((r) => r.time !== null).length);
    const errors = buckets.reduce((n, b) => n + (b.counts.ERROR ?? 0), 0);
    assert.equal(errors, run.truth.byLevel.ERROR);
    await session.setFilter({});
  });

  test('findLevel goes to the next and previous row at or above a level', async () => {
    const rows = await allRows(session);
    const errors = rows.filter((r) => r.parsed && LOG_LEVELS.indexOf(r.level!) >= 3).map((r) => r.index);
    assert.equal(await session.findLevel(-1, 1, 'ERROR'), errors[0]);
    assert.equal(await session.findLevel(errors[0], 1, 'ERROR'), errors[1]);
    assert.equal(await session.findLevel(errors[1], -1, 'ERROR'), errors[0]);
    assert.equal(await session.findLevel(errors[0], -1, 'ERROR'), null);
    assert.equal(await session.findLevel(rows.length, -1, 'CRITICAL'), rows.filter((r) => r.level === 'CRITICAL').at(-1)!.index);
  });

  test('facets count over all rows, not the filtered ones', async () => {
    const all = await session.facets();
    await session.setFilter({ components: ['k6'] });
    assert.deepEqual(await session.facets(), all);
    await session.setFilter({});
  });
});

describe('awkward files', () => {
  let dir: string;
  before(() => (dir = tmpDir()));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a byte order mark, CRLF endings and an unterminated last line read once', async () => {
    const file = path.join(dir, 'crlf.jsonl');
    const t = writeLogFile(file, { seed: 5, lines: 300, component: 'runner', host: 'h', runId: 'r', crlf: true, bom: true, partialLastLine: true });
    const session = await createLogSession({ files: [file], follow: false });
    try {
      const info = await session.info();
      assert.equal(info.lines, 300);
      assert.equal(info.records, t.records);
      const rows = await allRows(session);
      assert.deepEqual(rows.map((r) => rowKey(r, file)), truthLines(file).map(truthKey));
      assert.ok(rows.every((r) => r.parsed && !r.message.endsWith('\r')));
      assert.ok(!(await session.details(0))!.raw.startsWith('\ufeff'));
    } finally {
      await session.dispose();
    }
  });

  test('a 10 MB record keeps its row with a cut message; a 10 MB garbage line is a malformed row', async () => {
    const file = path.join(dir, 'long.jsonl');
    const big = 'x'.repeat(10 << 20);
    const record = { timestamp: '2026-11-21T13:56:39.603580Z', level: 'ERROR', component: 'runner', host: 'h', run_id: 'r', logger: 'l', message: `start${big}end` };
    const late = { ...record, message: 'after', timestamp: '2026-11-21T13:56:40Z' };
    fs.writeFileSync(file, `${JSON.stringify(record)}\n${'{'.repeat(10 << 20)}\n${JSON.stringify(late)}\n`);
    for (const scanWorkerScript of [undefined, SCAN_WORKER]) {
      const session = await createLogSession({ files: [file], follow: false, scanWorkerScript, scanMinPartBytes: 1 << 20 });
      try {
        const rows = await allRows(session);
        assert.equal(rows.length, 3);
        assert.equal(rows[0].parsed, true);
        assert.equal(rows[0].truncated, true);
        assert.ok(rows[0].message.startsWith('startxxx') && rows[0].message.length <= 16 * 1024);
        assert.equal(rows[1].parsed, false);
        assert.match(rows[1].problem!, /^invalid JSON/);
        assert.equal(rows[2].message, 'after');
        assert.equal(((await session.details(0))!.record as { message: string }).message.length, big.length + 8);
        assert.equal((await session.setFilter({ text: 'xend' })).matched, 1);
      } finally {
        await session.dispose();
      }
    }
  });

  test('a message that starts beyond 64 KiB into its line (not indexed by position) is still found and shown', async () => {
    const file = path.join(dir, 'far.jsonl');
    const record = { timestamp: '2026-11-21T13:56:39Z', level: 'INFO', component: 'c', host: 'h', run_id: 'r', logger: 'l', padding: 'p'.repeat(100_000), message: 'far "away"' };
    fs.writeFileSync(file, `${JSON.stringify(record)}\n`);
    const session = await createLogSession({ files: [file], follow: false });
    try {
      const [row] = await session.rows(0, 1);
      assert.equal(row.message, 'far "away"');
      assert.equal((await session.setFilter({ text: 'AWAY"' })).matched, 1);
    } finally {
      await session.dispose();
    }
  });

  test('a message with escapes is decoded; a cut never splits an escape or a character', async () => {
    const file = path.join(dir, 'escapes.jsonl');
    const message = `${'é"\\\n\u0001😀'.repeat(4000)}`;
    const record = { timestamp: '2026-11-21T13:56:39Z', level: 'INFO', component: 'c', host: 'h', run_id: 'r', logger: 'l', message };
    fs.writeFileSync(file, `${JSON.stringify(record)}\n${JSON.stringify({ ...record, message: 'a"b\\c\u2028' })}\n`);
    const session = await createLogSession({ files: [file], follow: false });
    try {
      const [long, short] = await session.rows(0, 2);
      assert.equal(short.message, 'a"b\\c\u2028');
      assert.equal(long.truncated, true);
      assert.ok(message.startsWith(long.message), 'the cut message is a prefix of the message');
      assert.ok(!long.message.includes('\ufffd'));
    } finally {
      await session.dispose();
    }
  });

  test('malformed rows keep their raw text, with control characters shown as symbols', async () => {
    const file = path.join(dir, 'binary.jsonl');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('{"a":\x00\x1b[31m}'), Buffer.from('\n')]));
    const session = await createLogSession({ files: [file], follow: false });
    try {
      const [row] = await session.rows(0, 1);
      assert.equal(row.parsed, false);
      assert.equal(row.problem, 'binary data (control bytes)');
      assert.equal(row.message, '{"a":\u2400\u241b[31m}');
      assert.equal(row.time, null);
      assert.equal(row.level, null);
    } finally {
      await session.dispose();
    }
  });

  test('a missing file is refused with its name and the reason', async () => {
    await assert.rejects(createLogSession({ files: [path.join(dir, 'nope.jsonl')], follow: false }), /cannot read .*nope\.jsonl: ENOENT/);
    await assert.rejects(createLogSession({ runDir: path.join(dir, 'no-run'), follow: false }), /run folder not found/);
  });
});

describe('property: any mix of records and malformed lines is indexed line for line', () => {
  test('in one thread and on the pool, for any cut into parts', async () => {
    const dir = tmpDir();
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.constantFrom('record', 'record', 'record', ...MALFORMED_KINDS), fc.constantFrom('\n', '\r\n')), { minLength: 1, maxLength: 120 }),
          fc.boolean(),
          fc.integer({ min: 0, max: 1 << 30 }),
          fc.integer({ min: 64, max: 4096 }),
          async (spec, unterminated, seed, minPart) => {
            const rnd = seededRandom(seed);
            const file = path.join(dir, `p${seed}.jsonl`);
            const parts: Buffer[] = [];
            spec.forEach(([kind, eol], i) => {
              const record = {
                timestamp: formatTimestamp(Date.UTC(2026, 10, 21) + i * 1000 + rnd()),
                level: LOG_LEVELS[i % 5],
                component: 'runner',
                host: `h${i % 3}`,
                run_id: 'r',
                logger: 'l',
                message: `line ${i} ${'ü"\\'.repeat(i % 4)}`,
                event_type: 'log',
                workload: 'w',
                repetition: 1 + (i % 2),
              };
              parts.push(kind === 'record' ? Buffer.from(JSON.stringify(record)) : malformedLine(kind, record, rnd));
              if (!(unterminated && i === spec.length - 1)) parts.push(Buffer.from(eol));
            });
            fs.writeFileSync(file, Buffer.concat(parts));
            const expected = truthLines(file).map(truthKey);
            for (const scanWorkerScript of [undefined, SCAN_WORKER]) {
              const session = await createLogSession({ files: [file], follow: false, scanWorkerScript, scanWorkers: 2, scanMinPartBytes: minPart });
              try {
                const rows = await allRows(session);
                assert.deepEqual(rows.map((r: LogRow) => rowKey(r, file)), expected);
                const info = await session.info();
                // Every line, even a last one without newline; only an empty unterminated last line is no line at all.
                assert.equal(info.records + info.unparsed, unterminated && spec.at(-1)![0] === 'empty' ? spec.length - 1 : spec.length);
              } finally {
                await session.dispose();
              }
            }
            fs.rmSync(file);
          },
        ),
        { numRuns: 40 },
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
