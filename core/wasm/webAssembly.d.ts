// Node's global WebAssembly, as much of it as goWasm.ts uses: TypeScript declares it only in the DOM libraries,
// which core/ does not load (it runs in Node, never in a browser).
declare namespace WebAssembly {
  type Imports = Record<string, Record<string, unknown>>;
  interface Module {
    readonly __module: unique symbol;
  }
  interface Instance {
    readonly exports: Record<string, unknown>;
  }
  function compile(bytes: Uint8Array<ArrayBuffer>): Promise<Module>;
  function instantiate(module: Module, imports?: Imports): Promise<Instance>;
}
