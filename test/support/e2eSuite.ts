// What each e2e suite in code-server does around its tests: in a temp folder, the packaged .vsix and a workspace
// the suite fills; code-server on it, loaded and trusted; afterwards everything stopped and removed.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CodeServerOptions, Workbench } from './codeServer';
import { buildVsix } from './vsix';

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

export async function startSuiteWorkbench(tempPrefix: string, prepare: PrepareWorkspace): Promise<SuiteWorkbench> {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), tempPrefix));
  const workspace = path.join(tempDir, 'workspace');
  let workbench: Workbench | undefined;
  try {
    const vsix = await buildVsix(tempDir);
    const options = await prepare({ tempDir, workspace });
    workbench = await Workbench.start({ ...options, workspace, vsix });
    await workbench.waitForWorkbench();
    await workbench.acceptWorkspaceTrust();
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
