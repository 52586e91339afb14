// A file's lines as the push judges them where they lie in each block read: an invalid UTF-8 line is malformed
// (and only it), CRLF and a byte order mark are not part of the line, lines across block boundaries are whole.
// The push goes to a recording stand-in of Loki (the request bodies are decoded by Loki in the integration tests).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { resolvePushInputs } from '../../core/push/inputFiles';
import { pushLogs } from '../../core/push/pushLogs';

function record(message: string, seconds: number): string {
  const timestamp = new Date(Date.now() - 60_000 + seconds * 1000).toISOString();
  return JSON.stringify({ timestamp, level: 'INFO', component: 'runner', host: 'node-1', run_id: 'run-1', logger: 'lb_runner', message });
}

test('only the invalid UTF-8 line is malformed; CRLF, BOM and long files give the lines as written', async (t) => {
  const bodies: Buffer[] = [];
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      if (req.url === '/loki/api/v1/push') {
        bodies.push(Buffer.concat(parts));
        res.writeHead(204).end();
      } else {
        res.end('{"status":"success","data":[]}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-push-lines-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const bad = Buffer.from(record('bad X byte', 1));
  bad[bad.indexOf('X')] = 0xff;
  // Enough lines (about 3 MB) for several blocks, so that lines cross the reader's block boundaries.
  const good = Array.from({ length: 12_000 }, (_, i) => record(`line ${i} ${'é'.repeat(i % 50)}`, 2 + i / 1000));
  const file = path.join(dir, 'runner-node-1.jsonl');
  fs.writeFileSync(
    file,
    Buffer.concat([Buffer.from(`\ufeff${good[0]}\r\n`), bad, Buffer.from('\n'), Buffer.from(good.slice(1).map((l) => `${l}\n`).join(''))]),
  );

  const report = await pushLogs(await resolvePushInputs([file], dir), { connection: { url: `http://127.0.0.1:${(server.address() as { port: number }).port}` }, gzip: false });
  assert.equal(report.outcome, 'completed', report.error);
  assert.deepEqual([report.totals.lines, report.totals.sent, report.totals.malformed], [good.length + 1, good.length, 1]);
  assert.deepEqual(
    report.files[0].problems.map((p) => [p.kind, p.line, p.message]),
    [['malformed', 2, 'invalid UTF-8']],
  );
  // Every good line went out byte for byte (no BOM, no carriage return), each once.
  const sent = Buffer.concat(bodies);
  for (const line of [good[0], good[1], good[5000], good[good.length - 1]]) {
    const bytes = Buffer.from(line);
    const at = sent.indexOf(bytes);
    assert.ok(at > 0, line);
    assert.equal(sent.indexOf(bytes, at + 1), -1, line);
    assert.notEqual(sent[at + bytes.length], 0x0d);
  }
  assert.equal(sent.indexOf(Buffer.from('\ufeff')), -1);
});
