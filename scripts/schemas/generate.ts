// Writes the lb config schemas and snippets (see files.ts). Run from the repository root: `npm run schemas`.
// test/unit/schemas-up-to-date.test.ts fails when the checked-in files differ from this output.
import * as fs from 'fs';
import * as path from 'path';
import { generatedFiles } from './files';

for (const [file, content] of Object.entries(generatedFiles())) {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(path.resolve(file), content);
  console.log(`wrote ${file}`);
}
