// Where Airflow and Flyte links (`link airflow|flyte`, `flyte-templates`) learn which labels exist: the workspace
// folders given with --workspace and Loki's label names; --explain says on stderr which form was chosen and why.
import { FLYTE_DEFAULTS } from '../core/links/flyte';
import { chooseFlyteWorkflowLabel, LabelKnowledge, LinkChoice } from '../core/links/linkMode';
import { printableLine } from '../core/text/userText';
import type { CliIo } from './io';
import { lokiLabelNamesOption } from './lokiLabelNames';
import { readWorkspace } from './workspaceFiles';

export const LABEL_OPTIONS = {
  workspace: { type: 'string', multiple: true },
  loki: { type: 'string' },
  tenant: { type: 'string' },
  explain: { type: 'boolean' },
} as const;

interface LabelOptionValues {
  workspace?: string[];
  loki?: string;
  tenant?: string;
}

export async function labelKnowledge(values: LabelOptionValues, io: CliIo, command: string): Promise<LabelKnowledge> {
  const labels = values.workspace?.length ? (await readWorkspace(values.workspace, io, command)).labels : undefined;
  return { labels, lokiLabels: await lokiLabelNamesOption(values, io, command), root: io.cwd };
}

export function explainChoice<T>(io: CliIo, command: string, what: string, choice: LinkChoice<T>): void {
  io.stderr(`lb-obs ${command}: ${what} ${String(choice.value)}: ${printableLine(choice.reason)}\n`);
}

/** The Flyte workflow label: --workflow-label when given, else the one the workspace's pipelines or Loki have. */
export async function flyteWorkflowLabel(values: LabelOptionValues & { 'workflow-label'?: string }, io: CliIo, command: string): Promise<LinkChoice<string>> {
  const explicit = values['workflow-label'];
  return explicit === undefined
    ? chooseFlyteWorkflowLabel(await labelKnowledge(values, io, command), undefined, FLYTE_DEFAULTS.workflowLabel)
    : chooseFlyteWorkflowLabel({}, { value: explicit, where: '--workflow-label' }, FLYTE_DEFAULTS.workflowLabel);
}
