// Alloy run on a folder reads every .alloy file in it as one configuration: components defined in one file are
// referenced from another. The other files of a .alloy file's folder, read once per check (bounded).
import * as fs from 'fs';
import * as path from 'path';
import { uriToPath } from '../documents/kind';
import type { ValidationEnvironment } from '../diagnostics/types';

const MAX_SIBLINGS = 50;
const MAX_SIBLING_BYTES = 1024 * 1024;

export function siblingConfigs(uri: string, env: ValidationEnvironment): string[] {
  if (!uri.startsWith('file://')) return [];
  const file = uriToPath(uri);
  let names: string[];
  try {
    names = fs.readdirSync(path.dirname(file)).filter((n) => n.endsWith('.alloy') && n !== path.basename(file));
  } catch {
    return [];
  }
  const texts: string[] = [];
  for (const name of names.sort().slice(0, MAX_SIBLINGS)) {
    const sibling = path.join(path.dirname(file), name);
    try {
      if (fs.statSync(sibling).size > MAX_SIBLING_BYTES) continue;
    } catch {
      continue;
    }
    const text = env.readFile ? env.readFile(sibling) : undefined;
    if (text !== undefined) texts.push(text);
  }
  return texts;
}
