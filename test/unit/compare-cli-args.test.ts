// `lb-obs compare` with runs in Loki (loki:<LogQL log query>): bad specs and options give exit 2 with what is
// wrong, before anything is fetched.
import assert from 'node:assert/strict';
import * as os from 'os';
import { describe, test } from 'node:test';
import { main } from '../../cli/lb-obs';
import type { CliIo } from '../../cli/io';

async function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTTY: false, env, cwd: os.tmpdir() };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

const usage = (stderr: string) => ({ code: 2, stdout: '', stderr: `lb-obs compare: ${stderr}\n` });

describe('lb-obs compare: runs in Loki, bad arguments', () => {
  test('a spec that is not a log query', async () => {
    assert.deepEqual(await run(['compare', 'loki:run-1', 'loki:{run_id="b"}']), usage('loki:run-1: after "loki:" give a LogQL log query, e.g. loki:{run_id="run-20261121-135600"}'));
    assert.deepEqual(
      await run(['compare', 'loki:count_over_time({run_id="a"}[5m])', 'loki:{run_id="b"}']),
      usage('loki:count_over_time({run_id="a"}[5m]): after "loki:" give a LogQL log query, e.g. loki:{run_id="run-20261121-135600"}'),
    );
    assert.deepEqual(await run(['compare', 'loki:{run_id="a"} | rate', 'loki:{run_id="b"}']).then((r) => r.code), 2);
  });

  test('no Loki to read from', async () => {
    assert.deepEqual(await run(['compare', 'loki:{run_id="a"}', 'loki:{run_id="b"}']), usage('give --loki <url> (or set LB_OBS_LOKI_URL)'));
  });

  test('--max-lines and --patterns', async () => {
    const specs = ['compare', 'loki:{run_id="a"}', 'loki:{run_id="b"}', '--loki', 'http://127.0.0.1:9'];
    assert.deepEqual(await run([...specs, '--max-lines', '0']), usage('--max-lines wants a whole number above 0 (got "0")'));
    assert.deepEqual(await run([...specs, '--max-lines', '1e3']), usage('--max-lines wants a whole number above 0 (got "1e3")'));
    assert.deepEqual(await run([...specs, '--patterns', 'drain']), usage('--patterns must be one of auto, miner, loki (got "drain")'));
  });

  test("patterns from Loki's ingester need both runs in Loki", async () => {
    const r = await run(['compare', os.tmpdir(), 'loki:{run_id="b"}', '--loki', 'http://127.0.0.1:9', '--patterns', 'loki']);
    assert.deepEqual(r, { code: 2, stdout: '', stderr: "lb-obs compare: patterns from Loki's pattern ingester need both runs in Loki (loki:<query>)\n" });
  });
});
