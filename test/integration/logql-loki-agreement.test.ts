// The LogQL corpora against a real Loki: every query the validator accepts, Loki accepts (`query_range`
// answers 200), and every query the validator rejects, Loki rejects too. Grafana variables are replaced by
// sample values first, as Grafana would. The public corpus (Loki's own tests, docs and mixin dashboards at the
// version run here) is judged query by query, with the agreement printed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { logqlFileQueries } from '../../core/logql/embedded/logqlFile';
import { loadLokiParser } from '../../core/logql/lokiParser';
import { validateLogQL } from '../../core/logql/validateQuery';
import { interpolate, loadCorpus } from '../fixtures/logql/corpus/corpus';
import { RunningLoki, startLoki } from '../support/loki';
import { FIXTURES, REPO_ROOT } from '../support/paths';
import { lokiBinary, needs } from '../support/prerequisites';

const SUITE = 'integration/logql-loki-agreement';

describe('the LogQL corpora agree with a real Loki', needs(SUITE, lokiBinary()), () => {
  let loki: RunningLoki;
  before(async () => {
    loki = await startLoki();
    assert.ok(await loadLokiParser());
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
      if (!lokiAccepts({ status, body })) refused.push(`${q.text} -> ${status} ${body.trim()}`);
    }
    assert.deepEqual(refused, []);
  });

  /** approx_topk parses, but a single-process Loki does not enable the sharded aggregation it needs. */
  const lokiAccepts = (a: { status: number; body: string }) => a.status === 200 || a.body.includes('approx_topk is not enabled');

  test('the public corpus: no false rejection, every Grafana-templated query accepted, agreement printed', async () => {
    const corpus = loadCorpus(REPO_ROOT);
    const falseRejections: string[] = [];
    const falseAcceptances: string[] = [];
    const templatedAccepted: string[] = [];
    const templatedRefused: string[] = [];
    let agree = 0;
    let plain = 0;
    let plainAgree = 0;
    for (const e of corpus) {
      const answer = await lokiAnswer(e.templated ? interpolate(e.query) : e.query);
      const loki = lokiAccepts(answer);
      const errors = validateLogQL(e.query, { grafanaVariables: e.templated }).filter((p) => p.severity === 'error');
      const ours = errors.length === 0;
      if (loki === ours) agree++;
      if (!e.templated) {
        plain++;
        if (loki === ours) plainAgree++;
      }
      if (loki && !ours) falseRejections.push(`${e.source}: ${e.query}\n  we say: ${errors[0].message}`);
      if (!loki && ours) falseAcceptances.push(`${e.source}: ${e.query}\n  Loki says: ${answer.status} ${answer.body.trim()}`);
      if (e.templated) (ours ? templatedAccepted : templatedRefused).push(`${e.source}: ${e.query}`);
    }
    const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(2)}%`;
    console.log(
      `public corpus (${corpus.length} queries): agreement ${pct(agree, corpus.length)}, plain queries ${pct(plainAgree, plain)} of ${plain}; ` +
        `false rejections ${falseRejections.length}, false acceptances ${falseAcceptances.length}`,
    );
    for (const f of falseAcceptances) console.log(`false acceptance: ${f}`);
    console.log(`Grafana-templated queries accepted: ${templatedAccepted.length} of ${templatedAccepted.length + templatedRefused.length}`);
    for (const t of templatedAccepted) console.log(`  accepted: ${t}`);
    assert.deepEqual(falseRejections, []);
    assert.deepEqual(templatedRefused, []);
    assert.equal(plainAgree, plain, 'every plain query judged as Loki judges it');
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
