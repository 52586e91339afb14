// Where lb keeps its platform config: `$XDG_CONFIG_HOME/lb/platform.json`, else `~/.config/lb/platform.json`.
import * as path from 'path';

export function lbPlatformConfigPath(homeDir: string, xdgConfigHome?: string): string {
  return path.join(xdgConfigHome || path.join(homeDir, '.config'), 'lb', 'platform.json');
}
