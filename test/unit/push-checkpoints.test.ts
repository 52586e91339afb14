// Checkpoints (where a push of a file got to) and the order files are pushed in.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { CheckpointStore, defaultCheckpointDir, fileIdentity, FileCheckpoint, tailHash, tailHashInMemory } from '../../core/push/checkpoints';
import { PushInputError, resolvePushInputs } from '../../core/push/inputFiles';
import { pushLogs } from '../../core/push/pushLogs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-push-unit-'));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

function checkpoint(offset: number): FileCheckpoint {
  return { version: 1, file: 'x', loki: 'http://loki:3100', labels: {}, offset, lines: 2, tailHash: 'h', pushed: 2, updatedAt: '2026-11-21T14:00:00.000Z' };
}

describe('checkpoints', () => {
  test('under $XDG_STATE_HOME, else ~/.local/state', () => {
    assert.equal(defaultCheckpointDir({ XDG_STATE_HOME: '/state', HOME: '/home/u' }), '/state/lb-observability/push');
    assert.equal(defaultCheckpointDir({ HOME: '/home/u' }), '/home/u/.local/state/lb-observability/push');
  });

  test('a file keeps its identity when it grows, is renamed by rotation or copied elsewhere', async () => {
    const file = write('id/a.jsonl', '{"first": 1}\n{"second": 2}\n');
    const id = await fileIdentity(file);
    fs.appendFileSync(file, '{"third": 3}\n');
    assert.equal(await fileIdentity(file), id);
    fs.renameSync(file, `${file}.1`);
    assert.equal(await fileIdentity(`${file}.1`), id);
    const other = write('id/b.jsonl', '{"first": 2}\n');
    assert.notEqual(await fileIdentity(other), id);
    assert.equal(await fileIdentity(write('id/empty.jsonl', '')), undefined);
  });

  test('the tail hash changes when the pushed part of a file changes', async () => {
    const file = write('tail/a.jsonl', 'line one\nline two\n');
    const before = await tailHash(file, 18);
    fs.appendFileSync(file, 'line three\n');
    assert.equal(await tailHash(file, 18), before, 'appending does not change what was pushed');
    fs.writeFileSync(file, 'line one\nline 2!!\nline three\n');
    assert.notEqual(await tailHash(file, 18), before);
  });

  test('the tail hash of bytes in memory is the file\'s, or unknown when they do not reach back far enough', async () => {
    const text = Array.from({ length: 400 }, (_, i) => `{"line": ${i}, "text": "é ${'x'.repeat(i % 13)}"}\n`).join('');
    const file = write('tail/memory.jsonl', text);
    const bytes = fs.readFileSync(file);
    const block = bytes.subarray(5000, 12_000);
    for (const offset of [0, 18, 4096, 5000, 9096, 9097, 12_000, bytes.length]) {
      assert.equal(tailHashInMemory(bytes, 0, offset), await tailHash(file, offset), `whole file, offset ${offset}`);
      const inBlock = tailHashInMemory(block, 5000, offset);
      if (offset >= 9096 && offset <= 12_000) assert.equal(inBlock, await tailHash(file, offset), `block, offset ${offset}`);
      else assert.equal(inBlock, undefined, `block, offset ${offset}`);
    }
  });

  test('one checkpoint per Loki URL, tenant, static labels and file; saved atomically and read back', async () => {
    const store = new CheckpointStore(path.join(dir, 'state'));
    const base = store.key({ url: 'http://loki:3100' }, {}, 'id1');
    assert.equal(store.key({ url: 'http://loki:3100/' }, {}, 'id1'), base, 'a trailing slash is the same Loki');
    assert.equal(store.key({ url: 'http://loki:3100/loki/api/v1/push' }, {}, 'id1'), base, "lb's push URL form is the same Loki");
    const others = [
      store.key({ url: 'http://other:3100' }, {}, 'id1'),
      store.key({ url: 'http://loki:3100', tenant: 'team-a' }, {}, 'id1'),
      store.key({ url: 'http://loki:3100' }, { env: 'lab' }, 'id1'),
      store.key({ url: 'http://loki:3100' }, {}, 'id2'),
    ];
    assert.equal(new Set([base, ...others]).size, 5);
    assert.equal(store.key({ url: 'http://l' }, { a: '1', b: '2' }, 'i'), store.key({ url: 'http://l' }, { b: '2', a: '1' }, 'i'));
    assert.equal(await store.load(base), undefined);
    await store.save(base, checkpoint(18));
    assert.deepEqual(await store.load(base), checkpoint(18));
    assert.deepEqual(fs.readdirSync(store.dir), [`${base}.json`], 'no temporary file left behind');
  });

  test('an unreadable checkpoint is ignored (the push starts over) and forget() removes one', async () => {
    const store = new CheckpointStore(path.join(dir, 'state2'));
    const file = write('forget/a.jsonl', '{"a": 1}\n');
    const key = store.key({ url: 'http://loki:3100' }, {}, (await fileIdentity(file))!);
    fs.mkdirSync(store.dir, { recursive: true });
    fs.writeFileSync(path.join(store.dir, `${key}.json`), '{"version": 1, "offset": "half');
    assert.equal(await store.load(key), undefined);
    await store.save(key, checkpoint(9));
    await store.forget({ url: 'http://loki:3100' }, {}, file);
    assert.equal(await store.load(key), undefined);
  });

  test('saved when the first batch is delivered, then at most once a second, and at the end of the file', async (t) => {
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => (req.url === '/loki/api/v1/push' ? res.writeHead(204).end() : res.end('{"status":"success","data":[]}')));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(() => server.close());
    const now = Date.now();
    const lines = Array.from({ length: 50 }, (_, i) =>
      JSON.stringify({ timestamp: new Date(now - 60_000 + i).toISOString(), level: 'INFO', component: 'runner', host: 'node-1', run_id: 'run-1', logger: 'lb_runner', message: `line ${i}` }),
    );
    const file = write('throttled/a.jsonl', lines.map((l) => `${l}\n`).join(''));
    class CountingStore extends CheckpointStore {
      readonly saved: FileCheckpoint[] = [];
      override async save(key: string, c: FileCheckpoint): Promise<void> {
        this.saved.push(c);
        await super.save(key, c);
      }
    }
    // A clock that moves 400 ms each time it is read (the push reads it several times per batch).
    let clockMs = now;
    const clock = { now: () => (clockMs += 400), sleep: async () => undefined, random: () => 0.5 };
    const store = new CountingStore(path.join(dir, 'state-throttled'));
    const report = await pushLogs(await resolvePushInputs([file], dir), { connection: { url: `http://127.0.0.1:${(server.address() as { port: number }).port}` }, checkpoints: store, batch: { maxEntries: 5 }, clock });
    assert.deepEqual([report.outcome, report.totals.sent], ['completed', 50]);
    assert.deepEqual(
      store.saved.map((c) => c.lines),
      [5, 20, 35, 50],
      'the first batch of 5 lines, then the batch delivered once a second has passed, then the end of the file (of 10 batches)',
    );
    assert.equal((await store.load(store.key({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}` }, {}, (await fileIdentity(file))!)))?.offset, fs.statSync(file).size);
  });

  test('credentials written into the Loki URL reach Loki as a header, never the report or the checkpoint', async (t) => {
    const auth: Array<string | undefined> = [];
    const server = http.createServer((req, res) => {
      auth.push(req.headers.authorization);
      req.resume();
      req.on('end', () => (req.url === '/loki/api/v1/push' ? res.writeHead(204).end() : res.end('{"status":"success","data":[]}')));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(() => server.close());
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const file = write('userinfo/a.jsonl', `${JSON.stringify({ timestamp: new Date().toISOString(), level: 'INFO', component: 'runner', host: 'node-1', run_id: 'run-1', logger: 'lb_runner', message: 'hello' })}\n`);
    const store = new CheckpointStore(path.join(dir, 'state3'));
    const report = await pushLogs(await resolvePushInputs([file], dir), { connection: { url: base.replace('http://', 'http://user:s3cret@') }, checkpoints: store });
    assert.deepEqual([report.outcome, report.totals.sent, report.loki], ['completed', 1, base]);
    const saved = fs.readdirSync(store.dir).map((name) => fs.readFileSync(path.join(store.dir, name), 'utf8'));
    assert.equal(saved.length, 1);
    assert.equal((JSON.parse(saved[0]) as FileCheckpoint).loki, base);
    assert.ok(!saved[0].includes('s3cret'));
    assert.ok(auth.length > 0 && auth.every((a) => a === `Basic ${Buffer.from('user:s3cret').toString('base64')}`));
  });
});

describe('files of a push', () => {
  test("a run folder's logs, each file after its backups, oldest backup first", async () => {
    const run = path.join(dir, 'results', 'run-1');
    write('results/run-1/run_journal.json', '{}');
    for (const name of ['runner-n1.jsonl', 'runner-n1.jsonl.1', 'runner-n1.jsonl.2', 'runner-n1.jsonl.10', 'controller-c.jsonl', 'notes.txt']) {
      write(`results/run-1/logs/${name}`, `${name}\n`);
    }
    const logs = path.join(run, 'logs');
    assert.deepEqual(await resolvePushInputs([run], dir), [
      { name: path.join(logs, 'controller-c.jsonl'), files: [path.join(logs, 'controller-c.jsonl')] },
      {
        name: path.join(logs, 'runner-n1.jsonl'),
        files: ['runner-n1.jsonl.10', 'runner-n1.jsonl.2', 'runner-n1.jsonl.1', 'runner-n1.jsonl'].map((n) => path.join(logs, n)),
      },
    ]);
  });

  test('files given one by one are grouped and ordered the same way, each file once', async () => {
    const logs = path.join(dir, 'results', 'run-1', 'logs');
    const families = await resolvePushInputs(['results/run-1/logs/runner-n1.jsonl', 'results/run-1/logs/runner-n1.jsonl.2', path.join(logs, 'runner-n1.jsonl')], dir);
    assert.deepEqual(families, [{ name: path.join(logs, 'runner-n1.jsonl'), files: [path.join(logs, 'runner-n1.jsonl.2'), path.join(logs, 'runner-n1.jsonl')] }]);
  });

  test('a missing path or a folder without logs is a clear error', async () => {
    await assert.rejects(resolvePushInputs(['nope'], dir), (e: Error) => e instanceof PushInputError && e.message === 'cannot read nope: ENOENT');
    fs.mkdirSync(path.join(dir, 'empty-run', 'logs'), { recursive: true });
    await assert.rejects(resolvePushInputs(['empty-run'], dir), {
      message: `no JSONL logs in ${path.join(dir, 'empty-run', 'logs')} (expected <component>-<host>.jsonl files)`,
    });
  });
});
