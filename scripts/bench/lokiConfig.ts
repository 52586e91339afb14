// Loki config validation time: the install scripts' config, a large multi-tenant-style config (many periods,
// named stores and per-stream retention rules), and completion/hover on it, as the language server runs them on
// every edit, next to the bare YAML parse (the yaml package) as the baseline. Goal: checks add little to the parse.
// Usage: npm run bench:loki-config   (BENCH_SECONDS=2 per measurement by default)
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { lokiCompletions, lokiHover } from '../../core/lokiConfig/schemaFeatures';
import { lokiConfigProblems, parseLokiYaml } from '../../core/lokiConfig/validateLokiConfig';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const install = fs.readFileSync(path.join(process.cwd(), 'test', 'fixtures', 'loki-config', 'install-loki.yaml'), 'utf8');

function large(): string {
  const periods = Array.from({ length: 40 }, (_, i) =>
    `    - from: "${2000 + i}-01-01"\n      store: tsdb\n      object_store: filesystem\n      schema: v13\n      index:\n        prefix: index_\n        period: 24h\n`,
  ).join('');
  const streams = Array.from({ length: 400 }, (_, i) => `    - selector: '{job="lb-${i}"}'\n      priority: ${i}\n      period: ${i + 1}d\n`).join('');
  return install
    .replace(/schema_config:\n  configs:\n[\s\S]*?(?=\n\S)/, `schema_config:\n  configs:\n${periods}`)
    .replace('limits_config:\n', `limits_config:\n  retention_stream:\n${streams}`);
}

function msPerCall(run: () => void): number {
  for (let i = 0; i < 20; i++) run();
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < SECONDS * 1000) {
    run();
    count++;
  }
  return (performance.now() - started) / count;
}

const big = large();
for (const [name, text] of [['install-loki.yaml', install], [`large config (${big.split('\n').length} lines)`, big]] as const) {
  const problems = lokiConfigProblems(text).problems.length;
  const parse = msPerCall(() => parseLokiYaml(text));
  const validate = msPerCall(() => lokiConfigProblems(text));
  const offset = text.indexOf('retention_period');
  const complete = msPerCall(() => lokiCompletions(text, offset));
  const hover = msPerCall(() => lokiHover(text, offset + 2));
  console.log(`${name}: YAML parse ${parse.toFixed(2)} ms, validation ${validate.toFixed(2)} ms (${problems} problems), completion ${complete.toFixed(2)} ms, hover ${hover.toFixed(2)} ms`);
}
