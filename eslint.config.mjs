// Layers of the project, enforced (docs/ARCHITECTURE.md): core/ and cli/ never reach the editor's API or the
// other layers; server/ never imports the extension; the webview runs in a browser, so no Node modules.
// Only import rules are checked here: type checking is tsc's job, formatting is not policed.
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const editorApi = {
  group: ['vscode', 'vscode-languageclient', 'vscode-languageclient/*', 'vscode-languageserver', 'vscode-languageserver/*'],
  message: 'core/ and cli/ are shared by the CLI, the server and the extension: no editor or LSP runtime API here (protocol types from vscode-languageserver-types are fine).',
};
// Imports are relative: another top-level folder is reached only by climbing out with `../`.
const layer = (folders, why) => ({ regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`, message: why });
const nodeModules = {
  group: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
  message: 'The webview runs in a browser: no Node modules.',
};

const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default [
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'media/**', 'test/fixtures/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
    // Source comments may disable rules of other linters' sets, which this config does not run.
    linterOptions: { reportUnusedDisableDirectives: 'off' },
  },
  {
    files: ['core/**/*.ts'],
    rules: restrict(editorApi, layer(['client', 'server', 'cli'], 'core/ is the bottom layer: it imports no other layer.')),
  },
  {
    files: ['cli/**/*.ts'],
    rules: restrict(editorApi, layer(['client', 'server'], 'The CLI is built from core/ only.')),
  },
  {
    files: ['server/**/*.ts'],
    rules: restrict(layer(['client', 'cli'], 'The language server never imports the extension or the CLI.'), {
      group: ['vscode'],
      message: 'The language server runs outside VS Code: use vscode-languageserver.',
    }),
  },
  {
    files: ['client/webview/**/*.ts'],
    rules: restrict(
      nodeModules,
      layer(['server', 'cli'], 'The webview talks to the extension host only through its message protocol.'),
      // From client/webview/<panel>/, `../../src` is the extension host's code.
      { regex: '^\\.\\./\\.\\./src(/|$)', message: 'The webview imports no host code: the messages both sides share are in protocol/.' },
    ),
  },
  {
    files: ['protocol/**/*.ts'],
    rules: restrict(
      layer(['client', 'server', 'cli'], 'protocol/ is shared by both ends of a channel: it imports core/ and protocol/ only.'),
      // Both ends import it, the webview too: no Node modules, no editor API; messages are typed with these two.
      { regex: '^(?!\\.|vscode-languageserver-protocol$|vscode-jsonrpc$)', message: 'protocol/ imports no package but vscode-languageserver-protocol and vscode-jsonrpc (message types).' },
    ),
  },
];
