// Problems found in a Loki config, as document offsets; turned into diagnostics by validateLokiConfig.
import type { Node } from 'yaml';
import { quoteUserText } from '../text/userText';

export interface LokiProblem {
  start: number;
  end: number;
  severity: 'error' | 'warning';
  code: string;
  message: string;
}

export class ProblemList {
  readonly problems: LokiProblem[] = [];

  error(node: Node | undefined, code: string, message: string): void {
    this.add(node, 'error', code, message);
  }

  warning(node: Node | undefined, code: string, message: string): void {
    this.add(node, 'warning', code, message);
  }

  at(start: number, end: number, severity: LokiProblem['severity'], code: string, message: string): void {
    this.problems.push({ start, end, severity, code, message });
  }

  private add(node: Node | undefined, severity: LokiProblem['severity'], code: string, message: string): void {
    const range = node?.range;
    if (!range) return;
    this.problems.push({ start: range[0], end: range[1], severity, code, message });
  }
}

/** `"a.b[0].c"`: a path in the terms of Loki's config reference. */
export function joinPath(path: (string | number)[]): string {
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${quoteUserText(p, 40)}` : quoteUserText(p, 40)), '');
}
