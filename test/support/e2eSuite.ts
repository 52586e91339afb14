// What each e2e suite in code-server does around its tests: in a temp folder, the packaged .vsix and a workspace
// the suite fills; code-server on it, isolated from the machine and from the suites running beside it (its own
// port, profile, extensions, HOME and XDG folders), loaded, with the extension activated; afterwards everything
// stopped and removed. A new suite:
//
//   before(async () => { suite = await startSuiteWorkbench('lb-obs-e2e-mine-', ({ workspace }) => { ...; return {}; }); },
//          { timeout: SUITE_SETUP_TIMEOUT_MS });
//   after(() => stopSuiteWorkbench(suite));
//   test('...', { timeout: TEST_TIMEOUT_MS }, () => suite!.workbench.onScreen('name', async (wb) => {
//     await wb.runCommand('LB: ...');                      // retried until the palette lists it
//     const rows = await wb.waitForProblems(/my message/);  // waits for the entry, fails with what it saw
//   }));
//
// Wait for what the user would see (wb.waitForToast, wb.quickInput, wb.waitForTerminalText, waitUntil), never
// for a fixed time: on a busy machine everything is slower, and a deadline costs nothing when the state comes.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CodeServerOptions, Workbench } from './codeServer';
import { buildVsix } from './vsix';

/** For a suite's before hook: packaging (shared, once per run), code-server and the workbench on a busy machine. */
export const SUITE_SETUP_TIMEOUT_MS = 600_000;
/** For a test of a few steps, each of which may take up to STEP_TIMEOUT_MS. */
export const TEST_TIMEOUT_MS = 300_000;

export interface SuiteWorkbench {
  workbench: Workbench;
  /** Holds the .vsix and the workspace; the suite may keep more in it. Removed by stopSuiteWorkbench. */
  tempDir: string;
  /** `workspace` in tempDir: the folder code-server opens. */
  workspace: string;
}

/** Fills the workspace folder (it does not exist yet) and says how to start code-server on it. */
export type PrepareWorkspace = (dirs: { tempDir: string; workspace: string }) =>
  | Omit<CodeServerOptions, 'workspace' | 'vsix'>
  | Promise<Omit<CodeServerOptions, 'workspace' | 'vsix'>>;

export interface SuiteOptions {
  /**
   * Wait for the extension's "activated" log record before the tests (default true). Every suite's workspace
   * activates it (an lb config or a run journal); one that does not must say false.
   */
  activates?: boolean;
}

export async function startSuiteWorkbench(tempPrefix: string, prepare: PrepareWorkspace, { activates = true }: SuiteOptions = {}): Promise<SuiteWorkbench> {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), tempPrefix));
  const workspace = path.join(tempDir, 'workspace');
  let workbench: Workbench | undefined;
  try {
    const vsix = await buildVsix(tempDir);
    const options = await prepare({ tempDir, workspace });
    workbench = await Workbench.start({
      isolated: true,
      ...options,
      // The trust prompt comes at a moment that depends on the machine's load, and modal: the workspace is
      // trusted from the start instead (what a user answers for their own folder).
      settings: { 'security.workspace.trust.enabled': false, ...options.settings },
      workspace,
      vsix,
    });
    await workbench.waitForWorkbench();
    if (activates) await workbench.waitForExtensionActivated();
    return { workbench, tempDir, workspace };
  } catch (err) {
    await workbench?.stop();
    fs.rmSync(tempDir, { recursive: true, force: true });
    throw err;
  }
}

export async function stopSuiteWorkbench(suite: SuiteWorkbench | undefined): Promise<void> {
  if (!suite) return;
  await suite.workbench.stop();
  fs.rmSync(suite.tempDir, { recursive: true, force: true });
}
