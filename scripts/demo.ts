// `npm run demo`: builds the extension, starts a local Loki holding a sample run's logs and a VS Code
// (code-server) with the extension installed on a sample workspace, and prints the URL to open. Ctrl+C stops
// everything. The prerequisites are installed (and cached) by the same scripts the tests use.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { launchCodeServer } from '../test/support/codeServer';
import { startLoki } from '../test/support/loki';
import { REPO_ROOT } from '../test/support/paths';
import { generateRun } from '../test/support/runGenerator';
import { buildVsix } from '../test/support/vsix';

function step(title: string): () => void {
  const started = Date.now();
  process.stderr.write(`== ${title} ...\n`);
  return () => process.stderr.write(`   done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

/** Runs a prerequisite script of scripts/prereqs; its last stdout line is the installed binary's path. */
function prerequisite(script: string, envName: string): void {
  const done = step(`prerequisite ${script}`);
  const r = spawnSync('bash', [path.join(REPO_ROOT, 'scripts', 'prereqs', script)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`scripts/prereqs/${script} failed (exit ${r.status})`);
  const last = r.stdout.trim().split('\n').pop();
  if (envName && last) process.env[envName] = last;
  done();
}

async function main(): Promise<void> {
  prerequisite('debian.sh', '');
  prerequisite('loki.sh', 'LOKI_BIN');
  prerequisite('code-server.sh', 'CODE_SERVER_BIN');

  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-demo-'));
  const workspace = path.join(home, 'workspace');
  fs.cpSync(path.join(REPO_ROOT, 'demo', 'workspace'), workspace, { recursive: true });

  let done = step('building the extension (.vsix)');
  const vsix = await buildVsix(path.join(home, 'vsix'));
  done();

  done = step('generating a sample run under benchmark_results/');
  // The run ended an hour ago, so Loki accepts its lines and Grafana's default ranges show it.
  const run = generateRun(path.join(workspace, 'benchmark_results'), {
    runId: `run-${new Date(Date.now() - 3 * 3600_000).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}`,
    startMs: Date.now() - 3 * 3600_000,
    linesPerFile: 2000,
    malformedRate: 0.002,
    hosts: ['node-a', 'node-b'],
  });
  done();

  done = step('starting Loki');
  const loki = await startLoki({ dataDir: path.join(home, 'loki') });
  done();

  done = step(`pushing ${run.truth.lines} lines of ${run.runId} to Loki with lb-obs push`);
  const push = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli', 'lb-obs.js'), 'push', run.runDir, '--loki', loki.url], {
    encoding: 'utf8',
    env: { ...process.env, XDG_STATE_HOME: path.join(home, 'state') },
  });
  // The sample run has deliberately malformed lines, which push reports one by one: show the summary only.
  process.stderr.write(push.stdout.trim().split('\n').filter((l) => !/: malformed: /.test(l)).map((l) => `   ${l}\n`).join(''));
  // Exit 1 means some lines were reported (the sample run has deliberately malformed ones); 2 is a failure.
  if (push.status === 2 || push.status === null) throw new Error(`lb-obs push failed:\n${push.stderr}`);
  done();

  done = step('starting code-server with the extension');
  const codeServer = await launchCodeServer({
    workspace,
    vsix,
    port: Number(process.env.DEMO_PORT ?? 0) || undefined,
    settings: {
      'security.workspace.trust.enabled': false,
      'lbObs.loki.url': loki.url,
      'lbObs.grafana.url': 'http://localhost:3000',
      'lbObs.grafana.datasourceUid': 'loki',
    },
    env: { XDG_STATE_HOME: path.join(home, 'state') },
  });
  done();

  const url = `${codeServer.url}/?folder=${encodeURIComponent(workspace)}`;
  console.log(`\nlb-observability demo is running.\n\n  Open: ${url}\n  Loki: ${loki.url}\n  Workspace: ${workspace}\n\nPress Ctrl+C to stop.`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    process.stderr.write('\n== stopping code-server and Loki\n');
    await codeServer.stop();
    await loki.stop();
    fs.rmSync(home, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  if (process.env.DEMO_EXIT_AFTER_START === '1') await stop();
}

main().catch((err) => {
  console.error(`demo failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
