// Language features for Loki configs (diagnostics come from core/lokiConfig/validateLokiConfig).
import { lokiCompletions, lokiHover } from '../../../core/lokiConfig/schemaFeatures';
import { schemaYamlProvider } from './schemaYamlProvider';

export const lokiConfigProvider = schemaYamlProvider(['loki-config'], lokiCompletions, lokiHover);
