// Which validators apply to which kind of document. Each capability adds its validators here.
import { validateAlloyFile, validateEmbeddedAlloy } from '../alloy/validators';
import { validatePlatformConfig, validateRunConfig } from '../config/validateConfig';
import { validateDashboardJson } from '../grafana/dashboardJson';
import { validateDashboardLogQL, validateLogQLFile, validateProvisioningLogQL } from '../logql/validators';
import { validateProvisioning } from '../grafanaProvisioning/validateProvisioning';
import { validateLokiConfig } from '../lokiConfig/validateLokiConfig';
import { validateAlloyFileLabels, validateEmbeddedAlloyLabels } from '../labels/alloyMatchWarnings';
import type { Validator } from '../diagnostics/types';
import type { DocumentKind } from '../documents/kind';

export const validatorsByKind: Partial<Record<DocumentKind, Validator[]>> = {
  'lb-run-config': [validateRunConfig],
  'lb-platform-config': [validatePlatformConfig],
  logql: [validateLogQLFile],
  'grafana-dashboard': [validateDashboardJson, validateDashboardLogQL],
  'grafana-provisioning': [validateProvisioning, validateProvisioningLogQL],
  'loki-config': [validateLokiConfig],
  alloy: [validateAlloyFile, validateAlloyFileLabels],
  'alloy-yaml': [validateEmbeddedAlloy, validateEmbeddedAlloyLabels],
};
