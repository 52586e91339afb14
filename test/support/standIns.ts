// Recording stand-ins for programs that cannot run here (Homebrew, apt-get, systemctl, a Docker engine) or
// whose answers a test must choose (uname, curl). Each stand-in appends one line per call to a log: its
// name and each argument base64-encoded, so spaces, quotes and newlines in arguments survive exactly.
import * as fs from 'fs';
import * as path from 'path';

/** Writes an executable bash stand-in that records its call, then runs `body` (bash, may use "$@"). */
export function writeStandIn(binDir: string, name: string, logFile: string, body = 'exit 0'): void {
  const script = [
    '#!/bin/bash',
    `rec=${JSON.stringify(name)}`,
    'for a in "$@"; do rec+=" $(printf \'%s\' "$a" | /usr/bin/base64 -w0)"; done',
    `printf '%s\\n' "$rec" >> ${JSON.stringify(logFile)}`,
    body,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(binDir, name), script, { mode: 0o755 });
}

/** Every recorded call, in order, as argv arrays whose first element is the program's name. */
export function readCalls(logFile: string): string[][] {
  if (!fs.existsSync(logFile)) return [];
  return fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [name, ...encoded] = line.split(' ');
      return [name, ...encoded.map((e) => Buffer.from(e, 'base64').toString('utf8'))];
    });
}

/** A folder of links to the real tools a script may use, so PATH can hold exactly what a test wants. */
export function linkRealTools(dir: string, tools: string[]): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const tool of tools) {
    const real = ['/usr/bin', '/bin', '/usr/sbin', '/sbin'].map((d) => path.join(d, tool)).find((p) => fs.existsSync(p));
    if (!real) throw new Error(`test harness: ${tool} is not installed`);
    fs.symlinkSync(real, path.join(dir, tool));
  }
}
