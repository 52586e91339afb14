// The lb config fixtures under test/fixtures/configs and the schema each one is checked against. The schema is
// chosen by the product's own classifier (file name first), so a fixture is read as the language server reads it.
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { classifyDocument } from '../../core/documents/kind';
import { FIXTURES, REPO_ROOT } from './paths';

export const CONFIG_FIXTURES = path.join(FIXTURES, 'configs');

export type ConfigKind = 'lb-run-config' | 'lb-platform-config';

export const SCHEMA_FILES: Record<ConfigKind, string> = {
  'lb-run-config': path.join(REPO_ROOT, 'schemas', 'lb-run-config.schema.json'),
  'lb-platform-config': path.join(REPO_ROOT, 'schemas', 'lb-platform-config.schema.json'),
};

export interface ConfigFixture {
  /** Path relative to test/fixtures/configs, for test names and messages. */
  name: string;
  file: string;
  text: string;
  kind: ConfigKind;
}

function listJson(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return listJson(p);
    return e.name.endsWith('.json') ? [p] : [];
  });
}

/** Every fixture under test/fixtures/configs/<group> (valid, valid-with-warnings, invalid). */
export function configFixtures(group: string): ConfigFixture[] {
  return listJson(path.join(CONFIG_FIXTURES, group))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(file, 'utf8');
      const kind = classifyDocument(file, text);
      if (kind !== 'lb-run-config' && kind !== 'lb-platform-config') {
        throw new Error(`${file} is classified as ${kind}; name it benchmark_config*.json or put it at .../lb/platform.json`);
      }
      return { name: path.relative(CONFIG_FIXTURES, file), file, text, kind };
    });
}

export function loadSchema(kind: ConfigKind): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(SCHEMA_FILES[kind], 'utf8'));
}

/** ajv 8 configured as the validator uses it: draft-07, every error, VS Code's extra keywords tolerated. */
export function compileSchemas(): Record<ConfigKind, ValidateFunction> {
  const ajv = new Ajv({ allErrors: true, strict: false });
  return {
    'lb-run-config': ajv.compile(loadSchema('lb-run-config')),
    'lb-platform-config': ajv.compile(loadSchema('lb-platform-config')),
  };
}

export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.keyword}: ${e.message} ${JSON.stringify(e.params)}`).join('\n');
}
