// The language server under hostile documents of every kind (test/support/fuzzDocuments.ts): each mutated
// document is opened and gets its diagnostics, then hover, completion, symbols, code actions and formatting
// are asked at spread positions. No request may fail, no provider may log an error, no diagnostic message
// may quote unbounded user text, and the server stays up. Deterministic seed, fixed counts, printed at the end.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { emptyHomeEnv } from '../support/emptyHome';
import { FUZZ_KINDS, FuzzKind, mutatedDocument, probeOffsets, regressionCases } from '../support/fuzzDocuments';
import { LspClient } from '../support/lspClient';
import { positionAt } from '../support/textRanges';

const SEED = 13;
/** Mutated documents per kind: about 45 s in all on the 2-core CI machine under load. */
const DOCUMENTS_PER_KIND = 40;
const MAX_MESSAGE = 2000;

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-fuzz-lsp-'));
const home = emptyHomeEnv();
/** Longer than any answer may take: a request not answered by then is a hang. */
const ANSWER_MS = 15_000;

let client: LspClient;
let gone: Promise<string>;
const serverErrors: string[] = [];

/** A server; a new one after a crash, so that one crash does not hide what the other kinds do. */
async function startServer(): Promise<void> {
  client = await LspClient.start({ workspaceFolders: [workspace], env: { ...home, LB_OBS_LOKI_URL: '' } });
  const own = client;
  gone = new Promise((resolve) => own.connection.onClose(() => resolve(`the server exited: ${own.stderr.slice(0, 500)}`)));
  // The server logs a provider's failure and answers with nothing: its log is where failures show.
  client.connection.onNotification('window/logMessage', (p: { message: string }) => {
    if (/"level":"(ERROR|FATAL)"/.test(p.message)) serverErrors.push(p.message.slice(0, 2000));
  });
}
before(startServer);
after(async () => {
  await client.stop();
  fs.rmSync(workspace, { recursive: true, force: true });
});

let counter = 0;
const counts = { documents: 0, requests: 0 };
interface Failure {
  kind: string;
  name: string;
  what: string;
  text: string;
}

/** `work`, or why it did not finish: the server exited, or no answer came in time. */
async function answered<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ANSWER_MS} ms`)), ANSWER_MS)));
  try {
    return await Promise.race([work, late, gone.then((why) => Promise.reject(new Error(`${what}: ${why}`)))]);
  } finally {
    clearTimeout(timer);
  }
}

async function exercise(kind: FuzzKind, name: string, text: string, failures: Failure[]): Promise<void> {
  const uri = `file://${workspace}/${++counter}/${kind.file}`;
  const fail = (what: string) => failures.push({ kind: kind.kind, name, what, text });
  counts.documents++;
  let crashed = false;
  try {
    const diagnostics = await answered(client.open(uri, kind.languageId, text), 'diagnostics');
    for (const d of diagnostics) {
      const message = typeof d.message === 'string' ? d.message : d.message.value;
      if (message.length > MAX_MESSAGE) fail(`a diagnostic message of ${message.length} characters: ${message.slice(0, 200)}`);
    }
    const textDocument = { textDocument: { uri } };
    const requests: Array<[string, unknown]> = [
      ['textDocument/documentSymbol', textDocument],
      ['textDocument/formatting', { ...textDocument, options: { tabSize: 2, insertSpaces: true } }],
    ];
    for (const offset of probeOffsets(text, 2, counter)) {
      const position = positionAt(text, offset);
      requests.push(['textDocument/hover', { ...textDocument, position }], ['textDocument/completion', { ...textDocument, position }]);
    }
    const range = diagnostics[0]?.range ?? { start: positionAt(text, 0), end: positionAt(text, text.length) };
    requests.push(['textDocument/codeAction', { ...textDocument, range, context: { diagnostics } }]);
    for (const [method, params] of requests) {
      counts.requests++;
      await answered(client.request(method, params), method).catch((err: Error) => {
        crashed ||= /the server exited/.test(err.message);
        fail(`${method} failed: ${err.message}`);
      });
      if (crashed) break;
    }
  } catch (err) {
    crashed ||= /the server exited/.test((err as Error).message);
    fail((err as Error).message);
  }
  if (crashed) await startServer();
  else client.close(uri);
  if (serverErrors.length) fail(`the server logged: ${serverErrors.splice(0).join('\n')}`);
}

/** Keeps a failing case where it can be added to test/fixtures/fuzz/ as a regression test. */
function report(failures: Failure[]): string {
  const keep = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-fuzz-failures-'));
  return failures
    .map((f, i) => {
      const file = path.join(keep, `${f.kind}--${i}`);
      fs.writeFileSync(file, f.text);
      return `${f.kind} ${f.name}: ${f.what} (document kept in ${file})`;
    })
    .join('\n');
}

let totalFailures = 0;

for (const kind of FUZZ_KINDS) {
  test(`${kind.kind}: kept regressions and ${DOCUMENTS_PER_KIND} mutated documents, every request answered`, async (t) => {
    const failures: Failure[] = [];
    const before = { ...counts };
    for (const r of regressionCases(kind).filter((c) => !c.open)) await exercise(kind, r.name, r.text, failures);
    const documents = fc.sample(mutatedDocument(kind), { seed: SEED, numRuns: DOCUMENTS_PER_KIND });
    for (const [i, text] of documents.entries()) await exercise(kind, `seed ${SEED} #${i}`, text, failures);
    totalFailures += failures.length;
    t.diagnostic(`${kind.kind}: documents ${counts.documents - before.documents}, requests ${counts.requests - before.requests}, failures ${failures.length}`);
    if (failures.length) assert.fail(report(failures));
  });
  // Found and not fixed yet: reported as TODO (its owner sees it fail) without failing the suite.
  for (const r of regressionCases(kind).filter((c) => c.open)) {
    test(`${kind.kind}: open defect ${r.name}`, { todo: 'found by the fuzz suite, not fixed yet' }, async () => {
      const failures: Failure[] = [];
      await exercise(kind, r.name, r.text, failures);
      if (failures.length) assert.fail(report(failures));
    });
  }
}

test('totals', (t) => {
  t.diagnostic(`documents ${counts.documents}, requests ${counts.requests}, failures ${totalFailures}`);
  assert.ok(counts.documents >= FUZZ_KINDS.length * DOCUMENTS_PER_KIND);
});
