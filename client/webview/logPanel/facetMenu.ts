// A multi-select dropdown for one field (component, host, ...): the values seen in the logs with their counts.
// An empty selection means "all".
import { el, icon, ICONS } from './dom';
import { formatCount } from './format';

/** Above this many values the menu gets its own search box. */
const SEARCHABLE = 8;

export class FacetMenu {
  readonly element: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly label: HTMLElement;
  private readonly popup: HTMLElement;
  private readonly list: HTMLElement;
  private readonly search: HTMLInputElement;
  private counts: Record<string, number> = {};
  private selected = new Set<string>();

  constructor(
    private title: string,
    private readonly onChange: (values: string[]) => void,
    private readonly compare: (a: string, b: string) => number = (a, b) => a.localeCompare(b),
  ) {
    const id = `facet-${title.toLowerCase()}`;
    this.label = el('span', { className: 'facet-label', text: title });
    this.button = el(
      'button',
      {
        className: 'facet-button',
        attrs: { type: 'button', 'aria-haspopup': 'true', 'aria-expanded': 'false', 'aria-controls': id },
      },
      this.label,
      icon(ICONS.chevron),
    );
    this.search = el('input', {
      className: 'facet-search',
      attrs: { type: 'search', placeholder: `Filter ${title.toLowerCase()}s`, 'aria-label': `Filter ${title} values` },
    });
    this.list = el('div', { className: 'facet-list', attrs: { role: 'group', 'aria-label': title } });
    const clearButton = el('button', { className: 'link-button', attrs: { type: 'button' }, text: 'Show all' });
    this.popup = el(
      'div',
      { className: 'facet-popup', attrs: { id, hidden: true } },
      this.search,
      this.list,
      el('div', { className: 'facet-footer' }, clearButton),
    );
    this.element = el('div', { className: 'facet' }, this.button, this.popup);

    this.button.addEventListener('click', () => this.toggle());
    this.search.addEventListener('input', () => this.renderList());
    clearButton.addEventListener('click', () => {
      this.selected.clear();
      this.changed();
    });
    this.list.addEventListener('change', (e) => {
      const box = e.target as HTMLInputElement;
      const value = box.getAttribute('data-value');
      if (value === null) return;
      if (box.checked) this.selected.add(value);
      else this.selected.delete(value);
      this.changed();
    });
    this.popup.addEventListener('keydown', (e) => this.onPopupKey(e));
    document.addEventListener('mousedown', (e) => {
      if (!this.popup.hidden && !this.element.contains(e.target as Node)) this.close(false);
    });
  }

  get values(): string[] {
    return [...this.selected];
  }

  setValues(values: readonly string[] | undefined): void {
    this.selected = new Set(values ?? []);
    this.renderButton();
    this.renderList();
  }

  setCounts(counts: Record<string, number>): void {
    this.counts = counts;
    this.button.disabled = Object.keys(counts).length === 0 && this.selected.size === 0;
    this.renderList();
  }

  close(focusButton: boolean): void {
    this.popup.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
    if (focusButton) this.button.focus();
  }

  private toggle(): void {
    if (!this.popup.hidden) {
      this.close(false);
      return;
    }
    this.popup.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    this.search.hidden = Object.keys(this.counts).length <= SEARCHABLE;
    this.renderList();
    const first = this.search.hidden ? this.list.querySelector('input') : this.search;
    (first as HTMLElement | null)?.focus();
  }

  /** The field's name when the column holds something else (a stream label of workflow logs). */
  retitle(title: string): void {
    this.title = title;
    this.search.placeholder = `Filter ${title.toLowerCase()}s`;
    this.search.setAttribute('aria-label', `Filter ${title} values`);
    this.list.setAttribute('aria-label', title);
    this.renderButton();
  }

  private changed(): void {
    this.renderButton();
    this.renderList();
    this.onChange(this.values);
  }

  private renderButton(): void {
    const n = this.selected.size;
    this.label.textContent = n === 0 ? this.title : n === 1 ? `${this.title}: ${[...this.selected][0]}` : `${this.title} (${n})`;
    this.button.classList.toggle('active', n > 0);
    this.button.title = n === 0 ? `All ${this.title.toLowerCase()}s` : [...this.selected].join(', ');
  }

  private renderList(): void {
    if (this.popup.hidden) return;
    const query = this.search.value.toLowerCase();
    // Selected values stay listed even when their count dropped to zero, so they can be unticked.
    const values = [...new Set([...Object.keys(this.counts), ...this.selected])]
      .filter((v) => v.toLowerCase().includes(query))
      .sort(this.compare);
    this.list.replaceChildren(
      ...values.map((value) => {
        const box = el('input', { attrs: { type: 'checkbox', 'data-value': value } });
        box.checked = this.selected.has(value);
        return el(
          'label',
          { className: 'facet-item' },
          box,
          el('span', { className: 'facet-value', text: value === '' ? '(empty)' : value }),
          el('span', { className: 'facet-count', text: formatCount(this.counts[value] ?? 0) }),
        );
      }),
    );
    if (values.length === 0) this.list.appendChild(el('div', { className: 'facet-none', text: 'No values' }));
  }

  private onPopupKey(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      this.close(true);
      return;
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const items = [this.search, ...Array.from(this.list.querySelectorAll('input'))].filter((i) => !i.hidden);
    const at = items.indexOf(document.activeElement as HTMLInputElement);
    const next = items[Math.max(0, Math.min(items.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)))];
    e.preventDefault();
    next?.focus();
  }
}
