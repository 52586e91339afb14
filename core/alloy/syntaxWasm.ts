// The functions wasm/alloy registers (see core/wasm/goWasm.ts for how Go WebAssembly modules are loaded).
export interface AlloyParserWasm {
  /** JSON: `{"ast": ...}` or `{"errors": [...]}`, byte offsets; read by parse.ts. */
  parse(text: string): string;
}

export function alloyParserWasm(): AlloyParserWasm {
  const registry = (globalThis as { lbObsWasm?: { alloy?: AlloyParserWasm } }).lbObsWasm;
  if (!registry?.alloy) throw new Error('the Alloy parser (wasm/alloy) is not loaded');
  return registry.alloy;
}
