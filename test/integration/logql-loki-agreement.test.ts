// The LogQL corpora against a real Loki: every query the validator accepts, Loki accepts (`query_range`
// answers 200), and every query the validator rejects, Loki rejects too. Grafana variables are replaced by
// sample values first, as Grafana would.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { logqlFileQueries } from '../../core/logql/embedded/logqlFile';
import { RunningLoki, startLoki } from '../support/loki';
import { FIXTURES } from '../support/paths';
import { lokiBinary, needs } from '../support/prerequisites';

const SUITE = 'integration/logql-loki-agreement';

const SAMPLE_VALUES: Record<string, string> = {
  __auto: '5m', __interval: '1m', __range: '1h', __rate_interval: '1m', groupby: 'host', limit: '5', threshold: '3', min_status: '400', q: '0.9', offset: '1h',
};

function interpolate(query: string): string {
  return query.replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]/g, (_, a, b, c) => SAMPLE_VALUES[a ?? b ?? c] ?? 'sample');
}

describe('the LogQL corpora agree with a real Loki', needs(SUITE, lokiBinary()), () => {
  let loki: RunningLoki;
  before(async () => {
    loki = await startLoki();
  });
  after(() => loki?.stop());

  async function lokiAnswer(query: string): Promise<{ status: number; body: string }> {
    const url = new URL(`${loki.url}/loki/api/v1/query_range`);
    url.searchParams.set('query', query);
    url.searchParams.set('start', String((Date.now() - 60_000) * 1_000_000));
    url.searchParams.set('end', String(Date.now() * 1_000_000));
    const res = await fetch(url);
    return { status: res.status, body: await res.text() };
  }

  test('Loki accepts every query of the valid corpus', async () => {
    const queries = logqlFileQueries(fs.readFileSync(path.join(FIXTURES, 'logql', 'valid.logql'), 'utf8'));
    const refused: string[] = [];
    for (const q of queries) {
      const { status, body } = await lokiAnswer(interpolate(q.text));
      // approx_topk parses, but a single-process Loki does not enable the sharded aggregation it needs.
      if (status !== 200 && !body.includes('approx_topk is not enabled')) refused.push(`${q.text} -> ${status} ${body.trim()}`);
    }
    assert.deepEqual(refused, []);
  });

  test('Loki rejects every query of the invalid corpus (except the checks Loki makes only on data)', async () => {
    const cases: Array<{ query: string; lokiAccepts?: string }> = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'logql', 'invalid.json'), 'utf8'));
    const accepted: string[] = [];
    for (const c of cases.filter((c) => !c.lokiAccepts)) {
      const { status } = await lokiAnswer(c.query);
      if (status === 200) accepted.push(c.query);
    }
    assert.deepEqual(accepted, []);
  });
});
