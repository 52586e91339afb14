// Child processes of the test harness (Loki, code-server, Chromium) are killed when the test process ends,
// however it ends (a failed assertion, Ctrl-C, the runner's timeout), so that none is left running to slow down
// the next run. A process started with `detached: true` leads its own process group, and the whole group is
// signalled: code-server's extension host, language server and terminals go with it.
import { ChildProcess } from 'child_process';

const live = new Set<ChildProcess>();
const groups = new WeakSet<ChildProcess>();

/** Registers a child to kill at exit; `group` when it was spawned with `detached: true`. */
export function killOnExit(proc: ChildProcess, { group = false }: { group?: boolean } = {}): void {
  live.add(proc);
  if (group) groups.add(proc);
  proc.once('exit', () => live.delete(proc));
}

function signal(proc: ChildProcess, sig: NodeJS.Signals): void {
  try {
    if (groups.has(proc) && proc.pid !== undefined) process.kill(-proc.pid, sig);
    else proc.kill(sig);
  } catch {
    // Already gone.
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
export async function terminate(proc: ChildProcess, graceMs = 10_000): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) {
    // The leader is gone; what it started may not be.
    if (groups.has(proc)) signal(proc, 'SIGKILL');
    return;
  }
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  signal(proc, 'SIGTERM');
  const timer = setTimeout(() => signal(proc, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  // Whatever of the group outlived its leader.
  if (groups.has(proc)) signal(proc, 'SIGKILL');
}

function killAll() {
  for (const proc of live) signal(proc, 'SIGKILL');
}

process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    killAll();
    process.kill(process.pid, sig);
  });
}
