// The line `lb-obs lb-exec` prints for each problem it finds in lb's output, and which package.json's `$lb`
// problem matcher reads (a unit test checks the two agree):
//   lb-obs: <absolute config path>:<line>:<column>-<endLine>:<endColumn>: error: <message> [<code>]
// The matcher takes the path up to the first `:<n>:<n>-<n>:<n>: <severity>: `, so a message may contain
// anything but a line break; control characters (a terminal would act on them) become spaces.
import type { ConfigRange } from './configPosition';

export type ProblemSeverity = 'error' | 'warning' | 'info';

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** A file whose name has a line break or another control character cannot be named on one terminal line. */
export function canNameInProblemLine(file: string): boolean {
  return file.replace(CONTROL, '') === file;
}

export function formatProblemLine(file: string, range: ConfigRange, severity: ProblemSeverity, message: string, code: string): string {
  const text = message.replace(CONTROL, ' ');
  const where = `${range.line}:${range.column}-${range.endLine}:${range.endColumn}`;
  return `lb-obs: ${file}:${where}: ${severity}: ${text} [${code.replace(/[^\w.-]/g, '_')}]`;
}
