// The `lb-obs` program: the ES module entry that dist/cli/lb-obs.js (a CommonJS launcher every caller starts,
// written by scripts/build.mjs) imports. Tests call main() in-process instead; they never load this file.
import { main, unexpected } from './lb-obs';

process.on('uncaughtException', (err) => {
  process.stderr.write(unexpected(process.argv[2] ?? '', err));
  process.exit(2);
});
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
