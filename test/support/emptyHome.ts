// A home folder of nothing, for a language server or CLI that must not read the machine's own
// ~/.config/lb/platform.json (it would change what they report).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** HOME and XDG_CONFIG_HOME (`HOME/xdg`, not created) in a new empty folder, removed when the process exits. */
export function emptyHomeEnv(): { HOME: string; XDG_CONFIG_HOME: string } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-home-'));
  process.once('exit', () => fs.rmSync(home, { recursive: true, force: true }));
  return { HOME: home, XDG_CONFIG_HOME: path.join(home, 'xdg') };
}
