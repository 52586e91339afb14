// The dry-run of one loki.process block: parse the configuration with Alloy's parser, pick the component,
// evaluate its stages and run them on sample entries. Shared by the CLI (`lb-obs alloy test`) and the
// editor's Preview Pipeline (through the worker in worker/).
import type { Range } from '../ast';
import { componentId } from '../model';
import { parseAlloy } from '../parse';
import type { EntryResult, SampleEntry } from './model';
import { alloyParserError, loadAlloyParser } from '../syntaxWasm';
import { runPipeline } from './pipelineWasm';
import { lineCounter, processComponents, type LineOf, type ProcessComponent } from './stagesFromAst';

export interface PreviewRequest {
  /** The Alloy configuration (for an embedded one, the decoded text of the YAML value). */
  text: string;
  /** The loki.process label; may be omitted when the configuration has exactly one. */
  component?: string;
  entries: SampleEntry[];
  now?: string;
  /** Lines of the stage ids; the text's own lines when omitted. */
  lineOf?: LineOf;
}

export interface StageRef {
  id: string;
  /** `stage.regex` */
  name: string;
  range: Range;
}

export type PreviewResult =
  | {
      ok: true;
      /** `loki.process "default"` */
      component: string;
      /** The top-level and nested stages, in order. */
      stages: StageRef[];
      /** Stages the engine does not run: entries pass them unchanged. */
      notSimulated: StageRef[];
      results: EntryResult[];
    }
  | {
      ok: false;
      message: string;
      /** Where in the text the problem is, when it is at one place. */
      range?: Range;
    };

export async function previewPipeline(request: PreviewRequest): Promise<PreviewResult> {
  if (!(await loadAlloyParser())) return { ok: false, message: `Alloy's parser could not be loaded: ${alloyParserError()}` };
  const parsed = parseAlloy(request.text);
  if (!parsed.ast) {
    const first = parsed.errors[0];
    return { ok: false, message: `the configuration has syntax errors: ${first?.message ?? 'unknown error'}`, range: first?.range };
  }
  const components = processComponents(parsed.ast, request.lineOf ?? lineCounter(request.text));
  const picked = pick(components, request.component);
  if ('message' in picked) return { ok: false, message: picked.message };
  const name = componentId('loki.process', picked.label);
  if (picked.problems.length > 0) {
    const problem = picked.problems[0];
    return { ok: false, message: `${name}: ${problem.message}`, range: problem.range };
  }
  const response = await runPipeline({ stages: picked.stages, entries: request.entries, now: request.now });
  const ref = (id: string): StageRef => {
    const site = picked.sites.get(id);
    return { id, name: site?.name ?? id, range: site?.range ?? picked.block.nameRange };
  };
  if (response.error) {
    const where = response.error.stage ? `${response.error.stage}: ` : '';
    const site = response.error.stage ? picked.sites.get(response.error.stage) : undefined;
    return { ok: false, message: `${name}: ${where}${response.error.message}`, range: site?.range };
  }
  return {
    ok: true,
    component: name,
    stages: [...picked.sites.keys()].map(ref),
    notSimulated: response.notSimulated.map(ref),
    results: response.results,
  };
}

function pick(components: ProcessComponent[], label: string | undefined): ProcessComponent | { message: string } {
  if (components.length === 0) return { message: 'the configuration has no loki.process component' };
  if (label !== undefined) {
    const found = components.find((c) => c.label === label);
    if (found) return found;
    return { message: `no loki.process "${label}"; the configuration has ${labels(components)}` };
  }
  if (components.length === 1) return components[0];
  return { message: `the configuration has ${components.length} loki.process components (${labels(components)}): name one` };
}

function labels(components: ProcessComponent[]): string {
  return components.map((c) => componentId('loki.process', c.label)).join(', ');
}
