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

/** The configurations Alloy's parser reads; `broken` when one of them has syntax errors (or no parser is loaded). */
export function parseAlloyConfigs(text: string, embedded: boolean): { parsed: ParsedAlloyConfig[]; broken: boolean } {
  const configs = embedded ? embeddedAlloyConfigs(text).map((e) => e.config) : [wholeDocument(text)];
  let broken = false;
  const parsed = configs.flatMap((config) => {
    const masked = maskHelmTemplates(config.text);
    if (masked.outside !== undefined) return [];
    const ast = parseAlloy(masked.text).ast;
    broken ||= !ast;
    return ast ? [{ config, ast }] : [];
  });
  return { parsed, broken };
}

export function parsedAlloyConfigs(text: string, embedded: boolean): ParsedAlloyConfig[] {
  return parseAlloyConfigs(text, embedded).parsed;
}
