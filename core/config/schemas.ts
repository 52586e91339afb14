// The JSON Schemas of lb's configs, bundled into every consumer, and facts read from them.
import platformConfigSchema from '../../schemas/lb-platform-config.schema.json';
import runConfigSchema from '../../schemas/lb-run-config.schema.json';

export { platformConfigSchema, runConfigSchema };

type Schema = { definitions?: Record<string, { enum?: string[] }> };

/** lb's built-in workload plugins, as listed by the schema. */
export const BUILTIN_PLUGINS: string[] = [...((runConfigSchema as Schema).definitions?.builtin_plugins?.enum ?? [])];
