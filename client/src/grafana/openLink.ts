// Opening and copying Grafana links. Only http(s) URLs are ever handed to the OS.
import * as vscode from 'vscode';
import { LinkInputError } from '../../../core/logql/build/inputError';

export function assertHttpUrl(url: string): void {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new LinkInputError(`not a URL: ${url}`);
  }
  if (protocol !== 'http:' && protocol !== 'https:') throw new LinkInputError(`refusing to open a ${protocol} URL: only http(s) links are opened`);
}

export async function openLink(url: string): Promise<void> {
  assertHttpUrl(url);
  // vscode.Uri.parse decodes `%2B` in a query to `+`, which Grafana reads as a space (microsoft/vscode#85930);
  // openExternal passes a string argument through unchanged, so the link opens exactly as built.
  const opened = await vscode.env.openExternal(url as unknown as vscode.Uri);
  if (!opened) throw new Error(`VS Code could not open ${url}`);
}

export async function copyLink(url: string, what: string): Promise<void> {
  assertHttpUrl(url);
  await vscode.env.clipboard.writeText(url);
  const choice = await vscode.window.showInformationMessage(`Copied ${what}: ${url}`, 'Open');
  if (choice === 'Open') await openLink(url);
}
