// VS Code substitutes `${...}` variables (including `${command:...}`, which runs a command) in the command,
// arguments and environment of every task before starting it, and offers no escape for a literal `${`.
// Values the user did not write as a task (workload names read from a config, run ids from folder names,
// text typed into a prompt) must therefore never reach a task when they contain `${`.
import type { LbTaskDefinition } from './definition';

export interface VariableReference {
  property: string;
  value: string;
}

export function variableReferences(def: LbTaskDefinition): VariableReference[] {
  const found: VariableReference[] = [];
  for (const [property, value] of Object.entries(def)) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) if (typeof v === 'string' && v.includes('${')) found.push({ property, value: v });
  }
  return found;
}
