// The pipeline preview off the main thread, as the editor runs it: the worker bundle (dist/alloyPipelineWorker.js,
// built by scripts/build.mjs) finds the loki.process blocks of a HelmRelease and runs one on sample lines.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { PreviewWorkerClient } from '../../core/alloy/pipeline/worker/previewWorkerClient';
import { REPO_ROOT } from '../support/paths';

const worker = new PreviewWorkerClient(path.join(REPO_ROOT, 'dist', 'alloyPipelineWorker.js'));
after(() => worker.dispose());
const helmRelease = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'alloy-pipeline', 'helmrelease.yaml'), 'utf8');

test('the loki.process blocks of a HelmRelease, at their document positions, with the labels their matches test', async () => {
  const sites = await worker.components(helmRelease, true);
  assert.equal(sites.length, 1);
  assert.equal(helmRelease.slice(sites[0].range.start, sites[0].range.end), 'loki.process');
  assert.equal(sites[0].label, 'airflow');
  assert.deepEqual(sites[0].suggestedLabels, { namespace: 'airflow' });
});

test('a preview in the worker names stages by their document lines', async () => {
  const result = await worker.preview({
    documentText: helmRelease,
    yaml: true,
    entries: [{ line: '[2024-01-01T00:00:00.000+0000] {taskinstance.py:1234} INFO - dag_id=d task_id=t execution_date=x', labels: { namespace: 'airflow' } }],
  });
  assert.ok(result.ok);
  assert.deepEqual(result.stages.map((s) => s.id), [
    'stage.match (line 23)',
    'stage.regex (line 26)',
    'stage.regex (line 29)',
    'stage.labels (line 33)',
    'stage.structured_metadata (line 36)',
    'stage.timestamp (line 39)',
  ]);
  assert.deepEqual(result.results[0].labels, { namespace: 'airflow', dag_id: 'd', task_id: 't', level: 'INFO' });
});

test('a document without Alloy has no blocks; a broken one says where', async () => {
  assert.deepEqual(await worker.components('kind: Deployment\n', true), []);
  const broken = await worker.preview({ documentText: 'loki.process "x" {\n  forward_to = [\n}\n', entries: [] });
  assert.equal(broken.ok, false);
});
