// What the Run command and the code lenses need from a run config: its workloads (with where each key is in
// the text) and its output_dir. Read with jsonc-parser, which tolerates a config being edited (a partly
// invalid document still yields the workloads it can).
import { findNodeAtLocation, Node, parseTree } from 'jsonc-parser';
import { jsonNestingBeyond } from '../documents/jsonDepth';

export interface ConfigWorkload {
  name: string;
  plugin?: string;
  /** lb's default is true. */
  enabled: boolean;
  /** Offset and length of the workload's key (with its quotes) in the text. */
  keyOffset: number;
  keyLength: number;
}

export interface RunConfigSummary {
  workloads: ConfigWorkload[];
  outputDir?: string;
}

function stringAt(node: Node | undefined, key: string): string | undefined {
  const child = node && findNodeAtLocation(node, [key]);
  return child?.type === 'string' ? (child.value as string) : undefined;
}

export function readRunConfig(text: string): RunConfigSummary {
  // Nested too deep for the parser: nothing can be read from it (the validator says why).
  if (jsonNestingBeyond(text) !== undefined) return { workloads: [] };
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!root || root.type !== 'object') return { workloads: [] };
  const workloadsNode = findNodeAtLocation(root, ['workloads']);
  const workloads: ConfigWorkload[] = [];
  if (workloadsNode?.type === 'object') {
    for (const property of workloadsNode.children ?? []) {
      const [key, value] = property.children ?? [];
      if (!key || key.type !== 'string') continue;
      const enabledNode = value?.type === 'object' ? findNodeAtLocation(value, ['enabled']) : undefined;
      workloads.push({
        name: key.value as string,
        plugin: value?.type === 'object' ? stringAt(value, 'plugin') : undefined,
        enabled: enabledNode?.type === 'boolean' ? (enabledNode.value as boolean) : true,
        keyOffset: key.offset,
        keyLength: key.length,
      });
    }
  }
  return { workloads, outputDir: stringAt(root, 'output_dir') };
}
