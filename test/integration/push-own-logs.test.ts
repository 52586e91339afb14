// Our own pino logs pushed to a real Loki the way lb requires of its components: the JSONL file is always
// written; the push is best effort, never blocks a log call, and a full queue or an unreachable Loki drops
// records with a count instead of holding them.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { createLogger, moduleLogger } from '../../core/logging/logger';
import { LokiLogShipper } from '../../core/push/logShipper';
import { assertSameEntries, nsOf } from '../support/expectedEntries';
import { allEntries } from '../support/lokiEntries';
import { RunningLoki, startLoki } from '../support/loki';
import { freePort } from '../support/ports';
import { lokiBinary, needs } from '../support/prerequisites';

const SUITE = 'integration/push-own-logs';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-own-logs-'));

function fileLines(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

describe("the extension's own logs to Loki", needs(SUITE, lokiBinary()), () => {
  let loki: RunningLoki;
  before(async () => {
    loki = await startLoki();
  });
  after(async () => {
    await loki?.stop();
  });

  test('every record is in the file and, with the same text, timestamp and lb labels, in Loki', async () => {
    const file = path.join(dir, 'client.jsonl');
    const shipper = new LokiLogShipper();
    const runId = `own-logs-${Date.now()}`;
    const logger = createLogger({ component: 'vscode-client', runId, destinations: [pino.destination({ dest: file, sync: true }), shipper.destination] });
    shipper.configure({ url: loki.url });
    const log = moduleLogger(logger, 'pushTest');
    for (let i = 0; i < 250; i++) log.info(`record ${i} "quoted" é`);
    log.warn('a warning');
    await shipper.flush();
    const lines = fileLines(file);
    assert.equal(lines.length, 251);
    const stored = await allEntries({ url: loki.url }, `{run_id="${runId}"}`, Date.now() - 60_000, Date.now() + 60_000);
    const expected = lines.map((line) => ({ labels: { component: 'vscode-client', host: os.hostname(), run_id: runId }, ns: nsOf(JSON.parse(line).timestamp), line }));
    assertSameEntries(stored, expected);
    assert.deepEqual(shipper.stats, { queued: 251, sent: 251, dropped: 0 });
    shipper.dispose();
  });

  test('with Loki unreachable the file still gets every record, the queue stays bounded and drops are counted and reported', async () => {
    const file = path.join(dir, 'unreachable.jsonl');
    const reports: Array<[number, string[]]> = [];
    const shipper = new LokiLogShipper({
      maxQueue: 20,
      batchSize: 10,
      flushIntervalMs: 20,
      dropReportMs: 0,
      retry: { minBackoffMs: 1, maxBackoffMs: 2, maxRetries: 1 },
      onDrop: (count, reasons) => reports.push([count, reasons]),
    });
    const logger = createLogger({ component: 'vscode-client', destinations: [pino.destination({ dest: file, sync: true }), shipper.destination] });
    shipper.configure({ url: `http://127.0.0.1:${await freePort()}` });
    for (let i = 0; i < 200; i++) logger.info(`record ${i}`);
    assert.equal(fileLines(file).length, 200, 'the file has every record at once: logging did not wait for Loki');
    await shipper.flush();
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(shipper.stats.sent, 0);
    assert.equal(shipper.stats.dropped, 200, 'every record was dropped: those over the queue bound and those Loki never took');
    assert.ok(shipper.stats.queued <= 200 && shipper.stats.queued >= 20);
    const reported = reports.reduce((sum, [count]) => sum + count, 0);
    assert.equal(reported, 200);
    const reasons = reports.flatMap(([, r]) => r);
    assert.ok(reasons.some((r) => r === 'the queue of 20 entries is full (Loki is slow or unreachable)'), reasons.join('\n'));
    assert.ok(reasons.some((r) => /ECONNREFUSED/.test(r)), reasons.join('\n'));
    shipper.dispose();
  });
});
