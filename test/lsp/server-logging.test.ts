// The server's own logs are JSONL records in lb's log schema, written to the file the client names.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { LspClient } from '../support/lspClient';

test('the server writes lb-schema JSONL records to the log file from initializationOptions', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-log-'));
  const logFile = path.join(dir, 'logs', 'language-server.jsonl');
  const client = await LspClient.start({ initializationOptions: { logFile } });
  await client.open('file:///tmp/lb-obs-log/benchmark_config.json', 'json', '{}');
  await client.stop();
  await new Promise((r) => setTimeout(r, 500));
  const lines = fs.readFileSync(logFile, 'utf8').trim().split('\n');
  assert.ok(lines.length >= 1);
  // pino repeats a key bound twice; each record must name its logger exactly once.
  for (const line of lines) assert.equal(line.match(/"logger":/g)?.length, 1, line);
  const record = JSON.parse(lines[0]);
  assert.equal(record.component, 'language-server');
  assert.equal(record.host, os.hostname());
  assert.equal(record.run_id, '-');
  assert.equal(record.logger, 'server');
  assert.equal(record.event_type, 'log');
  assert.equal(record.level, 'INFO');
  assert.match(record.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  assert.match(record.message, /^language server \d+ initialized$/);
});
