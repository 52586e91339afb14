// Lines from Loki that are not lb records (Flyte, Airflow, any pod's output) get the panel's columns from their
// stream labels, and their level from Loki's own `detected_level`: the first label present of each column's list.
// The panel's four text columns (component, host, workload, phase) are titled after what they hold.
import type { LogLevel } from './model';

export type LabelColumn = 'component' | 'host' | 'workload' | 'phase';

export interface LabelColumnSpec {
  title: string;
  labels: string[];
}

/** Kubernetes collectors' labels (Alloy/Promtail relabel rules) and the labels Airflow and Flyte pods carry. */
export const WORKFLOW_LABEL_COLUMNS: Record<LabelColumn, LabelColumnSpec> = {
  component: { title: 'Namespace', labels: ['namespace', 'k8s_namespace_name'] },
  host: { title: 'Pod', labels: ['pod', 'k8s_pod_name', 'instance', 'host', 'hostname'] },
  workload: { title: 'Container', labels: ['container', 'k8s_container_name', 'app', 'service_name', 'job'] },
  phase: { title: 'Task', labels: ['task_id', 'dag_id', 'task_name', 'node_id', 'execution_id'] },
};

export function labelColumnTitles(): Record<LabelColumn, string> {
  return {
    component: WORKFLOW_LABEL_COLUMNS.component.title,
    host: WORKFLOW_LABEL_COLUMNS.host.title,
    workload: WORKFLOW_LABEL_COLUMNS.workload.title,
    phase: WORKFLOW_LABEL_COLUMNS.phase.title,
  };
}

/** The value of each column for an entry's labels (entry labels such as parsed ones first, then the stream's). */
export function labelColumnValues(labels: Record<string, string>): Record<LabelColumn, string | undefined> {
  const pick = (spec: LabelColumnSpec) => {
    for (const name of spec.labels) if (labels[name]) return labels[name];
    return undefined;
  };
  return {
    component: pick(WORKFLOW_LABEL_COLUMNS.component),
    host: pick(WORKFLOW_LABEL_COLUMNS.host),
    workload: pick(WORKFLOW_LABEL_COLUMNS.workload),
    phase: pick(WORKFLOW_LABEL_COLUMNS.phase),
  };
}

// Loki's detected_level values (pkg/util/constants/levels.go): trace, debug, info, warn, error, critical,
// fatal, unknown.
const LEVELS: Record<string, LogLevel> = {
  trace: 'DEBUG',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARNING',
  warning: 'WARNING',
  error: 'ERROR',
  critical: 'CRITICAL',
  fatal: 'CRITICAL',
};

export function detectedLevel(labels: Record<string, string>): LogLevel | undefined {
  const value = labels.detected_level ?? labels.level;
  return value === undefined ? undefined : LEVELS[value.toLowerCase()];
}
