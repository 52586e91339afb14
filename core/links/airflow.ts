// Airflow DAG / DAG run / task / try queries, by pod labels or by line filter (docs/FACTS.md, "Airflow").
import { createHash } from 'crypto';
import { LinkInputError } from '../logql/build/inputError';
import { LabelMatcher, LineFilter, renderLogQuery } from '../logql/build/logqlQuery';
import { assertLabelName } from '../logql/build/logqlString';

export interface AirflowTarget {
  dagId: string;
  runId?: string;
  taskId?: string;
  /** Attempt number, 1-based as Airflow counts it. */
  tryNumber?: number;
}

export type AirflowMode = 'labels' | 'line-filter';

export interface AirflowQueryOptions {
  mode: AirflowMode;
  namespace: string;
  /** Label names of the namespace and of the KubernetesExecutor's pod labels, as the collector exposes them. */
  labels: { namespace: string; dagId: string; runId: string; taskId: string; tryNumber: string };
  /**
   * Match the KubernetesExecutor's sanitised pod-label values (true) or the raw ids (false, for labels that a
   * collector extracted from the log text).
   */
  sanitize: boolean;
}

export const AIRFLOW_DEFAULTS: AirflowQueryOptions = {
  mode: 'labels',
  namespace: 'airflow',
  labels: { namespace: 'namespace', dagId: 'dag_id', runId: 'run_id', taskId: 'task_id', tryNumber: 'try_number' },
  sanitize: true,
};

const MAX_LABEL_LEN = 63;

/**
 * Airflow's make_safe_label_value (cncf.kubernetes pod_generator): strip characters a Kubernetes label value
 * cannot hold; if anything changed or the result is too long, truncate and append `-<first 9 hex of md5>`.
 */
export function makeSafeLabelValue(value: string): string {
  let safe = value.replace(/^[^a-z0-9A-Z]*|[^a-zA-Z0-9_\-.]|[^a-z0-9A-Z]*$/g, '');
  if (safe.length > MAX_LABEL_LEN || safe !== value) {
    const hash = createHash('md5').update(value, 'utf8').digest('hex').slice(0, 9);
    safe = `${safe.slice(0, MAX_LABEL_LEN - hash.length - 1)}-${hash}`;
  }
  return safe;
}

export function airflowQuery(target: AirflowTarget, options: AirflowQueryOptions): string {
  if (!target.dagId) throw new LinkInputError('a DAG id is needed for an Airflow link');
  if (!options.namespace) throw new LinkInputError('the Airflow namespace must not be empty');
  if (target.tryNumber !== undefined && (!Number.isInteger(target.tryNumber) || target.tryNumber < 1)) {
    throw new LinkInputError(`try number must be a positive integer (got ${target.tryNumber})`);
  }
  if (target.tryNumber !== undefined && !target.taskId) throw new LinkInputError('a try number needs a task id');
  const names = options.labels;
  for (const [key, name] of Object.entries(names)) assertLabelName(name, `Airflow ${key} label`);
  const matchers: LabelMatcher[] = [{ label: names.namespace, op: '=', value: options.namespace }];
  if (options.mode === 'labels') {
    const v = (raw: string) => (options.sanitize ? makeSafeLabelValue(raw) : raw);
    matchers.push({ label: names.dagId, op: '=', value: v(target.dagId) });
    if (target.runId) matchers.push({ label: names.runId, op: '=', value: v(target.runId) });
    if (target.taskId) matchers.push({ label: names.taskId, op: '=', value: v(target.taskId) });
    if (target.tryNumber !== undefined) matchers.push({ label: names.tryNumber, op: '=', value: String(target.tryNumber) });
    return renderLogQuery({ matchers });
  }
  if (target.tryNumber !== undefined) {
    throw new LinkInputError('a try number can only be matched in labels mode: the task log text does not contain it');
  }
  // Airflow writes `dag_id=..., task_id=..., run_id=...` into task log lines.
  const lineFilters: LineFilter[] = [{ op: '|=', text: `dag_id=${target.dagId}` }];
  if (target.taskId) lineFilters.push({ op: '|=', text: `task_id=${target.taskId}` });
  if (target.runId) lineFilters.push({ op: '|=', text: `run_id=${target.runId}` });
  return renderLogQuery({ matchers, lineFilters });
}
