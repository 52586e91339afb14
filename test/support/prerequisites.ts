// Finds the real parts the integration and e2e suites need (Loki, code-server, Chromium) and decides what
// happens when one is missing: outside CI the suite is skipped with a printed reason; with CI=true the run
// fails, so that a broken install never passes as a green run.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from './paths';

export interface Prerequisite {
  name: string;
  /** The executable, when found. */
  path?: string;
  /** Why it is not usable and how to get it, when not found. */
  missing?: string;
}

/** What `describe(name, options, fn)` of node:test needs. */
export interface SuiteGate {
  skip: string | false;
}

/**
 * Gate for a suite: `describe(suite, needs(suite, lokiBinary()), ...)`.
 * Throws (failing the test file) with CI=true when something is missing.
 */
export function needs(suite: string, ...prerequisites: Prerequisite[]): SuiteGate {
  const missing = prerequisites.filter((p) => !p.path).map((p) => `${p.name}: ${p.missing}`);
  if (missing.length === 0) return { skip: false };
  const why = missing.join('; ');
  if (process.env.CI === 'true') {
    throw new Error(`${suite} cannot run with CI=true: missing prerequisite(s): ${why}`);
  }
  console.log(`SKIPPED: ${suite}: ${why}`);
  return { skip: why };
}

/** The Loki binary: $LOKI_BIN, else the one scripts/prereqs/loki.sh caches. */
export function lokiBinary(): Prerequisite {
  return executable('Loki', 'LOKI_BIN', path.join(cacheDir(), 'loki', pinnedVersion('LOKI_VERSION'), 'loki'), 'scripts/prereqs/loki.sh');
}

/** logcli, Loki's own query client (the CLI's agreement oracle): $LOGCLI_BIN, else scripts/prereqs/logcli.sh's cache. */
export function logcliBinary(): Prerequisite {
  return executable('logcli', 'LOGCLI_BIN', path.join(cacheDir(), 'logcli', pinnedVersion('LOKI_VERSION'), 'logcli'), 'scripts/prereqs/logcli.sh');
}

/**
 * Alloy's own loki.process stages driven by scripts/prereqs/alloy-oracle/main.go: $ALLOY_STAGES_BIN, else the one
 * scripts/prereqs/alloy.sh caches (by Alloy version and program hash).
 */
export function alloyStagesBinary(): Prerequisite {
  const program = fs.readFileSync(path.join(REPO_ROOT, 'scripts', 'prereqs', 'alloy-oracle', 'main.go'));
  const hash = crypto.createHash('sha256').update(program).digest('hex').slice(0, 12);
  const cached = path.join(cacheDir(), 'alloy-stages', `${pinnedVersion('ALLOY_VERSION')}-${hash}`, 'lb-obs-alloy-stages');
  return executable("Alloy's loki.process stages", 'ALLOY_STAGES_BIN', cached, 'scripts/prereqs/alloy.sh');
}

/** code-server: $CODE_SERVER_BIN, else the one scripts/prereqs/code-server.sh caches. */
export function codeServerBinary(): Prerequisite {
  const cached = path.join(cacheDir(), 'code-server', pinnedVersion('CODE_SERVER_VERSION'), 'node_modules', '.bin', 'code-server');
  return executable('code-server', 'CODE_SERVER_BIN', cached, 'scripts/prereqs/code-server.sh');
}

/** Debian's Chromium: $CHROMIUM_BIN, else /usr/bin/chromium. */
export function chromiumBinary(): Prerequisite {
  return executable('Chromium', 'CHROMIUM_BIN', '/usr/bin/chromium', 'scripts/prereqs/debian.sh');
}

function executable(name: string, envVar: string, fallback: string, installer: string): Prerequisite {
  const fromEnv = process.env[envVar];
  const candidate = fromEnv || fallback;
  try {
    fs.accessSync(candidate, fs.constants.X_OK);
    return { name, path: candidate };
  } catch {
    const where = fromEnv ? `${envVar}=${fromEnv} is not executable` : `no executable at ${fallback} (and ${envVar} unset)`;
    return { name, missing: `${where}; run ${installer} or bash scripts/test-all.sh` };
  }
}

function cacheDir(): string {
  return process.env.LB_OBS_CACHE || path.join(os.homedir(), '.cache', 'lb-observability');
}

/** A pin from scripts/prereqs/versions.env, the one place the versions are written. */
function pinnedVersion(key: string): string {
  const text = fs.readFileSync(path.join(REPO_ROOT, 'scripts', 'prereqs', 'versions.env'), 'utf8');
  const match = new RegExp(`^${key}=(\\S+)$`, 'm').exec(text);
  if (!match) throw new Error(`scripts/prereqs/versions.env has no ${key}`);
  return match[1];
}
