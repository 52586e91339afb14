// `lb-obs flyte-templates`: prints flytepropeller `logs.templates` YAML whose URIs open Grafana Explore.
import { FLYTE_DEFAULTS } from '../../core/links/flyte';
import { flyteLogTemplatesYaml } from '../../core/links/flyteTemplates';
import { exploreTarget, GRAFANA_OPTIONS, usage } from '../grafanaOptions';
import type { CliCommand } from '../io';
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
    },
    command,
  );
  const flyte = {
    workflowLabel: values['workflow-label'] ?? FLYTE_DEFAULTS.workflowLabel,
    workflowSelector: values['workflow-selector'] ?? FLYTE_DEFAULTS.workflowSelector,
    podSelector: values['pod-selector'] ?? FLYTE_DEFAULTS.podSelector,
  };
  const target = await exploreTarget(values, io, command);
  io.stdout(usage(command, () => flyteLogTemplatesYaml(target, flyte, { legacy: values['legacy-left'] })));
  return 0;
};
