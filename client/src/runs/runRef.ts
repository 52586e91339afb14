// What identifies a run in command arguments: a Runs view item or `{ runDir, runId, filter? }` from another
// command (a filter for its log panel, checked as the panel checks its own).
import * as vscode from 'vscode';
import type { LogFilter } from '../../../core/logs/model';
import { Invalid } from '../../../core/rpc/checks';
import { filterCheck } from '../../../core/logs/sessionMethods';
import { LIMITS } from '../../../protocol/logPanel';

export interface RunRef {
  runDir: string;
  runId?: string;
  filter?: LogFilter;
}

const checkFilter = filterCheck(LIMITS);

export function asRunRef(arg: unknown): RunRef | undefined {
  if (!arg || typeof arg !== 'object' || arg instanceof vscode.Uri) return undefined;
  const { runDir, runId, filter } = arg as Record<string, unknown>;
  if (typeof runDir !== 'string' || runDir === '') return undefined;
  const ref: RunRef = { runDir, runId: typeof runId === 'string' && runId !== '' ? runId : undefined };
  if (filter !== undefined) {
    try {
      ref.filter = checkFilter(filter, 'filter');
    } catch (err) {
      if (!(err instanceof Invalid)) throw err;
      throw new Error(`Cannot open the run's logs with this filter: ${err.message}`);
    }
  }
  return ref;
}
