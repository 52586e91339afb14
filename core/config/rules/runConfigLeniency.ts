// Where lb 0.67 tolerates a run config's mistakes: they are warnings saying why, not errors.
import type { Node } from 'jsonc-parser';
import type { Leniency } from '../schemaDiagnostics';
import { unreadRunConfigValue } from './unreadOptions';

export function runConfigLeniency(root: Node): Leniency {
  return {
    unread: unreadRunConfigValue(root),
    // lb loads plugin_settings as a plain map and skips an entry that is not an object.
    skippedWhenMistyped: (path) =>
      path.length === 2 && path[0] === 'plugin_settings' ? `lb skips it and runs ${path[1]} with its default settings.` : undefined,
  };
}
