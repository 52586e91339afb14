// `lb-obs flyte-templates`: prints flytepropeller `logs.templates` YAML whose URIs open Grafana Explore. The workflow
// label follows the workspace's pipelines and Loki's labels (--workspace, --loki), as `link flyte` does.
import { FLYTE_DEFAULTS } from '../../core/links/flyte';
import { flyteLogTemplatesYaml } from '../../core/links/flyteTemplates';
import { exploreTarget, GRAFANA_OPTIONS, usage } from '../grafanaOptions';
import type { CliCommand } from '../io';
import { explainChoice, flyteWorkflowLabel, LABEL_OPTIONS } from '../linkLabels';
import { parseOptionsOnly } from '../parseOptions';

export const flyteTemplatesCommand: CliCommand = async (args, io) => {
  const command = 'flyte-templates';
  const values = parseOptionsOnly(
    args,
    {
      ...GRAFANA_OPTIONS,
      'workflow-label': { type: 'string' },
      'workflow-selector': { type: 'string' },
      'pod-selector': { type: 'string' },
      ...LABEL_OPTIONS,
    },
    command,
  );
  const workflowLabel = await flyteWorkflowLabel(values, io, command);
  if (values.explain) explainChoice(io, command, 'workflow label', workflowLabel);
  const flyte = {
    workflowLabel: workflowLabel.value,
    workflowSelector: values['workflow-selector'] ?? FLYTE_DEFAULTS.workflowSelector,
    podSelector: values['pod-selector'] ?? FLYTE_DEFAULTS.podSelector,
  };
  const target = await exploreTarget(values, io, command);
  io.stdout(usage(command, () => flyteLogTemplatesYaml(target, flyte, { legacy: values['legacy-left'] })));
  return 0;
};
