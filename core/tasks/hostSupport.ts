// Which install methods the shipped install scripts (install/) offer on this system, decided as they decide it:
// brew on macOS, apt on the systems Grafana's APT repository serves (Ubuntu 24.04+, Debian 12+), docker and binary
// wherever bash runs. This lets the extension offer exactly those before starting a script.
import { promises as fs } from 'fs';
import * as path from 'path';
import type { InstallMethod } from './definition';

export type HostSupport =
  | { supported: true; label: string; methods: InstallMethod[] }
  | { supported: false; label: string; reason: string };

export const MIN_UBUNTU = '24.04';
export const MIN_DEBIAN = '12';

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

/** The methods offered on a system, its package manager's first. */
export function hostSupport(platform: string, osReleaseText?: string): HostSupport {
  if (platform === 'darwin') return { supported: true, label: 'macOS', methods: ['brew', 'docker', 'binary'] };
  if (platform === 'win32') return { supported: false, label: 'Windows', reason: 'the install scripts are bash scripts for macOS and Linux' };
  if (platform !== 'linux') return { supported: true, label: platform, methods: ['docker', 'binary'] };
  const fields = parseOsRelease(osReleaseText ?? '');
  const label = fields.PRETTY_NAME || [fields.ID, fields.VERSION_ID].filter(Boolean).join(' ') || 'Linux';
  // No VERSION_ID (Debian testing) is no version the repository serves.
  const version = fields.VERSION_ID;
  const apt = !!version && ((fields.ID === 'ubuntu' && versionAtLeast(version, MIN_UBUNTU)) || (fields.ID === 'debian' && versionAtLeast(version, MIN_DEBIAN)));
  return { supported: true, label, methods: apt ? ['apt', 'docker', 'binary'] : ['docker', 'binary'] };
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
