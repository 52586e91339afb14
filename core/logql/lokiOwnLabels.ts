// Label names that Loki (v3.7.6) gives streams itself, whatever the workspace's collectors do: never reported as
// unknown. Internal names (`__name__`, `__stream_shard__`, `__pattern__`, `__error__`, ...) start with `__`;
// `service_name` comes from service name discovery (pkg/loghttp/push/push.go LabelServiceName); `detected_level`
// from log level discovery (structured metadata, pkg/util/constants LevelLabel); and OTLP pushes turn these
// resource attributes into stream labels by default (pkg/loghttp/push/otlp_config.go
// DefaultOTLPResourceAttributesAsIndexLabels, dots written as `_`).
const OTLP_INDEX_ATTRIBUTES = [
  'service.name',
  'service.namespace',
  'service.instance.id',
  'deployment.environment',
  'deployment.environment.name',
  'cloud.region',
  'cloud.availability_zone',
  'k8s.cluster.name',
  'k8s.namespace.name',
  'k8s.pod.name',
  'k8s.container.name',
  'container.name',
  'k8s.replicaset.name',
  'k8s.deployment.name',
  'k8s.statefulset.name',
  'k8s.daemonset.name',
  'k8s.cronjob.name',
  'k8s.job.name',
];

const LOKI_OWN = new Set(['service_name', 'detected_level', ...OTLP_INDEX_ATTRIBUTES.map((a) => a.replace(/\./g, '_'))]);

/** Whether Loki itself may give streams this label (so no workspace source needs to produce it). */
export function lokiOwnLabel(name: string): boolean {
  return name.startsWith('__') || LOKI_OWN.has(name);
}
