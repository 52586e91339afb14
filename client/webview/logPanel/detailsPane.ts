// The selected row in full: the record as indented JSON (built as text nodes and spans, never HTML), or the
// raw line of an unparsed row, with copy buttons.
import type { LogRowDetails } from '../../../core/logs/model';
import { el, icon, ICONS } from './dom';
import { formatCount } from './format';

/** Longer content is cut in the view; the copy buttons still copy all of it. */
const MAX_SHOWN = 200_000;

export interface DetailsEvents {
  copy(text: string): void;
  close(): void;
}

export class DetailsPane {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly body: HTMLElement;
  private readonly note: HTMLElement;
  private readonly copyJson: HTMLButtonElement;
  private details: LogRowDetails | null = null;
  private budget = 0;

  constructor(private readonly events: DetailsEvents) {
    this.title = el('span', { className: 'details-title' });
    this.copyJson = el(
      'button',
      { className: 'icon-button labelled', attrs: { type: 'button', title: 'Copy the record as indented JSON' } },
      icon(ICONS.copy),
      'Copy JSON',
    );
    const copyRaw = el(
      'button',
      { className: 'icon-button labelled', attrs: { type: 'button', title: 'Copy the line exactly as in the file' } },
      icon(ICONS.copy),
      'Copy line',
    );
    const close = el(
      'button',
      { className: 'icon-button', attrs: { type: 'button', title: 'Close (Escape)', 'aria-label': 'Close details' } },
      icon(ICONS.close),
    );
    this.body = el('pre', { className: 'details-body', attrs: { tabindex: 0, 'aria-label': 'Record' } });
    this.note = el('div', {
      className: 'details-note',
      attrs: { hidden: true },
      text: 'This line was truncated for display in the list; here it is in full.',
    });
    this.element = el(
      'section',
      { className: 'details', attrs: { hidden: true, 'aria-label': 'Row details' } },
      el('div', { className: 'details-header' }, this.title, el('span', { className: 'spacer-flex' }), this.copyJson, copyRaw, close),
      this.note,
      this.body,
    );
    this.copyJson.addEventListener('click', () => {
      if (this.details?.record !== undefined) this.events.copy(JSON.stringify(this.details.record, null, 2));
    });
    copyRaw.addEventListener('click', () => {
      if (this.details) this.events.copy(this.details.raw);
    });
    close.addEventListener('click', () => this.events.close());
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.events.close();
      }
    });
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  /** `truncated`: the list shows the line cut (LogRow.truncated). */
  show(index: number, details: LogRowDetails | null, truncated = false): void {
    this.details = details;
    this.element.hidden = false;
    this.note.hidden = !truncated || !details;
    this.body.replaceChildren();
    if (!details) {
      this.title.textContent = `Line ${formatCount(index + 1)}`;
      this.body.textContent = 'This line is no longer available (the file was truncated or rotated).';
      this.copyJson.disabled = true;
      return;
    }
    this.title.textContent = `Line ${formatCount(index + 1)} · ${details.source} @ byte ${formatCount(details.offset)}`;
    this.copyJson.disabled = details.record === undefined;
    this.budget = MAX_SHOWN;
    if (details.record !== undefined) this.appendValue(this.body, details.record, '');
    else this.appendText(this.body, details.raw, 'json-raw');
    if (this.budget <= 0) {
      this.body.appendChild(el('span', { className: 'json-more', text: '\n… cut here; the copy buttons copy everything' }));
    }
  }

  hide(): void {
    this.element.hidden = true;
    this.details = null;
    this.body.replaceChildren();
  }

  private appendText(parent: Node, text: string, className?: string): void {
    if (this.budget <= 0) return;
    const shown = text.length > this.budget ? text.slice(0, this.budget) : text;
    this.budget -= shown.length;
    parent.appendChild(className ? el('span', { className, text: shown }) : document.createTextNode(shown));
  }

  private appendValue(parent: Node, value: unknown, indent: string): void {
    if (value === null) return this.appendText(parent, 'null', 'json-null');
    if (typeof value === 'string') return this.appendText(parent, JSON.stringify(value), 'json-string');
    if (typeof value === 'number') return this.appendText(parent, String(value), 'json-number');
    if (typeof value === 'boolean') return this.appendText(parent, String(value), 'json-boolean');
    if (typeof value !== 'object') return this.appendText(parent, String(value));
    const inner = `${indent}  `;
    // As JSON.stringify does: undefined members are left out, undefined array items are null.
    const entries: [string | null, unknown][] = Array.isArray(value)
      ? value.map((v) => [null, v ?? null])
      : Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
    if (entries.length === 0) return this.appendText(parent, open + close);
    this.appendText(parent, `${open}\n`);
    entries.forEach(([key, v], i) => {
      this.appendText(parent, inner);
      if (key !== null) {
        this.appendText(parent, JSON.stringify(key), 'json-key');
        this.appendText(parent, ': ');
      }
      this.appendValue(parent, v, inner);
      this.appendText(parent, i < entries.length - 1 ? ',\n' : '\n');
    });
    this.appendText(parent, `${indent}${close}`);
  }
}
