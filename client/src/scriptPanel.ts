// A webview panel running one of our bundled scripts (dist/webview/<name>.js and .css) under the log panel's
// page rules (panelHtml: CSP with a nonce, no network, no command links), kept alive while hidden.
import * as vscode from 'vscode';
import { panelHtml } from './logs/panelHtml';

export function createScriptPanel(
  extensionUri: vscode.Uri,
  viewType: string,
  title: string,
  showOptions: vscode.ViewColumn | { viewColumn: vscode.ViewColumn; preserveFocus?: boolean },
  name: string,
): vscode.WebviewPanel {
  const webviewRoot = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
  const panel = vscode.window.createWebviewPanel(viewType, title, showOptions, {
    enableScripts: true,
    enableCommandUris: false,
    retainContextWhenHidden: true,
    localResourceRoots: [webviewRoot],
  });
  panel.webview.html = panelHtml({
    cspSource: panel.webview.cspSource,
    scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, `${name}.js`)).toString(),
    styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, `${name}.css`)).toString(),
  });
  return panel;
}
