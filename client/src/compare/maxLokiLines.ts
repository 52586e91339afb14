// lbObs.compare.maxLokiLines: the lines fetched at most per run read from Loki for our miner, and raising it
// when a comparison hit it (a run source rebuilt with the new cap, so the comparison can run again).
import * as vscode from 'vscode';
import type { RunSource } from '../../../core/compare/compareRuns';

const SECTION = 'lbObs';
const SETTING = 'compare.maxLokiLines';
const DEFAULT_MAX_LOKI_LINES = 200_000;

export function maxLokiLines(): number {
  const setting = vscode.workspace.getConfiguration(SECTION).get<number>(SETTING);
  return Number.isSafeInteger(setting) && setting! > 0 ? setting! : DEFAULT_MAX_LOKI_LINES;
}

/** The cap of the lines a source reads from Loki, 0 for a run read from its files. */
export function sourceMaxLines(source: RunSource): number {
  if ('loki' in source) return source.loki.maxLines;
  return source.lokiLogs?.maxLines ?? 0;
}

export function withMaxLines(source: RunSource, maxLines: number): RunSource {
  if ('loki' in source) return { loki: { ...source.loki, maxLines } };
  return source.lokiLogs ? { ...source, lokiLogs: { ...source.lokiLogs, maxLines } } : source;
}

/** Asks for a higher cap (twice the one hit, as a start) and saves it in the user's settings; undefined if cancelled. */
export async function raiseMaxLokiLines(hit: number): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: `Lines read from Loki at most per run (${SECTION}.${SETTING})`,
    value: String(hit * 2),
    ignoreFocusOut: true,
    validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) > hit && Number.isSafeInteger(Number(v)) ? undefined : `A whole number above ${hit}, the cap that was hit`),
  });
  if (text === undefined) return undefined;
  const value = Number(text.trim());
  await vscode.workspace.getConfiguration(SECTION).update(SETTING, value, vscode.ConfigurationTarget.Global);
  return value;
}
