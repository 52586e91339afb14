// What checking an Alloy configuration reports: offsets into the configuration text (UTF-16), so that the
// same problems serve a .alloy file and a configuration embedded in YAML.
export type AlloySeverity = 'error' | 'warning' | 'information' | 'hint';

export interface AlloyEdit {
  start: number;
  end: number;
  newText: string;
}

export interface AlloyFix {
  title: string;
  edits: AlloyEdit[];
}

export interface AlloyProblem {
  start: number;
  end: number;
  severity: AlloySeverity;
  message: string;
  /** Stable identifier, `alloy/<name>`. */
  code: string;
  fix?: AlloyFix;
}

export class ProblemList {
  readonly items: AlloyProblem[] = [];

  add(code: string, range: { start: number; end: number }, message: string, severity: AlloySeverity = 'error', fix?: AlloyFix): void {
    this.items.push({ start: range.start, end: Math.max(range.end, range.start), severity, message, code: `alloy/${code}`, ...(fix ? { fix } : {}) });
  }
}
