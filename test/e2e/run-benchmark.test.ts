// "LB: Run Benchmark..." in real VS Code (code-server + Chromium), from the packaged extension: every choice is
// made through the quick picks a user sees, and a stand-in `lb` on PATH records the argv the task started it
// with, which must be exactly what core/tasks/resolve.ts makes of those choices (hostile names included). The
// task starts lb through `lb-obs lb-exec`, so a validation error lb prints becomes a problem in the config.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { resolveTaskCommand } from '../../core/tasks/resolve';
import type { Workbench } from '../support/codeServer';
import { startSuiteWorkbench, stopSuiteWorkbench, SUITE_SETUP_TIMEOUT_MS, SuiteWorkbench, TEST_TIMEOUT_MS } from '../support/e2eSuite';
import { chromiumBinary, codeServerBinary, needs } from '../support/prerequisites';

const SUITE = 'e2e/run-benchmark';
const CONFIG = 'configs/benchmark_config.nightly.json';
/** A workload key that a shell would run: it must reach lb as one argument, unchanged. */
const HOSTILE_WORKLOAD = 'net "edge"; $(id)';
const HOSTILE_RUN_ID = "nightly 'A' \"B\"; `id` $(touch pwned) & echo";

/**
 * Records its arguments NUL-separated in $LB_ARGV_FILE and its working folder beside it, prints, exits 0; like
 * lb (pydantic), it rejects a config whose repetitions are 0, with pydantic's error on stderr and exit code 1.
 */
const STAND_IN_LB = `#!/bin/bash
printf '%s\\0' "$@" > "$LB_ARGV_FILE"
pwd > "$LB_ARGV_FILE.cwd"
config=
for a in "$@"; do [ "$prev" = --config ] && config=$a; prev=$a; done
if [ -n "$config" ] && grep -q '"repetitions": 0' "$config"; then
  cat >&2 <<'EOF'
Traceback (most recent call last):
  File "/home/me/.local/lib/python3.12/site-packages/lb_runner/models/config.py", line 201, in load
    return cls.model_validate_json(filepath.read_text())
pydantic_core._pydantic_core.ValidationError: 1 validation error for BenchmarkConfig
repetitions
  Input should be greater than 0 [type=greater_than, input_value=0, input_type=int]
    For further information visit https://errors.pydantic.dev/2.11/v/greater_than
EOF
  exit 1
fi
echo "stand-in lb: $# arguments"
for a in "$@"; do printf '  <%s>\\n' "$a"; done
echo "stand-in lb: done"
`;

function writeWorkspace(dir: string): void {
  fs.mkdirSync(path.join(dir, 'configs'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'benchmark_config.json'),
    JSON.stringify({ repetitions: 3, workloads: { cpu_burn: { plugin: 'stress_ng' } } }, null, 2),
  );
  fs.writeFileSync(
    path.join(dir, CONFIG),
    JSON.stringify(
      {
        repetitions: 1,
        workloads: {
          cpu_burn: { plugin: 'stress_ng', intensity: 'high' },
          disk_randrw: { plugin: 'fio' },
          [HOSTILE_WORKLOAD]: { plugin: 'baseline', enabled: false },
        },
      },
      null,
      2,
    ),
  );
}

describe('"LB: Run Benchmark..." in code-server', needs(SUITE, codeServerBinary(), chromiumBinary()), () => {
  let suite: SuiteWorkbench | undefined;
  let workspace: string;
  let argvFile: string;

  before(
    async () => {
      suite = await startSuiteWorkbench('lb-obs-e2e-run-', ({ tempDir, workspace: folder }) => {
        workspace = folder;
        writeWorkspace(workspace);
        // lb installed with pipx: ~/.local/bin, which the login shell's ~/.profile puts on PATH. VS Code takes
        // PATH from the user's login shell, not from the environment it was started with.
        const home = path.join(tempDir, 'home');
        fs.mkdirSync(path.join(home, '.local', 'bin'), { recursive: true });
        fs.writeFileSync(path.join(home, '.profile'), 'if [ -d "$HOME/.local/bin" ]; then PATH="$HOME/.local/bin:$PATH"; fi\n');
        fs.writeFileSync(path.join(home, '.local', 'bin', 'lb'), STAND_IN_LB, { mode: 0o755 });
        argvFile = path.join(tempDir, 'lb-argv');
        return {
          // The DOM renderer, so that the terminal's text can be read back.
          settings: { 'terminal.integrated.gpuAcceleration': 'off' },
          env: { HOME: home, SHELL: '/bin/bash', LB_ARGV_FILE: argvFile },
        };
      });
    },
    { timeout: SUITE_SETUP_TIMEOUT_MS },
  );

  after(() => stopSuiteWorkbench(suite));

  const onScreen = (name: string, body: (wb: Workbench) => Promise<void>) => suite!.workbench.onScreen(name, body);

  test('the choices made in the quick picks reach lb as exactly the argv core/tasks/resolve.ts makes', { timeout: TEST_TIMEOUT_MS }, () =>
    onScreen('run-benchmark', async (wb) => {
      await wb.runCommand('LB: Run Benchmark...');

      // Two configs: pick the one in configs/.
      const configs = await wb.quickInput('Run Benchmark: which config?');
      const configRows = configs.locator('.monaco-list-row');
      await configRows.nth(1).waitFor();
      assert.deepEqual(await configRows.locator('.label-name').allInnerTexts(), ['benchmark_config.json', CONFIG]);
      await configRows.filter({ hasText: CONFIG }).click();

      // Workloads: the enabled ones come checked; uncheck cpu_burn, check the disabled one.
      const workloads = await wb.quickInput(`Run Benchmark: workloads of ${CONFIG}`);
      const rows = workloads.locator('.monaco-list-row');
      await rows.nth(2).waitFor();
      const checked = () => rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('aria-checked')));
      assert.deepEqual(await checked(), ['true', 'true', 'false']);
      // Shown as written: `$(id)` is not drawn as an icon.
      assert.deepEqual(await rows.locator('.label-name').allInnerTexts(), ['cpu_burn', 'disk_randrw', HOSTILE_WORKLOAD]);
      assert.deepEqual(await rows.locator('.label-description').allInnerTexts(), [
        'plugin stress_ng',
        'plugin fio',
        'plugin baseline · disabled in the config',
      ]);
      await rows.nth(0).click();
      await rows.nth(2).click();
      assert.deepEqual(await checked(), ['false', 'true', 'true']);
      await wb.screenshot('run-benchmark-workloads');
      await workloads.locator('.quick-input-action a, .quick-input-action .monaco-button', { hasText: 'OK' }).click();

      const reps = await wb.quickInput('Run Benchmark: repetitions');
      await reps.locator('input').fill('2');
      await wb.page.keyboard.press('Enter');

      const intensity = await wb.quickInput('Run Benchmark: intensity');
      await intensity.locator('.monaco-list-row', { has: wb.page.locator('.label-name', { hasText: /^high$/ }) }).click();

      // The run id defaults to lb's own format, now in UTC; a hostile one is typed instead.
      const runId = await wb.quickInput('Run Benchmark: run id');
      const proposed = await runId.locator('input').inputValue();
      const match = /^run-(\d{4})(\d\d)(\d\d)-(\d\d)(\d\d)(\d\d)$/.exec(proposed);
      assert.ok(match, `default run id ${proposed}`);
      const [, y, mo, d, h, mi, s] = match.map(Number);
      assert.ok(Math.abs(Date.UTC(y, mo - 1, d, h, mi, s) - Date.now()) < 120_000, `default run id ${proposed} is not now (UTC)`);
      await runId.locator('input').fill(HOSTILE_RUN_ID);
      await wb.page.keyboard.press('Enter');

      const expected = resolveTaskCommand(
        { task: 'run', config: CONFIG, workloads: ['disk_randrw', HOSTILE_WORKLOAD], repetitions: 2, intensity: 'high', runId: HOSTILE_RUN_ID },
        { lbPath: 'lb', scriptsDir: '', cwd: workspace },
      );
      const text = await wb.waitForTerminalText('stand-in lb: done', 120_000);
      // Tall enough for the whole output, from VS Code's "Executing task" line on.
      await wb.runCommand('View: Toggle Maximized Panel');
      // Off the terminal's tab, whose hover would cover the output.
      await wb.page.mouse.move(900, 700);
      await wb.page.locator('.monaco-hover:not(.hidden)').waitFor({ state: 'hidden' }).catch(() => undefined);
      await wb.screenshot('run-benchmark-terminal');

      assert.equal(expected.command, 'lb');
      const recorded = fs.readFileSync(argvFile, 'utf8').split('\0').slice(0, -1);
      assert.deepEqual(recorded, expected.args);
      assert.deepEqual(expected.args, [
        'run', '--config', CONFIG, '--intensity', 'high', '--run-id', HOSTILE_RUN_ID, '--repetitions', '2', '--', 'disk_randrw', HOSTILE_WORKLOAD,
      ]);
      assert.equal(fs.readFileSync(`${argvFile}.cwd`, 'utf8').trim(), workspace);
      assert.ok(!fs.existsSync(path.join(workspace, 'pwned')), 'no shell ran the run id');

      // The task's terminal shows what lb printed, each argument whole.
      assert.match(text, /stand-in lb: 12 arguments/);
      assert.ok(text.includes(`<${HOSTILE_RUN_ID}>`), text);
      assert.ok(text.includes(`<${HOSTILE_WORKLOAD}>`), text);
      assert.match(text, /stand-in lb: done/);
      await wb.runCommand('View: Toggle Maximized Panel');
    }),
  );

  test('a validation error lb prints for "repetitions" is a problem on the config\'s "repetitions" key', { timeout: TEST_TIMEOUT_MS }, () =>
    onScreen('run-benchmark-problem', async (wb) => {
      fs.writeFileSync(
        path.join(workspace, 'benchmark_config.json'),
        JSON.stringify({ repetitions: 0, workloads: { cpu_burn: { plugin: 'stress_ng' } } }, null, 2),
      );
      await wb.openFile('benchmark_config.json');
      const lens = wb.page.locator('.codelens-decoration a', { hasText: 'Run this workload' });
      await lens.first().waitFor({ timeout: 60_000 });
      await lens.first().click();
      // The task's terminal shows lb's error, then the wrapper's line for the problem matcher. (Until the task
      // has ended, its terminal may still be revealed over the Problems panel.)
      // The previous test's task terminal ends with the same line: wait for this task's own output before it.
      const text = await wb.waitForTerminalText(/greater than 0[\s\S]*Terminal will be reused by tasks/, 120_000);
      assert.match(text, /^  Input should be greater than 0 \[type=greater_than, input_value=0, input_type=int\]$/m);
      assert.match(text, /^lb-obs: .*benchmark_config\.json:2:3-2:16: error: repetitions: Input should be greater than 0 \[g/m);
      await wb.screenshot('run-benchmark-problem-terminal');

      const rows = await wb.waitForProblems(/generated by lb$/);
      const fromLb = rows.filter((r) => /generated by lb$/.test(r.label));
      assert.deepEqual(
        fromLb.map((r) => r.label),
        ['Error: repetitions: Input should be greater than 0 at line 2 and character 3. generated by lb'],
        JSON.stringify(rows),
      );
      // Message, source, pydantic's error type, position.
      assert.equal(fromLb[0].text, 'repetitions: Input should be greater than 0\nlb\ngreater_than\n[Ln 2, Col 3]');
      // The whole key is underlined, as the problem line's range says.
      const squiggles = await wb.squiggles('error');
      assert.ok(squiggles.some((q) => q.line === 2 && q.startColumn === 3 && q.endColumn === 16), JSON.stringify(squiggles));
      // Through the wrapper, lb still got the argv core/tasks/resolve.ts makes (the run id is today's default).
      const recorded = fs.readFileSync(argvFile, 'utf8').split('\0').slice(0, -1);
      const expected = resolveTaskCommand(
        { task: 'run', config: 'benchmark_config.json', workloads: ['cpu_burn'], runId: recorded[4] },
        { lbPath: 'lb', scriptsDir: '', cwd: workspace },
      );
      assert.deepEqual(recorded, expected.args);
      assert.match(recorded[4], /^run-\d{8}-\d{6}$/);
      await wb.page.mouse.move(900, 200);
      await wb.screenshot('run-benchmark-problem');
    }),
  );
});
