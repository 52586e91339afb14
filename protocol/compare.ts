// Messages between the run comparison's webview (client/webview/compare) and the extension host
// (client/src/compare), imported by both. The host sends the comparison with its times as ISO text; the webview
// asks for a row's lines in a run's log panel or in its Grafana Explore by the row's kind and number (a pattern,
// task, level or result row), and the host checks every message (validateCompareMessage) before acting on it.
import type { RunComparison, RunSummary } from '../core/compare/compareRuns';
import type { CompareRowKind } from '../core/compare/rowFilters';
import { Invalid, integer, isRecord, oneOf } from '../core/rpc/checks';

export type RunSide = 'a' | 'b';
export type { CompareRowKind };

/** A run as the webview shows it: its times formatted, and whether "Grafana" can be offered for it. */
export type CompareRunView = Omit<RunSummary, 'start' | 'end'> & { start: string | null; end: string | null; grafana: boolean };

/** The comparison as shown, with what the user should know about how it was made (the pattern ingester was off). */
export type CompareView = Omit<RunComparison, 'a' | 'b'> & { a: CompareRunView; b: CompareRunView; notices: string[] };

export type ToCompareWebview =
  | { type: 'running'; a: string; b: string }
  | { type: 'show'; view: CompareView }
  | { type: 'failed'; message: string };

export type FromCompareWebview =
  | { type: 'ready' }
  /** The lines of row `row` of kind `kind` in run `run`'s log panel. */
  | { type: 'openLines'; run: RunSide; kind: CompareRowKind; row: number }
  /** Run `run` in Grafana Explore; with `kind` and `row`, that row's lines. */
  | { type: 'openGrafana'; run: RunSide; kind?: CompareRowKind; row?: number };

export type CheckedCompareMessage = { ok: true; message: FromCompareWebview } | { ok: false; error: string };

const side = oneOf(['a', 'b'] as const);
// The row kinds the webview may name, each once: `satisfies` fails the build when core adds a kind not listed here.
const ROW_KINDS = { pattern: true, task: true, level: true, result: true } satisfies Record<CompareRowKind, true>;
const kind = oneOf(Object.keys(ROW_KINDS) as CompareRowKind[]);
/** Far above any comparison's rows (the miner keeps at most a few thousand templates). */
const row = integer(0, 1_000_000);

/** The message rebuilt from its known fields, or why it is refused (`where: what`). */
export function validateCompareMessage(value: unknown): CheckedCompareMessage {
  try {
    if (!isRecord(value)) throw new Invalid('message: expected an object');
    switch (value.type) {
      case 'ready':
        return { ok: true, message: { type: 'ready' } };
      case 'openLines':
        return { ok: true, message: { type: 'openLines', run: side(value.run, 'run'), kind: kind(value.kind, 'kind'), row: row(value.row, 'row') } };
      case 'openGrafana': {
        const run = side(value.run, 'run');
        // A row is its kind and number, both or neither.
        if (value.kind === undefined && value.row === undefined) return { ok: true, message: { type: 'openGrafana', run } };
        return { ok: true, message: { type: 'openGrafana', run, kind: kind(value.kind, 'kind'), row: row(value.row, 'row') } };
      }
      default:
        throw new Invalid(`type: unknown message type ${JSON.stringify(String(value.type)).slice(0, 60)}`);
    }
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, error: err.message };
    throw err;
  }
}
