// The loki.process stage engine (run.go of wasm/alloy, beside Alloy's parsers), loaded once on first use.
import { loadGoWasm } from '../../wasm/goWasm';
import type { PipelineRequest, PipelineResponse } from './model';

interface PipelineWasm {
  run(request: string): string;
}

/** Runs the stages on the entries as Alloy's loki.process would. */
export async function runPipeline(request: PipelineRequest): Promise<PipelineResponse> {
  const engine = await loadGoWasm<PipelineWasm>('alloy');
  let answer: string;
  try {
    answer = engine.run(JSON.stringify(request));
  } catch (err) {
    // A stack overflow inside the engine (input nested beyond what it guards against): said, not thrown on.
    return { error: { message: `the preview engine failed on this input: ${(err as Error).message}` }, notSimulated: [], results: [] };
  }
  return JSON.parse(answer) as PipelineResponse;
}
