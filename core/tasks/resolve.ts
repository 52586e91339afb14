// Turns an `lb` task definition into the executable and argument array to start. Every value is passed as one
// argument, unchanged: the process is started without a shell, so quotes, `;`, `$(...)` or newlines in a run
// id or workload name stay text. Options always use lb's long names so the argv reads the same as lb's docs.
import * as os from 'os';
import * as path from 'path';
import type {
  DoctorTask,
  ExecutionOptions,
  InstallTask,
  LbTaskDefinition,
  ProvisionTask,
  ResumeTask,
  RunTask,
  UninstallTask,
} from './definition';

export interface ResolvedCommand {
  command: string;
  args: string[];
  cwd?: string;
  env?: Record<string, string>;
}

export interface ResolveContext {
  /** The `lbObs.lbPath` setting: `lb` (looked up on PATH), or a path; a leading `~/` is the home folder. */
  lbPath: string;
  /** The extension's `install/` folder with the install scripts. */
  scriptsDir: string;
  /** Where lb runs: relative paths in lb's config (output_dir, ...) are relative to it. */
  cwd?: string;
}

export const SCRIPT_FILES = {
  'install-loki': 'install-loki.sh',
  'uninstall-loki': 'uninstall-loki.sh',
  'install-grafana': 'install-grafana.sh',
  'uninstall-grafana': 'uninstall-grafana.sh',
} as const;

/** `lb` stays a PATH lookup; `~/bin/lb` becomes an absolute path (no shell expands it for us). */
export function expandLbPath(lbPath: string, home = os.homedir()): string {
  const trimmed = lbPath.trim() || 'lb';
  if (trimmed === '~') return home;
  return trimmed.startsWith('~/') ? path.join(home, trimmed.slice(2)) : trimmed;
}

function option(args: string[], name: string, value: string | number | undefined): void {
  if (value !== undefined) args.push(name, String(value));
}

function flag(args: string[], name: string, value: boolean | undefined): void {
  if (value) args.push(name);
}

/** A Typer `--x/--no-x` pair: unset leaves lb's default. */
function toggle(args: string[], name: string, value: boolean | undefined): void {
  if (value !== undefined) args.push(value ? `--${name}` : `--no-${name}`);
}

function globalArgs(def: { headless?: boolean }): string[] {
  return def.headless ? ['--headless'] : [];
}

function executionArgs(args: string[], def: ExecutionOptions): void {
  option(args, '--config', def.config);
  toggle(args, 'remote', def.remote);
  flag(args, '--docker', def.docker);
  option(args, '--docker-engine', def.dockerEngine);
  flag(args, '--multipass', def.multipass);
  option(args, '--nodes', def.nodes);
  option(args, '--intensity', def.intensity);
  toggle(args, 'setup', def.setup);
  option(args, '--stop-file', def.stopFile);
  flag(args, '--debug', def.debug);
  flag(args, '--skip-connectivity-check', def.skipConnectivityCheck);
  option(args, '--connectivity-timeout', def.connectivityTimeout);
}

function runArgs(def: RunTask): string[] {
  const args = [...globalArgs(def), 'run'];
  executionArgs(args, def);
  option(args, '--run-id', def.runId);
  option(args, '--repetitions', def.repetitions);
  // `--` ends the options, so a workload name starting with "-" is still a workload name.
  if (def.workloads?.length) args.push('--', ...def.workloads);
  return args;
}

function resumeArgs(def: ResumeTask): string[] {
  const args = [...globalArgs(def), 'resume'];
  executionArgs(args, def);
  option(args, '--root', def.root);
  if (def.runId !== undefined) args.push('--', def.runId);
  return args;
}

function provisionArgs(def: ProvisionTask): string[] {
  const args = [...globalArgs(def), 'provision', 'loki-grafana', def.action];
  option(args, '--mode', def.mode);
  option(args, '--config', def.config);
  option(args, '--grafana-url', def.grafanaUrl);
  option(args, '--grafana-org-id', def.grafanaOrgId);
  option(args, '--grafana-admin-user', def.grafanaAdminUser);
  option(args, '--grafana-api-key-name', def.grafanaApiKeyName);
  option(args, '--loki-endpoint', def.lokiEndpoint);
  toggle(args, 'configure', def.configure);
  flag(args, '--remove-data', def.removeData);
  return args;
}

function doctorArgs(def: DoctorTask): string[] {
  const args = ['doctor', def.scope ?? 'all'];
  option(args, '--config', def.config);
  option(args, '--timeout', def.timeout);
  return args;
}

function installArgs(def: InstallTask): string[] {
  const args: string[] = [];
  option(args, '--method', def.method);
  option(args, '--port', def.port);
  option(args, '--data-dir', def.dataDir);
  option(args, '--binary', def.binary);
  option(args, '--version', def.version);
  option(args, '--timeout', def.timeout);
  return args;
}

function uninstallArgs(def: UninstallTask): string[] {
  if (def.removeData === undefined) return [];
  return [def.removeData ? '--remove-data' : '--keep-data'];
}

export function resolveTaskCommand(def: LbTaskDefinition, ctx: ResolveContext): ResolvedCommand {
  const cwd = ctx.cwd ? { cwd: ctx.cwd } : {};
  const lb = expandLbPath(ctx.lbPath);
  switch (def.task) {
    case 'run':
      return { command: lb, args: runArgs(def), ...cwd };
    case 'resume':
      return { command: lb, args: resumeArgs(def), ...cwd };
    case 'provision':
      return { command: lb, args: provisionArgs(def), ...cwd };
    case 'doctor':
      return { command: lb, args: doctorArgs(def), ...cwd };
    case 'install-loki':
    case 'install-grafana':
      return { command: 'bash', args: [path.join(ctx.scriptsDir, SCRIPT_FILES[def.task]), ...installArgs(def)], ...cwd };
    case 'uninstall-loki':
    case 'uninstall-grafana':
      return { command: 'bash', args: [path.join(ctx.scriptsDir, SCRIPT_FILES[def.task]), ...uninstallArgs(def)], ...cwd };
  }
}

/** A one-line summary for task names and logs (values quoted so the boundaries of each argument show). */
export function describeCommand(resolved: ResolvedCommand): string {
  return [resolved.command, ...resolved.args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}
