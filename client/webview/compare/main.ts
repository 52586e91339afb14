// The run comparison's webview script: renders what the extension sends as text only (run ids, patterns and
// errors come from logs and journals: never HTML). Patterns first (errors and warnings first, changed ones,
// "same" behind a toggle); then the level counts per component, the journals side by side and the results with
// absolute and relative change. Every row has buttons opening its lines in run A's or B's log panel and Grafana.
import './compare.css';
import type { CompareRowKind, CompareRunView, CompareView, FromCompareWebview, RunSide, ToCompareWebview } from '../../../protocol/compare';

declare function acquireVsCodeApi(): { postMessage(message: FromCompareWebview): void };
const host = acquireVsCodeApi();
const root = document.getElementById('app')!;
let showSame = false;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(text: string, title: string, onClick: () => void, disabled = false): HTMLButtonElement {
  const b = el('button', undefined, text);
  b.title = title;
  b.disabled = disabled;
  b.addEventListener('click', onClick);
  return b;
}

const num = (v: number | null) => (v === null ? '-' : String(Number(v.toPrecision(6))));
const signed = (v: number, text: string) => `${v > 0 ? '+' : ''}${text}`;

function table(headers: string[], rows: Array<Array<string | HTMLElement>>, className: string): HTMLTableElement {
  const t = el('table', className);
  const head = el('tr');
  for (const h of headers) head.append(el('th', undefined, h));
  t.createTHead().append(head);
  const body = t.createTBody();
  for (const r of rows) {
    const tr = el('tr');
    for (const cell of r) {
      const td = el('td');
      if (typeof cell === 'string') td.textContent = cell;
      else td.append(cell);
      tr.append(td);
    }
    body.append(tr);
  }
  return t;
}

function runCard(name: string, side: RunSide, r: CompareRunView): HTMLElement {
  const card = el('section', `run run-${side}`);
  const title = el('div', 'run-title');
  // A run read from Loki alone (no folder) has no journal to miss.
  const onlyInLoki = r.dir === '';
  const status = r.status ?? (onlyInLoki ? 'Loki' : 'no journal');
  title.append(el('span', 'run-name', name), el('span', 'run-id', r.runId), el('span', `status status-${(r.status ?? 'none').toLowerCase()}`, status));
  if (r.grafana) title.append(button('Grafana', `Open ${r.runId} in Grafana Explore`, () => host.postMessage({ type: 'openGrafana', run: side })));
  const logs = r.loki ? `${r.lines} lines from Loki (${r.loki.query})` : `${r.records} records in ${r.logFiles} files`;
  const tasks = onlyInLoki ? [] : [`${r.tasksRun} of ${r.tasks} tasks run`];
  card.append(title, el('div', 'run-detail', [r.start ?? '-', ...tasks, logs].join(' · ')));
  if (r.loki?.capped) card.append(el('div', 'notice', `Only its first ${r.lines} lines in Loki were read: raise the setting lbObs.compare.maxLokiLines to read more.`));
  if (r.journalError) card.append(el('div', 'notice', `Journal unreadable: ${r.journalError}`));
  return card;
}

/** The "lines" and "Grafana" cells of a row: A and B buttons each, off for a run without the row's lines. */
function rowLinks(view: CompareView, target: { kind: CompareRowKind; row: number }, what: string, has: Record<RunSide, boolean>): HTMLElement[] {
  const lines = el('span', 'links lines');
  const grafana = el('span', 'links grafana');
  for (const side of ['a', 'b'] as const) {
    const run = view[side];
    const name = side.toUpperCase();
    lines.append(button(name, `Open ${what} in ${run.runId}'s log panel`, () => host.postMessage({ type: 'openLines', run: side, ...target }), !has[side]));
    grafana.append(button(name, `Open ${what} of ${run.runId} in Grafana Explore`, () => host.postMessage({ type: 'openGrafana', run: side, ...target }), !run.grafana || !has[side]));
  }
  return [lines, grafana];
}

/** Where the patterns come from, said as the first thing about them. */
function patternSource(view: CompareView): string {
  if (view.patternsFrom === 'loki') return "Patterns from Loki's pattern ingester (/loki/api/v1/patterns) for both runs.";
  const from = (r: CompareRunView) => (r.loki ? 'lines fetched from Loki' : 'log files');
  if (from(view.a) === from(view.b)) return `Patterns mined by lb-obs from both runs' ${from(view.a)}.`;
  return `Patterns mined by lb-obs: run A's from its ${from(view.a)}, run B's from its ${from(view.b)}.`;
}

function patternsSection(view: CompareView): HTMLElement {
  const section = el('section', 'patterns');
  const changed = view.patterns.filter((p) => p.change !== 'same').length;
  const bar = el('div', 'section-bar');
  bar.append(el('h2', undefined, `Patterns: ${changed} changed, ${view.patterns.length - changed} the same`));
  const toggle = button(showSame ? 'Hide unchanged' : 'Show unchanged', 'Show or hide the patterns whose count did not change beyond noise', () => {
    showSame = !showSame;
    render(view);
  });
  bar.append(toggle);
  section.append(bar, el('div', 'source', patternSource(view)), el('div', 'rule', view.normalisation.rule));
  for (const notice of view.notices) section.append(el('div', 'notice', notice));
  const rows = view.patterns
    .map((p, index) => ({ p, index }))
    .filter(({ p }) => showSame || p.change !== 'same')
    .map(({ p, index }) => [
      el('span', `change change-${p.change}`, p.change),
      el('span', `level level-${p.level.toLowerCase()}`, p.level),
      p.component,
      String(p.a),
      String(p.b),
      el('span', 'pattern', p.pattern),
      ...rowLinks(view, { kind: 'pattern', row: index }, "this pattern's lines", { a: p.a > 0, b: p.b > 0 }),
    ]);
  section.append(rows.length ? table(['change', 'level', 'component', 'A', 'B', 'pattern', 'lines', 'Grafana'], rows, 'pattern-table') : el('div', 'empty', 'No pattern changed.'));
  return section;
}

/** A titled section holding one table. */
function tableSection(className: string, title: string, headers: string[], rows: Array<Array<string | HTMLElement>>): HTMLElement {
  const section = el('section', className);
  section.append(el('h2', undefined, title), table(headers, rows, `${className}-table`));
  return section;
}

function levelsSection(view: CompareView): HTMLElement {
  return tableSection(
    'level',
    'Levels per component',
    ['component', 'level', 'A', 'B', 'change', 'lines', 'Grafana'],
    view.levels.map((l, row) => [
      l.component,
      l.level,
      String(l.a),
      String(l.b),
      l.b === l.a ? '' : signed(l.b - l.a, String(l.b - l.a)),
      ...rowLinks(view, { kind: 'level', row }, `the ${l.level} lines (and above) of ${l.component || 'every component'}`, { a: l.a > 0, b: l.b > 0 }),
    ]),
  );
}

function tasksSection(view: CompareView): HTMLElement {
  const side = (s: { status: string; durationSeconds: number | null } | null) => (s ? `${s.status} ${num(s.durationSeconds)}s` : '-');
  return tableSection(
    'task',
    'Tasks',
    ['host', 'workload', 'rep', 'A', 'B', 'delta', '', 'lines', 'Grafana'],
    view.tasks.map((t, row) => [
      t.host,
      t.workload,
      String(t.repetition),
      side(t.a),
      side(t.b),
      t.deltaSeconds === null ? '-' : signed(t.deltaSeconds, `${num(t.deltaSeconds)}s`),
      t.newFailure ? el('span', 'new-failure', `NEW FAILURE${t.b?.error ? `: ${t.b.error}` : ''}`) : '',
      ...rowLinks(view, { kind: 'task', row }, "this task's lines", { a: t.a !== null, b: t.b !== null }),
    ]),
  );
}

function resultsSection(view: CompareView): HTMLElement {
  return tableSection(
    'result',
    'Results (means over repetitions)',
    ['host', 'workload', 'metric', 'A', 'B', 'change', 'relative', 'lines', 'Grafana'],
    view.results.map((r, row) => [
      r.host,
      r.workload,
      r.metric,
      num(r.a),
      num(r.b),
      r.change === null ? '-' : signed(r.change, num(r.change)),
      r.relative === null ? '-' : signed(r.relative, `${(r.relative * 100).toFixed(1)}%`),
      // The workload's lines, whether or not a repetition gave this number.
      ...rowLinks(view, { kind: 'result', row }, `the lines of ${r.workload} on ${r.host}`, { a: true, b: true }),
    ]),
  );
}

function render(view: CompareView): void {
  const runs = el('div', 'runs');
  runs.append(runCard('A', 'a', view.a), runCard('B', 'b', view.b));
  root.replaceChildren(runs, patternsSection(view));
  if (view.levels.length) root.append(levelsSection(view));
  if (view.tasks.length) root.append(tasksSection(view));
  if (view.results.length) root.append(resultsSection(view));
}

window.addEventListener('message', (event: MessageEvent<ToCompareWebview>) => {
  const m = event.data;
  if (m.type === 'running') root.replaceChildren(el('div', 'status-line', `Comparing ${m.b} with ${m.a}...`));
  else if (m.type === 'failed') root.replaceChildren(el('div', 'notice', m.message));
  else render(m.view);
});
host.postMessage({ type: 'ready' });
