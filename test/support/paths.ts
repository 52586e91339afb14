// Paths of the built artefacts that tests run, so tests exercise exactly what ships.
import * as path from 'path';

export const REPO_ROOT = process.env.LB_OBS_ROOT ?? path.resolve(__dirname, '..', '..', '..');
export const SERVER_JS = path.join(REPO_ROOT, 'dist', 'server', 'server.js');
export const CLI_JS = path.join(REPO_ROOT, 'dist', 'cli', 'lb-obs.js');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
