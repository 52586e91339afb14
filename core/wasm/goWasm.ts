// Loads Go programs compiled to WebAssembly (wasm/<name>/ built by scripts/wasm/build.mjs to
// dist/wasm/<name>.wasm), so that the real programs' own parsers (Loki's LogQL, Alloy's config) judge our input.
//
// Contract for a Go module in wasm/<name>/ (package main, GOOS=js GOARCH=wasm):
//   - main registers an object of functions on the JS global `lbObsWasm` under the module's name, then blocks:
//       js.Global().Get("lbObsWasm").Set("<name>", js.ValueOf(map[string]any{"parse": js.FuncOf(parse)}))
//       select {}
//   - every function is synchronous (it must not wait for JS events) and takes and returns plain JS values
//     (strings, numbers, booleans, arrays, objects): callers treat the results as untrusted data.
// `loadGoWasm(name)` instantiates each module once per thread, lazily (a cached promise), and resolves to that
// object. It works wherever the bundles run (language server, CLI, worker threads, tests): dist/wasm/ is found
// from the bundle's own folder.
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';

export type GoExports = Record<string, (...args: unknown[]) => unknown>;

interface GoRuntime {
  importObject: WebAssembly.Imports;
  run(instance: WebAssembly.Instance): Promise<void>;
}

type WasmGlobals = typeof globalThis & { Go?: new () => GoRuntime; lbObsWasm?: Record<string, GoExports> };

const loads = new Map<string, Promise<GoExports>>();

/** The dist/wasm folder nearest above this bundle (dist/server, dist/cli, dist/ itself, out/test/...). */
export function wasmDir(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    for (const candidate of [path.join(dir, 'dist', 'wasm'), path.join(dir, 'wasm')]) {
      if (fs.existsSync(path.join(candidate, 'wasm_exec.js'))) return candidate;
    }
    if (path.dirname(dir) === dir) throw new Error(`dist/wasm/wasm_exec.js not found above ${__dirname}: run \`node scripts/build.mjs\``);
  }
}

function goRuntime(dir: string): new () => GoRuntime {
  const g = globalThis as WasmGlobals;
  if (!g.Go) {
    // Go's support script defines the global `Go` class; it is a plain script, not a module.
    const file = path.join(dir, 'wasm_exec.js');
    vm.runInThisContext(fs.readFileSync(file, 'utf8'), { filename: file });
  }
  if (!g.Go) throw new Error(`${path.join(dir, 'wasm_exec.js')} did not define Go`);
  return g.Go;
}

async function instantiate(name: string): Promise<GoExports> {
  const dir = wasmDir();
  const file = path.join(dir, `${name}.wasm`);
  const bytes = await fs.promises.readFile(file);
  const Go = goRuntime(dir);
  const go = new Go();
  const instance = await WebAssembly.instantiate(await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>), go.importObject);
  const g = globalThis as WasmGlobals;
  g.lbObsWasm ??= {};
  // run() returns when the program exits, which a registered module never does; main has registered its
  // functions by the time run() first yields.
  const forget = () => loads.delete(name);
  go.run(instance).then(forget, forget);
  const exports = g.lbObsWasm[name];
  if (!exports) throw new Error(`${file} did not register lbObsWasm.${name}`);
  return exports;
}

/** The functions the Go module `name` registered, instantiated on first use. */
export function loadGoWasm<T = GoExports>(name: string): Promise<T> {
  let load = loads.get(name);
  if (!load) {
    load = instantiate(name);
    load.catch(() => loads.delete(name));
    loads.set(name, load);
  }
  return load as Promise<T>;
}
