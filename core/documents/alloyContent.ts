// Could this YAML hold an Alloy configuration (core/alloy/embedded.ts finds them)? A cheap scan of its keys,
// without parsing, for the classifier that runs on every YAML file.
export function mayHoldAlloy(source: string): boolean {
  return (
    (/^\s*alloy:\s*(#.*)?$/m.test(source) && /^\s+configMap:\s*(#.*)?$/m.test(source) && /^\s+content:/m.test(source)) ||
    (/^kind:\s*ConfigMap\b/m.test(source) && /^\s+['"]?[\w.-]+\.alloy['"]?:/m.test(source))
  );
}
