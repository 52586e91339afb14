// What identifies a run in command arguments: a Runs view item or `{ runDir, runId }` from another command.
import * as vscode from 'vscode';

export interface RunRef {
  runDir: string;
  runId?: string;
}

export function asRunRef(arg: unknown): RunRef | undefined {
  if (!arg || typeof arg !== 'object' || arg instanceof vscode.Uri) return undefined;
  const { runDir, runId } = arg as Record<string, unknown>;
  if (typeof runDir !== 'string' || runDir === '') return undefined;
  return { runDir, runId: typeof runId === 'string' && runId !== '' ? runId : undefined };
}
