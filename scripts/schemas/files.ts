// Every file the generator writes, path (from the repository root) to content: the two schemas, their
// annotation-only variants for VS Code's jsonValidation, and the snippets.
import { annotationsOnly } from './annotationsOnly';
import { buildSchemas } from './build';
import { buildSnippets } from './snippets';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export function generatedFiles(): Record<string, string> {
  const { runConfig, platformConfig } = buildSchemas();
  return {
    'schemas/lb-run-config.schema.json': json(runConfig),
    'schemas/lb-platform-config.schema.json': json(platformConfig),
    'schemas/vscode/lb-run-config.schema.json': json(annotationsOnly(runConfig)),
    'schemas/vscode/lb-platform-config.schema.json': json(annotationsOnly(platformConfig)),
    'snippets/lb-config.json': json(buildSnippets()),
  };
}
