// The fields of a logfmt line (`level=info msg="extract started" dag_id=hello_world`), for the details of lines
// that are not JSON (workflow pods' output). Parsed by the `logfmt` package; a line counts as logfmt only when it
// has at least one key=value pair, and bare words (which the parser gives as `true`) are not fields.
import logfmt from 'logfmt';

export function logfmtFields(line: string): Record<string, string> | undefined {
  const fields: Record<string, string> = {};
  let pairs = 0;
  for (const [key, value] of Object.entries(logfmt.parse(line))) {
    if (typeof value !== 'string' && value !== null) continue;
    fields[key] = value ?? '';
    pairs++;
  }
  return pairs ? fields : undefined;
}
