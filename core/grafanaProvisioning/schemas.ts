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

/**
 * The format of a file by its top-level keys: one format, or their union for a file that holds several (each
 * Grafana reader takes its own keys). Undefined for Loki ruler rule files (groups without apiVersion).
 */
export function provisioningSchema(topKeys: string[]): JsonSchema | undefined {
  const formats = (Object.keys(provisioningSchemas) as ProvisioningFormat[]).filter((f) =>
    topKeys.some((k) => k !== 'apiVersion' && k in provisioningSchemas[f].properties!),
  );
  if (formats.length === 0 || (!topKeys.includes('apiVersion') && formats.every((f) => f === 'alerting'))) return undefined;
  if (formats.length === 1) return provisioningSchemas[formats[0]];
  return { type: 'object', additionalProperties: false, properties: Object.assign({}, ...formats.map((f) => provisioningSchemas[f].properties)) };
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
