// Whether a query built or given for a link is valid LogQL, by the LogQL engine's own validation (grammar plus
// Loki's rules). Explore does not substitute dashboard variables, so they count as errors here.
import { validateLogQL } from '../validateQuery';

/** The first error as `line L, column C: message` (1-based), or undefined for a valid query. */
export function logqlError(query: string): string | undefined {
  const problem = validateLogQL(query, { grafanaVariables: false }).find((p) => p.severity === 'error');
  if (!problem) return undefined;
  const before = query.slice(0, problem.start).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}: ${problem.message}`;
}
