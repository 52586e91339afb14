// The pipeline engine (wasm/alloy-pipeline), loaded once on first use.
import { loadGoWasm } from '../../wasm/goWasm';
import type { PipelineRequest, PipelineResponse } from './model';

interface PipelineWasm {
  run(request: string): string;
}

/** Runs the stages on the entries as Alloy's loki.process would. */
export async function runPipeline(request: PipelineRequest): Promise<PipelineResponse> {
  const engine = await loadGoWasm<PipelineWasm>('alloy-pipeline');
  return JSON.parse(engine.run(JSON.stringify(request))) as PipelineResponse;
}
