// Each layer is type-checked in its own environment (tsconfig.base.json and the layer's tsconfig.json): the
// webview has the DOM and no Node, every other product layer has Node and no DOM, protocol/ neither (the webview
// imports it). Each case type-checks a snippet as if it stood in a file of that folder, under that folder's config.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';
import { REPO_ROOT } from '../support/paths';

function layerOptions(configDir: string): ts.CompilerOptions {
  const configFile = path.join(REPO_ROOT, configDir, 'tsconfig.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')) });
  assert.ok(parsed, configFile);
  return { ...parsed.options, composite: false, declaration: false, emitDeclarationOnly: false, noEmit: true, tsBuildInfoFile: undefined };
}

const libraries = new Map<string, ts.SourceFile>();

/** The error codes of the snippet, type-checked alone as `<configDir>/<file>` under that folder's tsconfig. */
function typeErrors(configDir: string, file: string, source: string): number[] {
  const options = layerOptions(configDir);
  const fileName = path.join(REPO_ROOT, configDir, file);
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) => {
    if (name === fileName) return ts.createSourceFile(name, `${source}\nexport {};\n`, language);
    // The libraries and @types are parsed once for all cases.
    let parsed = libraries.get(name);
    if (!parsed) {
      parsed = getSourceFile(name, language, ...rest);
      if (parsed) libraries.set(name, parsed);
    }
    return parsed;
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === fileName || fileExists(name);
  const program = ts.createProgram({ rootNames: [fileName], options, host });
  return [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics(), ...program.getGlobalDiagnostics()].map((d) => d.code);
}

const CANNOT_FIND_MODULE = [2307, 2591];
const NODE_NAME = 2591; // Cannot find name 'process'. Do you need to install type definitions for node?
const DOM_NAME = [2304, 2584]; // Cannot find name 'window' / 'document'. Do you need to change your target library?

describe('per-layer type environments', () => {
  test('the webview cannot import Node modules', () => {
    assert.ok(typeErrors('client/webview', 'logPanel/fixture.ts', "import * as fs from 'fs';\nfs.readFileSync('x');").some((c) => CANNOT_FIND_MODULE.includes(c)));
  });

  test('the webview has no Node globals', () => {
    assert.deepEqual(typeErrors('client/webview', 'logPanel/fixture.ts', 'export const home = process.env.HOME;'), [NODE_NAME]);
  });

  test('the webview has the DOM', () => {
    assert.deepEqual(typeErrors('client/webview', 'logPanel/fixture.ts', "document.title = 'x';\nwindow.scrollTo(0, 0);"), []);
  });

  for (const layer of ['core', 'cli', 'server/src', 'client/src']) {
    test(`${layer} has no DOM`, () => {
      const errors = typeErrors(layer, 'fixture.ts', "document.title = 'x';");
      assert.equal(errors.length, 1);
      assert.ok(DOM_NAME.includes(errors[0]), String(errors));
    });

    test(`${layer} has Node`, () => {
      assert.deepEqual(typeErrors(layer, 'fixture.ts', "import * as fs from 'fs';\nconsole.log(fs.existsSync(process.cwd()), Buffer.from('x'));"), []);
    });
  }

  test('protocol/ has neither the DOM nor Node: the webview and the extension host both import it', () => {
    assert.ok(DOM_NAME.includes(typeErrors('protocol', 'fixture.ts', "document.title = 'x';")[0]));
    assert.deepEqual(typeErrors('protocol', 'fixture.ts', 'export const home = process.env.HOME;'), [NODE_NAME]);
  });
});
