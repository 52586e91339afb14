// Language features for Grafana provisioning files (diagnostics come from core/grafanaProvisioning); LogQL in
// alert rules is served by the LogQL provider, which comes first.
import { provisioningCompletions, provisioningHover } from '../../../core/grafanaProvisioning/schemaFeatures';
import { schemaYamlProvider } from '../lokiconfig/schemaYamlProvider';

export const provisioningProvider = schemaYamlProvider(['grafana-provisioning'], provisioningCompletions, provisioningHover);
