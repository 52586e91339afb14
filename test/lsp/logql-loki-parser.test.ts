// Loki's LogQL parser (WebAssembly) is loaded by the server for the first document holding LogQL, never at start
// nor for other documents; its load is logged once.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { LspClient } from '../support/lspClient';

const LOADED = /^Loki's LogQL parser loaded in \d+ ms$/;

function loadRecords(logFile: string): string[] {
  if (!fs.existsSync(logFile)) return [];
  return fs.readFileSync(logFile, 'utf8').trim().split('\n').filter(Boolean)
    .map((l) => JSON.parse(l) as { logger: string; message: string })
    .filter((r) => r.logger === 'logql').map((r) => r.message);
}

test('the parser is loaded on the first LogQL document only, once', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-logql-wasm-'));
  const logFile = path.join(dir, 'language-server.jsonl');
  const started = performance.now();
  const client = await LspClient.start({ initializationOptions: { logFile } });
  console.log(`server initialized in ${Math.round(performance.now() - started)} ms`);
  try {
    await client.open(`file://${dir}/benchmark_config.json`, 'json', '{}');
    assert.deepEqual(loadRecords(logFile), [], 'not loaded for an lb config');
    const diagnostics = await client.open(`file://${dir}/q.logql`, 'logql', '{app="a"} | of="x"\n\nsum(rate({app="a"}[5m])) or 1\n');
    assert.deepEqual(diagnostics.map((d) => d.code), ['logql/loki', 'logql/loki']);
    await client.open(`file://${dir}/r.logql`, 'logql', '{app="a"}\n');
  } finally {
    await client.stop();
  }
  await new Promise((r) => setTimeout(r, 500));
  const records = loadRecords(logFile);
  assert.equal(records.length, 1, JSON.stringify(records));
  assert.match(records[0], LOADED);
  console.log(records[0]);
});
