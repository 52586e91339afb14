// The `lb` task definitions users write in tasks.json (and the commands build): one spec table per task kind,
// checked property by property so a typo or a wrong type gets a message naming the property and the task.
// package.json's `taskDefinitions` describes the same properties (a unit test keeps the two in step).

export const TASK_TYPE = 'lb';

export const TASK_KINDS = [
  'run',
  'resume',
  'provision',
  'doctor',
  'install-loki',
  'uninstall-loki',
  'install-grafana',
  'uninstall-grafana',
] as const;
export type LbTaskKind = (typeof TASK_KINDS)[number];

export const INTENSITIES = ['low', 'medium', 'high', 'user_defined'] as const;
export const DOCKER_ENGINES = ['docker', 'podman'] as const;
export const PROVISION_ACTIONS = ['install', 'remove', 'status'] as const;
export const PROVISION_MODES = ['local', 'docker'] as const;
export const DOCTOR_SCOPES = ['all', 'controller', 'local', 'multipass', 'hosts'] as const;
export const INSTALL_METHODS = ['brew', 'apt', 'docker', 'binary'] as const;
export type InstallMethod = (typeof INSTALL_METHODS)[number];

/** Options `lb run` and `lb resume` share (docs/FACTS.md, "CLI"). */
export interface ExecutionOptions {
  config?: string;
  headless?: boolean;
  remote?: boolean;
  docker?: boolean;
  dockerEngine?: (typeof DOCKER_ENGINES)[number];
  multipass?: boolean;
  nodes?: number;
  intensity?: (typeof INTENSITIES)[number];
  setup?: boolean;
  stopFile?: string;
  debug?: boolean;
  skipConnectivityCheck?: boolean;
  connectivityTimeout?: number;
}

export interface RunTask extends ExecutionOptions {
  task: 'run';
  workloads?: string[];
  runId?: string;
  repetitions?: number;
}

export interface ResumeTask extends ExecutionOptions {
  task: 'resume';
  runId?: string;
  root?: string;
}

export interface ProvisionTask {
  task: 'provision';
  action: (typeof PROVISION_ACTIONS)[number];
  headless?: boolean;
  mode?: (typeof PROVISION_MODES)[number];
  config?: string;
  grafanaUrl?: string;
  grafanaOrgId?: number;
  grafanaAdminUser?: string;
  grafanaApiKeyName?: string;
  lokiEndpoint?: string;
  configure?: boolean;
  removeData?: boolean;
}

export interface DoctorTask {
  task: 'doctor';
  scope?: (typeof DOCTOR_SCOPES)[number];
  config?: string;
  timeout?: number;
}

export interface InstallTask {
  task: 'install-loki' | 'install-grafana';
  method?: InstallMethod;
  port?: number;
  dataDir?: string;
  binary?: string;
  version?: string;
  timeout?: number;
}

export interface UninstallTask {
  task: 'uninstall-loki' | 'uninstall-grafana';
  /** true: `--remove-data`, false: `--keep-data`, unset: the script asks. */
  removeData?: boolean;
}

export type LbTaskDefinition = RunTask | ResumeTask | ProvisionTask | DoctorTask | InstallTask | UninstallTask;

export type PropertyType =
  | { kind: 'string' }
  | { kind: 'boolean' }
  | { kind: 'integer'; minimum: number; maximum?: number }
  | { kind: 'string[]' }
  | { kind: 'enum'; values: readonly string[] };

const str: PropertyType = { kind: 'string' };
const bool: PropertyType = { kind: 'boolean' };
const int = (minimum: number, maximum?: number): PropertyType => ({ kind: 'integer', minimum, maximum });
const oneOf = (values: readonly string[]): PropertyType => ({ kind: 'enum', values });

const EXECUTION: Record<string, PropertyType> = {
  config: str,
  headless: bool,
  remote: bool,
  docker: bool,
  dockerEngine: oneOf(DOCKER_ENGINES),
  multipass: bool,
  nodes: int(1, 2),
  intensity: oneOf(INTENSITIES),
  setup: bool,
  stopFile: str,
  debug: bool,
  skipConnectivityCheck: bool,
  connectivityTimeout: int(1),
};

const INSTALL: Record<string, PropertyType> = {
  method: oneOf(INSTALL_METHODS),
  port: int(1, 65535),
  dataDir: str,
  binary: str,
  version: str,
  timeout: int(1),
};

/** Every property each task kind accepts, with its type. */
export const TASK_PROPERTIES: Record<LbTaskKind, Record<string, PropertyType>> = {
  run: { ...EXECUTION, workloads: { kind: 'string[]' }, runId: str, repetitions: int(1) },
  resume: { ...EXECUTION, runId: str, root: str },
  provision: {
    action: oneOf(PROVISION_ACTIONS),
    headless: bool,
    mode: oneOf(PROVISION_MODES),
    config: str,
    grafanaUrl: str,
    grafanaOrgId: int(1),
    grafanaAdminUser: str,
    grafanaApiKeyName: str,
    lokiEndpoint: str,
    configure: bool,
    removeData: bool,
  },
  doctor: { scope: oneOf(DOCTOR_SCOPES), config: str, timeout: int(1) },
  'install-loki': INSTALL,
  'install-grafana': INSTALL,
  'uninstall-loki': { removeData: bool },
  'uninstall-grafana': { removeData: bool },
};

/** Which provision properties make sense for which action (lb rejects the others). */
export const PROVISION_ACTION_PROPERTIES: Record<ProvisionTask['action'], readonly string[]> = {
  install: ['mode', 'config', 'grafanaUrl', 'grafanaOrgId', 'grafanaAdminUser', 'grafanaApiKeyName', 'lokiEndpoint', 'configure'],
  remove: ['removeData'],
  status: ['grafanaUrl', 'grafanaOrgId', 'lokiEndpoint'],
};

// Keys VS Code itself adds to a task definition object; they are not ours to check.
const VSCODE_KEYS = new Set(['type', 'task', 'label', '_key', 'id']);

export type DefinitionResult = { ok: true; definition: LbTaskDefinition } | { ok: false; errors: string[] };

function describe(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function checkProperty(kind: LbTaskKind, name: string, type: PropertyType, value: unknown): string | undefined {
  const where = `lb task "${kind}": "${name}"`;
  switch (type.kind) {
    case 'string':
      return typeof value === 'string' ? undefined : `${where} must be a string (got ${describe(value)})`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${where} must be true or false (got ${describe(value)})`;
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? undefined
        : `${where} must be a list of strings (got ${describe(value)})`;
    case 'enum':
      return typeof value === 'string' && type.values.includes(value)
        ? undefined
        : `${where} must be one of ${type.values.map((v) => `"${v}"`).join(', ')} (got ${describe(value)})`;
    case 'integer': {
      const range = type.maximum === undefined ? `>= ${type.minimum}` : `from ${type.minimum} to ${type.maximum}`;
      return typeof value === 'number' && Number.isInteger(value) && value >= type.minimum && (type.maximum === undefined || value <= type.maximum)
        ? undefined
        : `${where} must be an integer ${range} (got ${describe(value)})`;
    }
  }
}

/** Checks a definition object (from tasks.json or built by a command) and narrows it to its task kind. */
export function parseTaskDefinition(raw: unknown): DefinitionResult {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, errors: ['lb task: the definition must be an object'] };
  const obj = raw as Record<string, unknown>;
  const kind = obj.task;
  if (typeof kind !== 'string' || !(TASK_KINDS as readonly string[]).includes(kind)) {
    return { ok: false, errors: [`lb task: "task" must be one of ${TASK_KINDS.map((k) => `"${k}"`).join(', ')} (got ${describe(kind)})`] };
  }
  const taskKind = kind as LbTaskKind;
  const spec = TASK_PROPERTIES[taskKind];
  const errors: string[] = [];
  for (const [name, value] of Object.entries(obj)) {
    if (VSCODE_KEYS.has(name) || value === undefined) continue;
    const type = spec[name];
    if (!type) {
      errors.push(`lb task "${taskKind}": unknown property "${name}" (known: ${Object.keys(spec).join(', ')})`);
      continue;
    }
    const error = checkProperty(taskKind, name, type, value);
    if (error) errors.push(error);
  }
  if (taskKind === 'provision') {
    if (obj.action === undefined) errors.push('lb task "provision": "action" is required ("install", "remove" or "status")');
    const allowed = PROVISION_ACTION_PROPERTIES[obj.action as ProvisionTask['action']];
    if (allowed) {
      for (const name of Object.keys(obj)) {
        if (VSCODE_KEYS.has(name) || name === 'action' || name === 'headless' || obj[name] === undefined) continue;
        if (spec[name] && !allowed.includes(name)) errors.push(`lb task "provision": "${name}" does not apply to action "${obj.action}"`);
      }
    }
  }
  if (errors.length) return { ok: false, errors };
  const definition: Record<string, unknown> = { task: taskKind };
  for (const name of Object.keys(spec)) if (obj[name] !== undefined) definition[name] = obj[name];
  return { ok: true, definition: definition as unknown as LbTaskDefinition };
}
