// Which systems the shipped install scripts support (macOS, Ubuntu 24.04 or later) and which install methods
// make sense there; the scripts make the same decision, this lets the extension say so before starting one.
import { promises as fs } from 'fs';
import * as path from 'path';
import type { InstallMethod } from './definition';

export type HostSupport =
  | { supported: true; os: 'macos' | 'ubuntu'; label: string }
  | { supported: false; label: string; reason: string };

export const MIN_UBUNTU = '24.04';

/** os-release is `KEY=value` lines with optional quotes (freedesktop.org os-release(5)). */
export function parseOsRelease(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!match) continue;
    fields[match[1]] = match[2].replace(/^(["'])(.*)\1$/, '$2');
  }
  return fields;
}

function versionAtLeast(version: string, minimum: string): boolean {
  const a = version.split('.').map((n) => parseInt(n, 10) || 0);
  const b = minimum.split('.').map((n) => parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

export function hostSupport(platform: string, osReleaseText?: string): HostSupport {
  if (platform === 'darwin') return { supported: true, os: 'macos', label: 'macOS' };
  if (platform !== 'linux') {
    return { supported: false, label: platform, reason: `the install scripts support macOS and Ubuntu ${MIN_UBUNTU}+, not ${platform}` };
  }
  const fields = parseOsRelease(osReleaseText ?? '');
  const label = fields.PRETTY_NAME || [fields.ID, fields.VERSION_ID].filter(Boolean).join(' ') || 'an unknown Linux';
  if (fields.ID !== 'ubuntu') {
    return { supported: false, label, reason: `the install scripts support macOS and Ubuntu ${MIN_UBUNTU}+, not ${label}` };
  }
  if (!versionAtLeast(fields.VERSION_ID ?? '0', MIN_UBUNTU)) {
    return { supported: false, label, reason: `the install scripts need Ubuntu ${MIN_UBUNTU} or later (this is ${label})` };
  }
  return { supported: true, os: 'ubuntu', label };
}

/** The methods offered on each system, the native package manager first. */
export function installMethodsFor(os: 'macos' | 'ubuntu'): InstallMethod[] {
  return os === 'macos' ? ['brew', 'docker', 'binary'] : ['apt', 'docker', 'binary'];
}

/** The tool a method needs on PATH; `binary` needs the loki/grafana binary itself, checked by the script. */
export const METHOD_TOOL: Record<InstallMethod, string | undefined> = {
  brew: 'brew',
  apt: 'apt-get',
  docker: 'docker',
  binary: undefined,
};

/** The first executable file called `name` on the PATH given (or the path itself when it has a slash). */
export async function findExecutable(name: string, envPath: string | undefined): Promise<string | undefined> {
  const candidates = name.includes('/') ? [name] : (envPath ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, name));
  for (const candidate of candidates) {
    try {
      const stat = await fs.stat(candidate);
      if (!stat.isFile()) continue;
      await fs.access(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here: try the next PATH entry
    }
  }
  return undefined;
}
