// The Alloy configurations of a document: the whole text of an `.alloy` file, or each configuration embedded
// in YAML (Helm values, a Flux HelmRelease, a ConfigMap), with the document offset of each of its characters.
import { embeddedAlloyConfigs } from '../embedded';

export interface PipelineConfig {
  text: string;
  /** The document offset of a configuration offset. */
  toDocument(offset: number): number;
}

export function pipelineConfigs(documentText: string, yaml: boolean): PipelineConfig[] {
  if (!yaml) return [{ text: documentText, toDocument: (offset) => offset }];
  return embeddedAlloyConfigs(documentText).map(({ config }) => ({
    text: config.text,
    toDocument: (offset) => config.toDocumentRange(offset, offset).start,
  }));
}

/** YAML by file name; other names are Alloy's own syntax. */
export function isYamlName(fileName: string): boolean {
  return /\.ya?ml$/i.test(fileName);
}
