// Layers of the project, enforced (docs/ARCHITECTURE.md): core/ and cli/ never reach the editor's API or the
// other layers; server/ never imports the extension; the webview runs in a browser, so no Node modules.
// Only import rules are checked here: type checking is tsc's job, formatting is not policed.
import tseslint from 'typescript-eslint';

const editorApi = {
  group: ['vscode', 'vscode-languageclient', 'vscode-languageclient/*', 'vscode-languageserver', 'vscode-languageserver/*'],
  message: 'core/ and cli/ are shared by the CLI, the server and the extension: no editor or LSP runtime API here (protocol types from vscode-languageserver-types are fine).',
};
// Imports are relative: another top-level folder is reached only by climbing out with `../`.
const layer = (folders, why) => ({ regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`, message: why });
// The core/ modules whose code (not only types) the webview bundles, directly or through protocol/: they need nothing
// but the language (the log model's constants, the session's method table, the RPC layer and its checks). What they
// import in turn is bundled for the browser by scripts/build.mjs, which fails on any Node module.
const browserCore = ['logs/model', 'logs/sessionMethods', 'rpc/rpc', 'rpc/checks'];
// core/ mostly loads Node (files, workers, sockets): code bundled for the browser names its types freely, its code
// only from browserCore.
const browserSafeCore = (who) => ({
  regex: `^(\\.\\./)+core/(?!(${browserCore.join('|')})$)`,
  allowTypeImports: true,
  message: `${who} runs in a browser: from core/ it imports types, and code only from ${browserCore.join(', ')}.`,
});

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
      // The webview is bundled for a browser from this repository's own code: no package at all (so no Node module,
      // no `vscode`); its messages are typed by protocol/.
      { regex: '^(?![./])', message: 'The webview runs in a browser: no packages, Node modules or editor API (messages are typed by protocol/).' },
      // Imports are matched as written, so a path must not climb back out after going down (`./../`, `core/../`).
      { regex: '(^|/)(?!\\.\\./)[^/]+/\\.\\.(/|$)', message: 'Write the import path without `..` after a folder name, so that the layer rules see where it leads.' },
      layer(['server', 'cli'], 'The webview talks to the extension host only through its message protocol.'),
      // client/src from any depth: `../../src` from client/webview/<panel>/, or climbing to the root and back down.
      { regex: '^(\\.\\./)+(client/)?src(/|$)', message: 'The webview imports no host code: the messages both sides share are in protocol/.' },
      browserSafeCore('The webview'),
    ),
  },
  {
    files: ['protocol/**/*.ts'],
    rules: restrict(
      layer(['client', 'server', 'cli'], 'protocol/ is shared by both ends of a channel: it imports core/ and protocol/ only.'),
      // Both ends import it, the webview too: no Node modules, no editor API; messages are typed with these two.
      { regex: '^(?!\\.|vscode-languageserver-protocol$|vscode-jsonrpc$)', message: 'protocol/ imports no package but vscode-languageserver-protocol and vscode-jsonrpc (message types).' },
      browserSafeCore('protocol/ (imported by the webview)'),
    ),
  },
];
