// Builds the .vsix exactly as users get it (`npm run package`), in a copy of the working tree, so that the
// production build does not rewrite dist/ under tests running at the same time. The result is cached in
// out/e2e-vsix/ under a hash of the build's inputs, so a test run packages once however many e2e files use it:
// a lock directory keeps concurrent test files from building the same thing twice, and the finished file is
// moved into place with an atomic rename, so no reader ever sees half a .vsix.
import { execFile } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { REPO_ROOT } from './paths';

const execFileAsync = promisify(execFile);
/** Not inputs of the package: installed packages (linked instead), outputs, and the tests themselves. */
const NOT_COPIED = new Set(['node_modules', '.git', 'out', 'dist', 'test-results', 'test']);
const CACHE_DIR = path.join(REPO_ROOT, 'out', 'e2e-vsix');
/** A lock older than this whose holder cannot be checked is taken to be left over from a killed run. */
const STALE_LOCK_MS = 5 * 60_000;
/** `npm run package` on a busy 2-core machine (about 1 minute when other builds run beside it). */
const PACKAGE_TIMEOUT_MS = 10 * 60_000;
/** Other cached builds older than this are removed when a new one is stored. */
const PRUNE_AFTER_MS = 10 * 60_000;

/** The packaged extension for the current working tree, copied into `into`; returns the copy's path. */
export async function buildVsix(into: string): Promise<string> {
  if (!fs.existsSync(path.join(REPO_ROOT, 'package.json'))) throw new Error(`${REPO_ROOT} is not the project root (set LB_OBS_ROOT)`);
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const key = inputsKey(REPO_ROOT);
  let cached = path.join(CACHE_DIR, `${key}.vsix`);
  if (!fs.existsSync(cached)) {
    const release = await lock(path.join(CACHE_DIR, `${key}.lock`));
    try {
      // Whoever held the lock before us may have stored it meanwhile.
      if (!fs.existsSync(cached)) cached = await packageIntoCache();
    } finally {
      release();
    }
  }
  fs.mkdirSync(into, { recursive: true });
  const now = new Date();
  // In use: not pruned by a concurrent build of other inputs.
  fs.utimesSync(cached, now, now);
  const vsix = path.join(into, 'lb-observability.vsix');
  fs.copyFileSync(cached, vsix);
  return vsix;
}

/** Runs `npm run package` in a staging copy and stores the result under the hash of what was copied. */
async function packageIntoCache(): Promise<string> {
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-package-'));
  try {
    for (const entry of fs.readdirSync(REPO_ROOT)) {
      if (NOT_COPIED.has(entry)) continue;
      fs.cpSync(path.join(REPO_ROOT, entry), path.join(staging, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(staging, 'node_modules'));
    // Keyed by the copy, not the tree: a file edited meanwhile must not be cached under the older contents.
    const key = inputsKey(staging);
    try {
      await execFileAsync('npm', ['run', 'package'], { cwd: staging, timeout: PACKAGE_TIMEOUT_MS, maxBuffer: 16 << 20 });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      throw new Error(`npm run package failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
    }
    const target = path.join(CACHE_DIR, `${key}.vsix`);
    const partial = `${target}.${process.pid}.partial`;
    fs.copyFileSync(path.join(staging, 'dist', 'lb-observability.vsix'), partial);
    fs.renameSync(partial, target);
    pruneCache(target);
    return target;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** sha256 over every input file's path and bytes, plus the installed packages' lock (their versions). */
function inputsKey(root: string): string {
  const hash = createHash('sha256');
  const add = (rel: string) => {
    hash.update(`${rel}\0`);
    hash.update(fs.readFileSync(path.join(root, rel)));
    hash.update('\0');
  };
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = rel ? path.join(rel, entry.name) : entry.name;
      if (!rel && NOT_COPIED.has(entry.name)) continue;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) add(child);
    }
  };
  walk('');
  const installed = path.join(REPO_ROOT, 'node_modules', '.package-lock.json');
  if (fs.existsSync(installed)) hash.update(fs.readFileSync(installed));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Takes the lock directory (mkdir is atomic), waiting as long as a live process holds it (its packaging has its own
 * timeout, so a slow machine makes the wait longer, not a failure); returns the release.
 */
async function lock(dir: string): Promise<() => void> {
  for (;;) {
    try {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'pid'), String(process.pid));
      return () => fs.rmSync(dir, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (lockIsStale(dir)) {
      fs.rmSync(dir, { recursive: true, force: true });
      continue;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

function lockIsStale(dir: string): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(dir, 'pid'), 'utf8'));
  } catch {
    // Not written yet (just taken) or gone: only a lock this old without a pid is left over.
    const age = fs.statSync(dir, { throwIfNoEntry: false });
    return age !== undefined && Date.now() - age.mtimeMs > STALE_LOCK_MS;
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function pruneCache(keep: string): void {
  for (const name of fs.readdirSync(CACHE_DIR)) {
    const file = path.join(CACHE_DIR, name);
    if (file === keep || !name.endsWith('.vsix')) continue;
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat && Date.now() - stat.mtimeMs > PRUNE_AFTER_MS) fs.rmSync(file, { force: true });
  }
}
