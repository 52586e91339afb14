// Runs the built `lb-obs` (dist/cli/lb-obs.js) as a child process, as CI scripts do, without blocking the test's
// event loop (tests keep talking to Loki meanwhile).
import { spawn, spawnSync } from 'node:child_process';
import { CLI_JS } from './paths';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runLbObs(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_JS, ...args], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * The same, blocking: for tests with nothing else to do meanwhile. Without `env`, the test's environment;
 * `nodeArgs` go to node itself (e.g. a smaller stack).
 */
export function runLbObsSync(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; nodeArgs?: string[] }): CliRun {
  const r = spawnSync(process.execPath, [...(opts.nodeArgs ?? []), CLI_JS, ...args], { cwd: opts.cwd, env: opts.env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
