// Explore and dashboard URLs decoded the way Grafana decodes them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { dashboardUrl, exploreUrl, grafanaBaseUrl } from '../../core/links/grafanaUrl';
import { renderLogQuery } from '../../core/logql/build/logqlQuery';
import { checkRange, parseTimeInput } from '../../core/links/timeRange';
import { decodeExploreUrl, grafanaParams, queryStrings } from '../support/grafanaLinks';
import { hostileText, nonEmptyHostileText } from '../support/hostileText';

const target = { url: 'http://localhost:3000', orgId: 1, datasourceUid: 'P8E80F9AEF21F6940' };

describe('Explore links', () => {
  test('the panes form: valid pane id, one datasource uid on pane and query, range strings, orgId', () => {
    const url = exploreUrl(target, '{run_id="run-1"} |= "a+b & c#d"', { from: '1700000000000', to: 'now' });
    assert.ok(url.startsWith('http://localhost:3000/explore?schemaVersion=1&panes=%7B%22lbo%22'));
    assert.ok(url.endsWith('&orgId=1'));
    assert.doesNotMatch(url, /[+ #]/, '+ would read as a space, # would end the URL');
    assert.deepEqual(decodeExploreUrl(url), {
      path: 'http://localhost:3000/explore',
      orgId: '1',
      paneId: 'lbo',
      datasourceUid: 'P8E80F9AEF21F6940',
      expr: '{run_id="run-1"} |= "a+b & c#d"',
      from: '1700000000000',
      to: 'now',
    });
  });

  test('Grafana under a sub-path, another org; credentials in the base URL never reach the link', () => {
    const url = exploreUrl({ url: 'https://admin:s3cret@example.org/tools/grafana/', orgId: 7, datasourceUid: 'loki' }, '{a="b"}', {
      from: 'now-6h',
      to: 'now',
    });
    const decoded = decodeExploreUrl(url);
    assert.equal(decoded.path, 'https://example.org/tools/grafana/explore');
    assert.equal(decoded.orgId, '7');
    assert.doesNotMatch(url, /admin|s3cret/);
  });

  test('the legacy left= form for old Grafana carries the same state', () => {
    const url = exploreUrl(target, '{a="b"}', { from: 'now-1h', to: 'now' }, { legacy: true });
    assert.ok(url.startsWith('http://localhost:3000/explore?orgId=1&left=%7B'));
    const decoded = decodeExploreUrl(url);
    assert.equal(decoded.expr, '{a="b"}');
    assert.equal(decoded.datasourceUid, target.datasourceUid);
  });

  test('bad input is refused with the reason', () => {
    assert.throws(() => exploreUrl({ ...target, datasourceUid: 'has space' }, '{a="b"}', { from: 'now-1h', to: 'now' }), /datasource uid "has space" is not a Grafana uid/);
    assert.throws(() => exploreUrl({ ...target, orgId: 0 }, '{a="b"}', { from: 'now-1h', to: 'now' }), /org id must be a positive integer/);
    assert.throws(() => exploreUrl(target, '{a="b"}', { from: '1700000000000', to: '1600000000000' }), /time range is empty/);
    assert.throws(() => exploreUrl(target, '{a="b"}', { from: 'yesterday', to: 'now' }), /range from "yesterday"/);
    assert.throws(() => grafanaBaseUrl('javascript:alert(1)'), /must use http or https/);
    assert.throws(() => grafanaBaseUrl('file:///etc/passwd'), /must use http or https/);
    assert.throws(() => grafanaBaseUrl('http://g/?orgId=2'), /must not have a query or fragment/);
    assert.throws(() => grafanaBaseUrl('not a url'), /is not a valid URL/);
  });

  test('a refused Grafana URL is named in the error without its credentials', () => {
    assert.throws(() => grafanaBaseUrl('https://admin:s3cret@g.example/?orgId=2'), {
      message: 'Grafana URL "https://***@g.example/?orgId=2" must not have a query or fragment',
    });
    assert.throws(() => grafanaBaseUrl('ftp://admin:s3cret@g.example'), { message: 'Grafana URL "ftp://***@g.example" must use http or https' });
    assert.throws(() => grafanaBaseUrl('http://admin:s3cret@g.example:99999'), /^(?!.*s3cret).*is not a valid URL/);
  });

  test('property: any query built from hostile values survives the URL and decodes to the same LogQL', () => {
    fc.assert(
      fc.property(nonEmptyHostileText, nonEmptyHostileText, fc.boolean(), (id, text, legacy) => {
        const expr = renderLogQuery({ matchers: [{ label: 'run_id', op: '=', value: id }], lineFilters: [{ op: '|=', text }] });
        const url = exploreUrl(target, expr, { from: 'now-1h', to: 'now' }, { legacy });
        const decoded = decodeExploreUrl(url);
        assert.equal(decoded.expr, expr);
        assert.deepEqual(queryStrings(decoded.expr).map((s) => s.value), [id, text]);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('dashboard links', () => {
  test('variables (repeated for several values), range and org', () => {
    const url = dashboardUrl({ url: 'http://g:3000/sub', orgId: 2 }, 'lb-platform-logs', [['run_id', 'run 1+2&x'], ['host', 'a'], ['host', 'b#c']], {
      from: '1700000000000',
      to: 'now',
    });
    assert.equal(
      url,
      'http://g:3000/sub/d/lb-platform-logs?var-run_id=run%201%2B2%26x&var-host=a&var-host=b%23c&from=1700000000000&to=now&orgId=2',
    );
    const { path, params } = grafanaParams(url);
    assert.equal(path, 'http://g:3000/sub/d/lb-platform-logs');
    assert.deepEqual(params.get('var-run_id'), ['run 1+2&x']);
    assert.deepEqual(params.get('var-host'), ['a', 'b#c']);
  });

  test('bad uid or variable name is refused', () => {
    assert.throws(() => dashboardUrl({ url: 'http://g', orgId: 1 }, '../admin', []), /dashboard uid "\.\.\/admin" is not a Grafana uid/);
    assert.throws(() => dashboardUrl({ url: 'http://g', orgId: 1 }, 'd', [['a&b', 'x']]), /dashboard variable name "a&b" is invalid/);
  });

  test('property: hostile variable values decode back exactly', () => {
    fc.assert(
      fc.property(hostileText, (value) => {
        const { params } = grafanaParams(dashboardUrl({ url: 'http://g', orgId: 1 }, 'd', [['v', value]]));
        assert.deepEqual(params.get('var-v'), [value]);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('time input', () => {
  test('ISO-8601, epoch milliseconds and relative times', () => {
    assert.equal(parseTimeInput('2026-11-21T13:56:39Z', '--from'), String(Date.UTC(2026, 10, 21, 13, 56, 39)));
    assert.equal(parseTimeInput('2026-11-21T13:56:39.5+01:00', '--from'), String(Date.UTC(2026, 10, 21, 12, 56, 39, 500)));
    assert.equal(parseTimeInput('1763733399000', '--from'), '1763733399000');
    for (const rel of ['now', 'now-1h', 'now-7d/d', 'now/w', 'now-30m+5s']) assert.equal(parseTimeInput(rel, '--to'), rel);
  });

  test('mistakes are explained', () => {
    assert.throws(() => parseTimeInput('1763733399', '--from'), /--from "1763733399" is too small for epoch milliseconds \(epoch seconds\? append 000\)/);
    assert.throws(() => parseTimeInput('yesterday', '--to'), /--to "yesterday" is not a time: use ISO-8601/);
    assert.throws(() => parseTimeInput('now-1x', '--to'), /is not a time/);
    assert.throws(() => parseTimeInput('2026-13-45T99:00:00Z', '--to'), /is not a time/);
    assert.throws(() => checkRange({ from: 'now-1h', to: 'tomorrow' }), /range to "tomorrow" is neither epoch milliseconds nor a relative time/);
  });
});
