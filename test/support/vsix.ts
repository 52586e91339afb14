// Builds the .vsix exactly as users get it (`npm run package`), in a copy of the working tree, so that the
// production build does not rewrite dist/ under tests running at the same time.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { REPO_ROOT } from './paths';

const execFileAsync = promisify(execFile);
const NOT_COPIED = new Set(['node_modules', '.git', 'out', 'dist', 'test-results']);

/** Runs `npm run package` in a staging copy; returns the .vsix path (inside `into`). */
export async function buildVsix(into: string): Promise<string> {
  if (!fs.existsSync(path.join(REPO_ROOT, 'package.json'))) throw new Error(`${REPO_ROOT} is not the project root (set LB_OBS_ROOT)`);
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-package-'));
  try {
    for (const entry of fs.readdirSync(REPO_ROOT)) {
      if (NOT_COPIED.has(entry)) continue;
      fs.cpSync(path.join(REPO_ROOT, entry), path.join(staging, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(staging, 'node_modules'));
    try {
      await execFileAsync('npm', ['run', 'package'], { cwd: staging, timeout: 180_000, maxBuffer: 16 << 20 });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      throw new Error(`npm run package failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
    }
    fs.mkdirSync(into, { recursive: true });
    const vsix = path.join(into, 'lb-observability.vsix');
    fs.copyFileSync(path.join(staging, 'dist', 'lb-observability.vsix'), vsix);
    return vsix;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
