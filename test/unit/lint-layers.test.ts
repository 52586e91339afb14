// The layer rules of eslint.config.mjs catch what they promise and nothing else: each case lints an import as
// if it stood in a file of that folder, so a rule that silently stopped matching would fail here.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { ESLint } from 'eslint';
import { REPO_ROOT } from '../support/paths';

const eslint = new ESLint({ cwd: REPO_ROOT });

async function restrictedImports(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport {};\n`, { filePath: path.join(REPO_ROOT, file) });
  return result.messages.map((m) => `${m.ruleId}:${m.line}`);
}

const refused: Array<[string, string]> = [
  ['core/logs/fixture.ts', "import * as vscode from 'vscode';"],
  ['core/logs/fixture.ts', "import { createConnection } from 'vscode-languageserver/node';"],
  ['core/logs/fixture.ts', "import { activate } from '../../client/src/extension';"],
  ['core/fixture.ts', "import { main } from '../cli/lb-obs';"],
  ['core/logql/fixture.ts', "import { settings } from '../../server/src/settings';"],
  ['cli/commands/fixture.ts', "import { LanguageClient } from 'vscode-languageclient/node';"],
  ['cli/commands/fixture.ts', "import { x } from '../../server/src/providers';"],
  ['server/src/fixture.ts', "import { activate } from '../../client/src/extension';"],
  ['server/src/fixture.ts', "import * as vscode from 'vscode';"],
  ['client/webview/logPanel/fixture.ts', "import * as fs from 'fs';"],
  ['client/webview/logPanel/fixture.ts', "import { join } from 'node:path';"],
  ['client/webview/logPanel/fixture.ts', "import { x } from '../../../server/src/providers';"],
  ['client/webview/logPanel/fixture.ts', "import { PanelController } from '../../src/logs/panelController';"],
  ['client/webview/logPanel/fixture.ts', "import * as vscode from 'vscode';"],
  ['client/webview/logPanel/fixture.ts', "import WebSocket from 'ws';"],
  ['client/webview/logPanel/fixture.ts', "import { PanelController } from '../../../client/src/logs/panelController';"],
  ['client/webview/logPanel/parts/fixture.ts', "import { PanelController } from '../../../src/logs/panelController';"],
  ['client/webview/logPanel/fixture.ts', "import { PanelController } from './../../src/logs/panelController';"],
  ['client/webview/logPanel/fixture.ts', "import { activate } from '../../../protocol/../client/src/extension';"],
  ['client/webview/logPanel/fixture.ts', "import { openLogSession } from '../../../core/logs/openLogSession';"],
  ['client/webview/logPanel/fixture.ts', "export { openLogSession } from '../../../core/logs/openLogSession';"],
  ['client/webview/compare/fixture.ts', "import { compareRuns } from '../../../core/compare/compareRuns';"],
  ['protocol/fixture.ts', "import { openLogSession } from '../core/logs/openLogSession';"],
  ['protocol/fixture.ts', "import { PanelController } from '../client/src/logs/panelController';"],
  ['protocol/fixture.ts', "import { createConnection } from 'vscode-languageserver/node';"],
  ['protocol/fixture.ts', "import type { LanguageClient } from 'vscode-languageclient/node';"],
  ['protocol/fixture.ts', "import * as vscode from 'vscode';"],
  ['protocol/fixture.ts', "import { readFileSync } from 'node:fs';"],
  ['protocol/fixture.ts', "import { settings } from '../server/src/settings';"],
];

const allowed: Array<[string, string]> = [
  ['core/logs/fixture.ts', "import type { Diagnostic } from 'vscode-languageserver-types';"],
  ['core/health/fixture.ts', "import { grafanaHealth } from '../grafana/client';"],
  ['cli/commands/fixture.ts', "import { validateDocument } from '../../core/validation/validateDocument';"],
  ['server/src/fixture.ts', "import { createConnection } from 'vscode-languageserver/node';"],
  ['client/src/fixture.ts', "import * as vscode from 'vscode';"],
  ['client/webview/logPanel/fixture.ts', "import type { LogRow } from '../../../core/logs/model';"],
  ['client/webview/logPanel/fixture.ts', "import { PANEL_METHODS } from '../../../protocol/logPanel';"],
  ['client/webview/logPanel/fixture.ts', "import { LOG_LEVELS } from '../../../core/logs/model';"],
  ['client/webview/logPanel/fixture.ts', "import { RpcClient } from '../../../core/rpc/rpc';"],
  ['client/webview/logPanel/fixture.ts', "import type { OpenLogSessionOptions } from '../../../core/logs/openLogSession';"],
  ['client/webview/compare/fixture.ts', "import { type RunComparison } from '../../../core/compare/compareRuns';"],
  ['client/webview/logPanel/fixture.ts', "import { el } from './dom';"],
  ['client/webview/logPanel/parts/fixture.ts', "import { el } from '../dom';"],
  ['client/webview/logPanel/parts/fixture.ts', "import type { LogRow } from '../../../../core/logs/model';"],
  ['protocol/fixture.ts', "import { filterCheck, logSessionMethods } from '../core/logs/sessionMethods';"],
  ['protocol/fixture.ts', "import { NotificationType, RequestType } from 'vscode-languageserver-protocol';"],
  ['protocol/fixture.ts', "import type { MessageConnection } from 'vscode-jsonrpc';"],
  ['protocol/fixture.ts', "import type { LinkChoiceParams } from './linkChoice';"],
  ['protocol/fixture.ts', "import { Invalid } from '../core/rpc/checks';"],
  ['server/src/fixture.ts', "import { lokiCredentialsNotification } from '../../protocol/languageServer';"],
  ['client/src/fixture.ts', "import { linkChoiceRequest } from '../../protocol/languageServer';"],
];

describe('eslint layer rules', () => {
  for (const [file, source] of refused) {
    test(`refuses in ${file}: ${source}`, async () => {
      assert.deepEqual(await restrictedImports(file, source), ['no-restricted-imports:1']);
    });
  }
  for (const [file, source] of allowed) {
    test(`allows in ${file}: ${source}`, async () => {
      assert.deepEqual(await restrictedImports(file, source), []);
    });
  }
});
