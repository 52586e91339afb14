// `lb-obs --version`: the version of the package the running bundle belongs to.
import * as fs from 'fs';
import * as path from 'path';

/**
 * The version in the package.json nearest above this bundle: the extension's or the npm package's (dist/cli/ is
 * two folders below it), the repository's for a test bundle (out/test/...). Read only when asked, so that no
 * other command pays for it.
 */
export function lbObsVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) return String((JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: unknown }).version);
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
  }
}
