// Flyte: execution input, pod names as flytepropeller makes them, "All workflow logs" and per-pod queries,
// and the flytepropeller log templates, checked after Flyte's own (unencoded) substitution.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parse } from 'yaml';
import { FLYTE_DEFAULTS, flyteFixedLengthId, flytePodName, flyteTaskQuery, flyteWorkflowQuery, parseFlyteExecution } from '../../core/links/flyte';
import { FLYTE_VARIABLES, flyteLogTemplates, flyteLogTemplatesYaml } from '../../core/links/flyteTemplates';
import { decodeExploreUrl, queryStrings, unescapeRegex } from '../support/grafanaLinks';
import { hostileText } from '../support/hostileText';

const target = { url: 'https://grafana.example.org/grafana', orgId: 3, datasourceUid: 'loki-main' };

describe('execution input', () => {
  test('an execution name, a Flyte URN, or a pasted console URL', () => {
    assert.deepEqual(parseFlyteExecution(' f6a1b2c3d4e5f6a7b8c9 '), { name: 'f6a1b2c3d4e5f6a7b8c9' });
    assert.deepEqual(parseFlyteExecution('ex:flytesnacks:development:abc123'), { project: 'flytesnacks', domain: 'development', name: 'abc123' });
    assert.deepEqual(
      parseFlyteExecution('https://flyte.example.org/console/projects/flytesnacks/domains/development/executions/abc123?duration=all#nodes'),
      { project: 'flytesnacks', domain: 'development', name: 'abc123' },
    );
    assert.deepEqual(parseFlyteExecution('http://localhost:30080/console/projects/p%20x/domains/d/executions/e1/nodeId/n0'), {
      project: 'p x',
      domain: 'd',
      name: 'e1',
    });
  });

  test('input that is neither is explained', () => {
    assert.throws(() => parseFlyteExecution('https://flyte.example.org/console/projects/p/domains/d'), /has no \/executions\/<name> part/);
    assert.throws(() => parseFlyteExecution('two words'), /neither a Flyte execution id nor a Flyte console URL/);
    assert.throws(() => parseFlyteExecution(''), /neither/);
  });
});

describe('pod names', () => {
  test("flyteplugins' FixedLengthUniqueID test vectors", () => {
    assert.equal(flyteFixedLengthId('x', 5), 'x');
    assert.equal(flyteFixedLengthId('xx', 1), 'flfryc2i');
    assert.equal(flyteFixedLengthId('xxxxxx', 5), 'fufiti6i');
    assert.equal(flyteFixedLengthId('xxxxxxxxxxxxxxxxxxxxxxxx', 20), 'fuaa3aji');
    assert.equal(flyteFixedLengthId('x-y-z', 4), 'fxzsoqrq');
    assert.equal(flyteFixedLengthId('x-y-z-m-n-y-z-m-n-y-z-m-n', 15), 'fe63sz6y');
  });

  test('execution-node-retry, hashed beyond 50 characters', () => {
    assert.equal(flytePodName('f6a1b2c3d4e5f6a7b8c9', 'n0', 0), 'f6a1b2c3d4e5f6a7b8c9-n0-0');
    const long = flytePodName('a-very-long-execution-name-given-by-a-user-for-a-test', 'n12', 3);
    assert.match(long, /^f[a-z1-6]{7}$/);
    assert.throws(() => flytePodName('e', 'n0', -1), /retry attempt must be a non-negative integer/);
  });
});

describe('queries', () => {
  const exec = { name: 'f6a1b2c3d4e5f6a7b8c9', project: 'flytesnacks', domain: 'development' };

  test('All workflow logs: the label prefix selector, never an empty trailing line filter', () => {
    assert.equal(flyteWorkflowQuery(exec, FLYTE_DEFAULTS), '{app=~"f6a1b2c3d4e5f6a7b8c9.*"}');
    assert.equal(flyteWorkflowQuery(exec, { ...FLYTE_DEFAULTS, workflowLabel: 'pod' }), '{pod=~"f6a1b2c3d4e5f6a7b8c9.*"}');
    assert.equal(
      flyteWorkflowQuery(exec, { ...FLYTE_DEFAULTS, workflowSelector: '{namespace="${project}-${domain}", ${label}=~"${execution}.*"}' }),
      '{namespace="flytesnacks-development", app=~"f6a1b2c3d4e5f6a7b8c9.*"}',
    );
    assert.doesNotMatch(flyteWorkflowQuery(exec, FLYTE_DEFAULTS), /\|=\s*$/);
  });

  test('per task: the pod of that node attempt', () => {
    assert.equal(flyteTaskQuery(exec, 'n2', 1, FLYTE_DEFAULTS), '{pod="f6a1b2c3d4e5f6a7b8c9-n2-1"}');
    assert.throws(() => flyteWorkflowQuery({ name: 'e' }, { ...FLYTE_DEFAULTS, workflowSelector: '{namespace="${project}"}' }), /uses \$\{project\}, which is not known/);
  });

  test('property: hostile execution names and node ids stay literal values', () => {
    fc.assert(
      fc.property(hostileText.filter((s) => s !== ''), hostileText.filter((s) => s !== ''), fc.nat(5), (name, node, retry) => {
        const [wf] = queryStrings(flyteWorkflowQuery({ name }, FLYTE_DEFAULTS));
        assert.equal(wf.op, '=~');
        assert.ok(wf.value.endsWith('.*'));
        assert.equal(unescapeRegex(wf.value.slice(0, -2)), name);
        assert.deepEqual(queryStrings(flyteTaskQuery({ name }, node, retry, FLYTE_DEFAULTS)), [
          { kind: 'matcher', label: 'pod', op: '=', value: flytePodName(name, node, retry) },
        ]);
      }),
      { numRuns: 500 },
    );
  });
});

/** flytepropeller's substitution: a case-insensitive regex per variable, the value inserted as is. */
function flyteSubstitute(uri: string, vars: Record<string, string>): string {
  let out = uri;
  for (const [name, value] of Object.entries(vars)) {
    out = out.replace(new RegExp(`\\{\\{\\s*[.$]${name}\\s*\\}\\}`, 'gi'), () => value);
  }
  return out;
}

const dns1123 = fc.stringMatching(/^[a-z0-9]([a-z0-9.-]{0,40}[a-z0-9])?$/);
const executionName = fc.stringMatching(/^[a-z][a-z0-9-]{0,19}$/);

describe('flytepropeller log templates', () => {
  test('the YAML snippet parses back to the templates, URIs unfolded, with Flyte variables verbatim', () => {
    const yamlText = flyteLogTemplatesYaml(target, FLYTE_DEFAULTS);
    assert.ok(yamlText.startsWith('# Task log links to Grafana Explore for flytepropeller (generated by lb-obs flyte-templates).\n'));
    const parsed = parse(yamlText) as { plugins: { logs: { templates: Array<{ displayName: string; templateUris: string[] }> } } };
    assert.deepEqual(parsed.plugins.logs.templates, flyteLogTemplates(target, FLYTE_DEFAULTS));
    const [pod, workflow] = parsed.plugins.logs.templates;
    assert.equal(pod.displayName, 'Grafana pod logs');
    assert.ok(pod.templateUris[0].includes('%5C%22{{ .podName }}%5C%22'));
    assert.ok(pod.templateUris[0].includes('%22from%22%3A%22{{ .podUnixStartTime }}000%22'));
    assert.equal(workflow.displayName, 'Grafana all workflow logs');
    assert.ok(workflow.templateUris[0].includes('%5C%22{{ .executionName }}.*%5C%22'));
  });

  test('after Flyte substitutes real values, each URI is a valid Explore link for that pod / execution', () => {
    const [pod, workflow] = flyteLogTemplates(target, FLYTE_DEFAULTS);
    const vars = { podName: 'f6a1b2c3d4e5f6a7b8c9-n0-0', executionName: 'f6a1b2c3d4e5f6a7b8c9', podUnixStartTime: '1763733399' };
    const podLink = decodeExploreUrl(flyteSubstitute(pod.templateUris[0], vars));
    assert.equal(podLink.path, 'https://grafana.example.org/grafana/explore');
    assert.equal(podLink.orgId, '3');
    assert.equal(podLink.datasourceUid, 'loki-main');
    assert.equal(podLink.expr, '{pod="f6a1b2c3d4e5f6a7b8c9-n0-0"}');
    assert.equal(podLink.from, '1763733399000');
    assert.equal(podLink.to, 'now');
    const wfLink = decodeExploreUrl(flyteSubstitute(workflow.templateUris[0], vars));
    assert.equal(wfLink.expr, '{app=~"f6a1b2c3d4e5f6a7b8c9.*"}');
    assert.equal(wfLink.from, 'now-7d');
  });

  test('every placeholder maps to a flytepropeller variable, in the legacy form too', () => {
    const selector = '{namespace="${namespace}", pod="${pod}", project="${project}", domain="${domain}", node="${node}", retry="${retry}", e="${execution}"}';
    const [pod] = flyteLogTemplates(target, { ...FLYTE_DEFAULTS, podSelector: selector }, { legacy: true });
    for (const variable of Object.values(FLYTE_VARIABLES)) assert.ok(pod.templateUris[0].includes(variable), variable);
    const link = decodeExploreUrl(
      flyteSubstitute(pod.templateUris[0], {
        namespace: 'flytesnacks-development',
        podName: 'p-n0-0',
        executionProject: 'flytesnacks',
        executionDomain: 'development',
        nodeID: 'n0',
        taskRetryAttempt: '0',
        executionName: 'e1',
        podUnixStartTime: '1763733399',
      }),
    );
    assert.equal(link.paneId, 'left');
    assert.equal(
      link.expr,
      '{namespace="flytesnacks-development", pod="p-n0-0", project="flytesnacks", domain="development", node="n0", retry="0", e="e1"}',
    );
  });

  test('property: any DNS-1123 pod name and execution name give a valid link to exactly that pod / prefix', () => {
    const [pod, workflow] = flyteLogTemplates(target, FLYTE_DEFAULTS);
    fc.assert(
      fc.property(dns1123, executionName, fc.integer({ min: 1_500_000_000, max: 2_500_000_000 }), (podName, exec, start) => {
        const vars = { podName, executionName: exec, podUnixStartTime: String(start) };
        const p = decodeExploreUrl(flyteSubstitute(pod.templateUris[0], vars));
        assert.deepEqual(queryStrings(p.expr), [{ kind: 'matcher', label: 'pod', op: '=', value: podName }]);
        assert.equal(p.from, `${start}000`);
        const w = decodeExploreUrl(flyteSubstitute(workflow.templateUris[0], vars));
        assert.deepEqual(queryStrings(w.expr), [{ kind: 'matcher', label: 'app', op: '=~', value: `${exec}.*` }]);
      }),
      { numRuns: 500 },
    );
  });
});
