// The pipeline preview's webview script: renders what the extension sends, as text only (every value comes
// from log lines and configurations: never HTML). One card per sample line: the line, then what Alloy would
// send on (labels, structured metadata, timestamp, line, extracted values) or which stage dropped it.
import './alloyPreview.css';
import type { FromPreviewWebview, PreviewView, ToPreviewWebview } from '../../../protocol/alloyPreview';

declare function acquireVsCodeApi(): { postMessage(message: FromPreviewWebview): void };
const host = acquireVsCodeApi();
const root = document.getElementById('app')!;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function header(component: string, detail: string): HTMLElement {
  const bar = el('div', 'bar');
  bar.append(el('span', 'component', component), el('span', 'detail', detail));
  const rerun = el('button', 'rerun', 'Run again');
  rerun.title = 'Read the configuration again and rerun the same lines';
  rerun.addEventListener('click', () => host.postMessage({ type: 'rerun' }));
  bar.append(rerun);
  return bar;
}

function chips(values: Array<[string, string]>, kind: string): HTMLElement {
  const box = el('div', 'chips');
  if (values.length === 0) box.append(el('span', 'none', 'none'));
  for (const [name, value] of values) {
    const chip = el('span', `chip ${kind}`);
    chip.append(el('span', 'name', name), el('span', 'eq', '='), el('span', 'value', JSON.stringify(value)));
    box.append(chip);
  }
  return box;
}

function field(label: string, content: HTMLElement): HTMLElement {
  const row = el('div', 'field');
  row.append(el('div', 'label', label), content);
  return row;
}

function sorted(record: Record<string, unknown>): Array<[string, string]> {
  return Object.keys(record)
    .sort()
    .map((k) => [k, typeof record[k] === 'string' ? (record[k] as string) : JSON.stringify(record[k])]);
}

function render(view: PreviewView): void {
  const dropped = view.results.filter((r) => r.droppedBy !== undefined).length;
  root.replaceChildren(header(view.component, `${view.source} · ${view.results.length} lines · ${dropped} dropped`));
  if (view.notSimulated.length > 0) {
    root.append(el('div', 'notice', `Not simulated (entries pass them unchanged): ${view.notSimulated.map((s) => s.id).join(', ')}`));
  }
  const list = el('div', 'entries');
  view.results.forEach((r, i) => {
    const input = view.inputs[i];
    const card = el('section', r.droppedBy !== undefined || r.heldBy !== undefined ? 'entry dropped' : 'entry');
    const head = el('div', 'entry-head');
    head.append(el('span', 'index', `#${i + 1}`), el('code', 'line', input.line));
    card.append(head);
    if (r.droppedBy !== undefined) {
      card.append(el('div', 'drop', `Dropped by ${r.droppedBy}${r.dropReason ? ` (reason: ${r.dropReason})` : ''}`));
    } else if (r.heldBy !== undefined) {
      card.append(el('div', 'held', `Held by ${r.heldBy}: a partial line, sent joined with the next full line of its stream`));
    } else {
      card.append(field('Labels', chips(sorted(r.labels), 'label')));
      card.append(field('Structured metadata', chips(r.structuredMetadata.map((m) => [m.name, m.value]), 'metadata')));
      card.append(field('Timestamp', el('code', 'timestamp', r.timestamp)));
      if (r.line !== input.line) card.append(field('Line', el('code', 'line', r.line)));
      const extracted = el('details', 'extracted');
      extracted.append(el('summary', undefined, `Extracted values (${Object.keys(r.extracted).length})`), chips(sorted(r.extracted), 'extracted'));
      card.append(extracted);
    }
    list.append(card);
  });
  root.append(list);
}

window.addEventListener('message', (event: MessageEvent<ToPreviewWebview>) => {
  const m = event.data;
  if (m.type === 'show') render(m.view);
  else if (m.type === 'running') root.replaceChildren(header(m.component, `${m.source} · running...`));
  else if (m.type === 'failed') root.replaceChildren(header(m.component, 'could not run'), el('div', 'error', m.message));
});
host.postMessage({ type: 'ready' });
