// Builds every Go module under wasm/<name>/ (go.mod, go.sum, *.go) to dist/wasm/<name>.wasm with GOOS=js
// GOARCH=wasm, and copies Go's wasm_exec.js beside them (core/wasm/goWasm.ts loads both).
//
// A module may hold overlay/<import path>/<file>.go (replacements for files of its dependencies) and trim.txt
// (files of its dependencies to leave out, one `<import path>/<file>.go` a line, `#` comments): for dependency
// code that does not compile for js/wasm or that the exported functions never reach but that would weigh tens
// of MB. Go refuses overlays inside the module cache, so such a module is built from a vendored copy in the
// cache folder with those files replaced or removed.
//
// Results are cached in ${LB_OBS_CACHE:-~/.cache/lb-observability}/wasm/, keyed by a hash of the module's files
// and the Go version: a rebuild happens only when one of them changes.
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOURCES = path.join(ROOT, 'wasm');
const OUT = path.join(ROOT, 'dist', 'wasm');
const CACHE = path.join(process.env.LB_OBS_CACHE || path.join(os.homedir(), '.cache', 'lb-observability'), 'wasm');

function say(message) {
  process.stderr.write(`[wasm] ${message}\n`);
}

function go(args, options = {}) {
  return execFileSync('go', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...options });
}

function goVersion() {
  try {
    return go(['env', 'GOVERSION']).trim();
  } catch {
    throw new Error('Go is needed to build the WebAssembly parsers in wasm/ (install Go >= 1.26, https://go.dev/dl/, and put `go` on PATH)');
  }
}

function filesOf(dir) {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && (e.name.endsWith('.go') || ['go.mod', 'go.sum', 'trim.txt'].includes(e.name)))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

function sourceHash(dir, version) {
  const hash = crypto.createHash('sha256').update(version);
  for (const f of filesOf(dir)) hash.update(`\0${f}\0`).update(fs.readFileSync(path.join(dir, f)));
  return hash.digest('hex').slice(0, 16);
}

const buildEnv = { ...process.env, GOOS: 'js', GOARCH: 'wasm', CGO_ENABLED: '0' };
const buildArgs = ['build', '-trimpath', '-ldflags=-s -w'];

function buildModule(name, dir, target) {
  const overlay = path.join(dir, 'overlay');
  const trim = path.join(dir, 'trim.txt');
  if (!fs.existsSync(overlay) && !fs.existsSync(trim)) {
    go([...buildArgs, '-o', target, '.'], { cwd: dir, env: buildEnv });
    return;
  }
  // A stable work folder per module keeps Go's build cache warm across rebuilds.
  const work = path.join(CACHE, 'work', name);
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  for (const f of filesOf(dir).filter((f) => !f.startsWith(`overlay${path.sep}`) && f !== 'trim.txt')) {
    fs.mkdirSync(path.dirname(path.join(work, f)), { recursive: true });
    fs.copyFileSync(path.join(dir, f), path.join(work, f));
  }
  go(['mod', 'vendor'], { cwd: work, env: buildEnv });
  for (const f of fs.existsSync(overlay) ? filesOf(overlay) : []) {
    const vendored = path.join(work, 'vendor', f);
    if (!fs.existsSync(path.dirname(vendored))) throw new Error(`wasm/${name}/overlay/${f}: package ${path.dirname(f)} is not among the module's dependencies`);
    fs.copyFileSync(path.join(overlay, f), vendored);
  }
  const trimmed = fs.existsSync(trim) ? fs.readFileSync(trim, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')) : [];
  for (const [i, f] of trimmed.entries()) {
    const vendored = path.join(work, 'vendor', f);
    if (!fs.existsSync(vendored)) throw new Error(`wasm/${name}/trim.txt:${i + 1}: ${f} is not among the vendored files`);
    fs.rmSync(vendored);
  }
  go([...buildArgs, '-mod=vendor', '-o', target, '.'], { cwd: work, env: buildEnv });
}

// Several builds may run at once (people sharing a machine): one builds a module while the others wait.
function withLock(name, fn) {
  const lock = path.join(CACHE, `${name}.lock`);
  for (let waited = 0; ; waited++) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      // A lock older than an hour is left over from a killed build.
      if (Date.now() - fs.statSync(lock).mtimeMs > 3_600_000) fs.rmSync(lock, { recursive: true, force: true });
      if (waited % 30 === 0) say(`${name}: waiting for another build (${lock})`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds the modules named (all of wasm/ when none is). */
export function buildWasm(only = []) {
  if (!fs.existsSync(SOURCES)) return;
  const modules = fs.readdirSync(SOURCES)
    .filter((n) => fs.existsSync(path.join(SOURCES, n, 'go.mod')) && (only.length === 0 || only.includes(n)))
    .sort();
  if (modules.length === 0) return;
  const version = goVersion();
  fs.mkdirSync(OUT, { recursive: true });
  fs.mkdirSync(CACHE, { recursive: true });
  // A module removed or merged into another leaves no output behind (.vscodeignore ships every dist/wasm/*.wasm).
  if (only.length === 0) {
    for (const f of fs.readdirSync(OUT).filter((f) => f.endsWith('.wasm') && !modules.includes(f.slice(0, -'.wasm'.length)))) {
      say(`${f}: removed (no wasm/${f.slice(0, -'.wasm'.length)}/ module)`);
      fs.rmSync(path.join(OUT, f));
    }
  }
  for (const name of modules) {
    const dir = path.join(SOURCES, name);
    const cached = path.join(CACHE, `${name}-${sourceHash(dir, version)}.wasm`);
    withLock(name, () => {
      if (fs.existsSync(cached)) {
        say(`${name}: reused ${cached}`);
        return;
      }
      say(`${name}: building with ${version} (minutes the first time; cached afterwards)`);
      const started = Date.now();
      const tmp = `${cached}.${process.pid}.tmp`;
      buildModule(name, dir, tmp);
      fs.renameSync(tmp, cached);
      say(`${name}: built in ${Math.round((Date.now() - started) / 1000)} s, ${(fs.statSync(cached).size / 1e6).toFixed(1)} MB`);
    });
    fs.copyFileSync(cached, path.join(OUT, `${name}.wasm`));
  }
  const goroot = go(['env', 'GOROOT']).trim();
  const execJs = [path.join(goroot, 'lib', 'wasm', 'wasm_exec.js'), path.join(goroot, 'misc', 'wasm', 'wasm_exec.js')].find((p) => fs.existsSync(p));
  if (!execJs) throw new Error(`wasm_exec.js not found in ${goroot}/lib/wasm or ${goroot}/misc/wasm`);
  fs.copyFileSync(execJs, path.join(OUT, 'wasm_exec.js'));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    buildWasm(process.argv.slice(2));
  } catch (e) {
    say(`error: ${e.message}`);
    process.exit(1);
  }
}
