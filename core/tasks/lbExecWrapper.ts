// lb prints where a config error is (pydantic's field path) but not in which file, so the `lb` tasks that
// name their run config start lb through `lb-obs lb-exec`, which forwards lb's output unchanged and adds one
// line per error, with the config's path and position, for the `$lb` problem matcher. lb still receives
// exactly the argv core/tasks/resolve.ts made: the wrapper only prepends itself.
import type { LbTaskDefinition } from './definition';
import type { ResolvedCommand } from './resolve';

export interface WrapperRuntime {
  /** A Node.js executable: the extension host's own (`process.execPath`). */
  nodePath: string;
  /** The bundled CLI, `dist/cli/lb-obs.js`. */
  cliPath: string;
}

/** The command for a task: through `lb-obs lb-exec` for `run` and `resume` with a config, unchanged otherwise. */
export function wrapForConfigProblems(def: LbTaskDefinition, resolved: ResolvedCommand, runtime: WrapperRuntime): ResolvedCommand {
  if ((def.task !== 'run' && def.task !== 'resume') || def.config === undefined) return resolved;
  return {
    command: runtime.nodePath,
    // `--config=<path>` keeps a path that starts with "-" (or is "--") the option's value.
    args: [runtime.cliPath, 'lb-exec', `--config=${def.config}`, '--', resolved.command, ...resolved.args],
    ...(resolved.cwd ? { cwd: resolved.cwd } : {}),
    // VS Code desktop's executable is Electron, which acts as Node.js with this; in code-server it is Node.js.
    env: { ...resolved.env, ELECTRON_RUN_AS_NODE: '1' },
  };
}
