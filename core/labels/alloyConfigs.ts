// The Alloy configurations of a document with their syntax trees: a whole .alloy file, or each configuration
// embedded in YAML (Helm values with template actions masked inside strings; one with an action outside a string
// only exists after `helm template`, so it is left out).
import { AlloyFile } from '../alloy/ast';
import { embeddedAlloyConfigs } from '../alloy/embedded';
import { maskHelmTemplates } from '../alloy/helmTemplates';
import { parseAlloy } from '../alloy/parse';
import { wholeDocument } from '../alloy/validators';
import type { EmbeddedQuery } from '../logql/embedded/embeddedQuery';

export interface ParsedAlloyConfig {
  config: EmbeddedQuery;
  ast: AlloyFile;
}

export function parsedAlloyConfigs(text: string, embedded: boolean): ParsedAlloyConfig[] {
  const configs = embedded ? embeddedAlloyConfigs(text).map((e) => e.config) : [wholeDocument(text)];
  return configs.flatMap((config) => {
    const masked = maskHelmTemplates(config.text);
    if (masked.outside !== undefined) return [];
    const ast = parseAlloy(masked.text).ast;
    return ast ? [{ config, ast }] : [];
  });
}
