// The dry-run of one loki.process block: parse the configuration with Alloy's parser, pick the component,
// evaluate its stages and run them on sample entries. Shared by the CLI (`lb-obs alloy test`) and the
// editor's Preview Pipeline (through the worker in worker/). Ranges are document offsets.
import type { Range } from '../ast';
import { componentId } from '../model';
import { parseAlloy } from '../parse';
import { alloyParserError, loadAlloyParser } from '../syntaxWasm';
import { pipelineConfigs, type PipelineConfig } from './configSource';
import type { EntryResult, SampleEntry } from './model';
import { runPipeline } from './pipelineWasm';
import { selectorLabels } from './selectorLabels';
import { lineCounter, processComponents, type ProcessComponent } from './stagesFromAst';

export interface PreviewRequest {
  /** The document: an `.alloy` file, or YAML holding Alloy configurations. */
  documentText: string;
  yaml?: boolean;
  /** The loki.process label; may be omitted when the document has exactly one. */
  component?: string;
  entries: SampleEntry[];
  now?: string;
}

export interface StageRef {
  /** `stage.regex (line 12)`: the stage as the results name it; lines are the document's. */
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
      /** Where in the document the problem is, when it is at one place. */
      range?: Range;
    };

interface Found {
  config: PipelineConfig;
  component: ProcessComponent;
}

/** A loki.process block of a document, where the editor offers to preview it. */
export interface ComponentSite {
  label?: string;
  /** The block's name `loki.process`, in the document. */
  range: Range;
  /** Labels that let sample lines reach its stage.match blocks. */
  suggestedLabels: Record<string, string>;
}

/** The loki.process blocks of a document; none when it has syntax errors. */
export async function documentComponents(documentText: string, yaml: boolean): Promise<ComponentSite[]> {
  const found = await findComponents(documentText, yaml);
  if ('message' in found) return [];
  return found.map(({ config, component }) => ({
    label: component.label,
    range: { start: config.toDocument(component.block.nameRange.start), end: config.toDocument(component.block.nameRange.end) },
    suggestedLabels: selectorLabels(component.stages),
  }));
}

async function findComponents(documentText: string, yaml: boolean): Promise<Found[] | { message: string; range?: Range }> {
  if (!(await loadAlloyParser())) return { message: `Alloy's parser could not be loaded: ${alloyParserError()}` };
  const configs = pipelineConfigs(documentText, yaml);
  if (configs.length === 0) return { message: 'the document holds no Alloy configuration' };
  const documentLine = lineCounter(documentText);
  const found: Found[] = [];
  for (const config of configs) {
    const parsed = parseAlloy(config.text);
    if (!parsed.ast) {
      const first = parsed.errors[0];
      const range = first && { start: config.toDocument(first.range.start), end: config.toDocument(first.range.end) };
      return { message: `the configuration has syntax errors: ${first?.message ?? parsed.unavailable ?? 'unknown error'}`, range };
    }
    for (const component of processComponents(parsed.ast, (offset) => documentLine(config.toDocument(offset)))) found.push({ config, component });
  }
  return found;
}

export async function previewPipeline(request: PreviewRequest): Promise<PreviewResult> {
  const found = await findComponents(request.documentText, request.yaml ?? false);
  if ('message' in found) return { ok: false, ...found };
  const picked = pick(found, request.component);
  if ('message' in picked) return { ok: false, message: picked.message };
  const { config, component } = picked;
  const toDocument = (r: Range): Range => ({ start: config.toDocument(r.start), end: config.toDocument(r.end) });
  const name = componentId('loki.process', component.label);
  if (component.problems.length > 0) {
    const problem = component.problems[0];
    return { ok: false, message: `${name}: ${problem.message}`, range: toDocument(problem.range) };
  }
  const response = await runPipeline({ stages: component.stages, entries: request.entries, now: request.now });
  const ref = (id: string): StageRef => {
    const site = component.sites.get(id);
    return { id, name: site?.name ?? id, range: toDocument(site?.range ?? component.block.nameRange) };
  };
  if (response.error) {
    const stage = response.error.stage;
    return {
      ok: false,
      message: `${name}: ${stage ? `${stage}: ` : ''}${response.error.message}`,
      range: stage && component.sites.has(stage) ? ref(stage).range : undefined,
    };
  }
  return {
    ok: true,
    component: name,
    stages: [...component.sites.keys()].map(ref),
    notSimulated: response.notSimulated.map(ref),
    results: response.results,
  };
}

function pick(found: Found[], label: string | undefined): Found | { message: string } {
  if (found.length === 0) return { message: 'the configuration has no loki.process component' };
  if (label !== undefined) {
    const match = found.find((f) => f.component.label === label);
    if (match) return match;
    return { message: `no loki.process "${label}"; the configuration has ${labels(found)}` };
  }
  if (found.length === 1) return found[0];
  return { message: `the configuration has ${found.length} loki.process components (${labels(found)}): name one` };
}

function labels(found: Found[]): string {
  return found.map((f) => componentId('loki.process', f.component.label)).join(', ');
}
