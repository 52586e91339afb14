// Grafana's provisioning file formats (schemas/grafana/, written from Grafana's provisioning documentation) and
// which one a file uses, by its top-level keys.
import alerting from '../../schemas/grafana/alerting.schema.json';
import dashboardProviders from '../../schemas/grafana/dashboard-providers.schema.json';
import datasources from '../../schemas/grafana/datasources.schema.json';

export interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  required?: string[];
  enum?: string[];
  definitions?: Record<string, JsonSchema>;
  pattern?: string;
  maxLength?: number;
}

export type ProvisioningFormat = 'datasources' | 'dashboard-providers' | 'alerting';

export const provisioningSchemas: Record<ProvisioningFormat, JsonSchema> = {
  datasources: datasources as JsonSchema,
  'dashboard-providers': dashboardProviders as JsonSchema,
  alerting: alerting as JsonSchema,
};

/** The jsonData settings Grafana's Loki and Prometheus datasource plugins read. */
export const jsonDataSchemas: Record<string, JsonSchema> = {
  loki: (datasources as JsonSchema).definitions!.lokiJsonData,
  prometheus: (datasources as JsonSchema).definitions!.prometheusJsonData,
};

/** Undefined for Loki ruler rule files (groups without apiVersion), which are not Grafana's. */
export function provisioningFormat(topKeys: string[]): ProvisioningFormat | undefined {
  if (topKeys.includes('datasources') || topKeys.includes('deleteDatasources')) return 'datasources';
  if (topKeys.includes('providers')) return 'dashboard-providers';
  if (!topKeys.includes('apiVersion')) return undefined;
  const alertingKeys = Object.keys(provisioningSchemas.alerting.properties!);
  return topKeys.some((k) => k !== 'apiVersion' && alertingKeys.includes(k)) ? 'alerting' : undefined;
}

/** The schema of the value at `path` (keys and list positions) below `schema`, following jsonData by type. */
export function schemaAt(schema: JsonSchema, path: (string | number)[], datasourceType?: (index: number) => string | undefined): JsonSchema | undefined {
  let current: JsonSchema | undefined = schema;
  for (let i = 0; i < path.length && current; i++) {
    const step = path[i];
    if (typeof step === 'number') {
      current = current.items;
      continue;
    }
    if (step === 'jsonData' && path[i - 2] === 'datasources' && typeof path[i - 1] === 'number') {
      const type = datasourceType?.(path[i - 1] as number);
      current = type ? jsonDataSchemas[type] ?? current.properties?.jsonData : current.properties?.jsonData;
      continue;
    }
    const pattern = Object.entries(current.patternProperties ?? {}).find(([p]) => new RegExp(p).test(step));
    current = current.properties?.[step] ?? pattern?.[1] ?? (typeof current.additionalProperties === 'object' ? current.additionalProperties : undefined);
  }
  return current;
}
