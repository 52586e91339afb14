// The prompts that ask for the credentials of a service (Loki, Grafana): a token sent as `Authorization: Bearer`,
// or a user and password for basic auth. What is entered goes to the caller only (which keeps it in SecretStorage).
import * as vscode from 'vscode';

export type Credentials = { type: 'bearer'; token: string } | { type: 'basic'; username: string; password: string };

export interface CredentialPrompts {
  /** The service as the titles name it: `Loki`, `Grafana`. */
  service: string;
  /** The two ways in the order offered, each with its label and description. */
  choices: ReadonlyArray<{ scheme: Credentials['type']; label: string; description: string }>;
  /** What the token is called in its input box's title (`Token`, `Service account token`). */
  tokenName: string;
  /** Said while the token's box is empty: where to find one. */
  tokenHint: string;
}

/** Asks for the credentials of the service at `url`; undefined when the user cancels. */
export async function askCredentials(url: string, prompts: CredentialPrompts): Promise<Credentials | undefined> {
  const choice = await vscode.window.showQuickPick(prompts.choices, { title: `${prompts.service} credentials for ${url}` });
  if (!choice) return undefined;
  if (choice.scheme === 'bearer') {
    const token = await vscode.window.showInputBox({
      title: `${prompts.tokenName} for ${url}`,
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : prompts.tokenHint),
    });
    return token ? { type: 'bearer', token: token.trim() } : undefined;
  }
  const username = await vscode.window.showInputBox({ title: `${prompts.service} user for ${url}`, ignoreFocusOut: true, validateInput: (v) => (v ? undefined : 'Enter a user name') });
  if (!username) return undefined;
  const password = await vscode.window.showInputBox({ title: `Password of ${username} on ${url}`, password: true, ignoreFocusOut: true });
  return password === undefined ? undefined : { type: 'basic', username, password };
}
