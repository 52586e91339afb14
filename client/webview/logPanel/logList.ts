// The virtualised row list: a spacer gives the scrollbar its size, and only the rows in view exist in the DOM
// (a fixed pool reused while scrolling). Past a few million pixels the scroll position maps proportionally
// to rows, because browsers cap an element's height.
import type { LogRow } from '../../../core/logs/model';
import type { ColumnTitles } from '../../../protocol/logPanel';
import { el } from './dom';
import { formatTime } from './format';
import { appendHighlighted } from './highlight';
import { RowCache } from './rowCache';

export const ROW_HEIGHT = 22;
/** Well below Chromium's maximum element height (about 33.5 million px). */
const MAX_SCROLL_HEIGHT = 8_000_000;

export const COLUMNS = [
  { key: 'time', title: 'Time' },
  { key: 'level', title: 'Level' },
  { key: 'component', title: 'Component' },
  { key: 'host', title: 'Host' },
  { key: 'workload', title: 'Workload' },
  { key: 'rep', title: 'Rep' },
  { key: 'phase', title: 'Phase' },
  { key: 'message', title: 'Message' },
] as const;

export interface LogListEvents {
  select(index: number | null): void;
  open(index: number): void;
  followChanged(follow: boolean): void;
  scrolled(): void;
}

interface Slot {
  element: HTMLElement;
  cells: HTMLElement[];
  index: number;
  row: LogRow | undefined;
  pattern: RegExp | null;
  selected: boolean;
}

export class LogList {
  readonly element: HTMLElement;
  private readonly header: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly body: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly progress: HTMLElement;
  private slots: Slot[] = [];
  private total = 0;
  private pattern: RegExp | null = null;
  private frame = 0;
  private emptyText = 'No lines yet.';
  /**
   * The row placed at the top by the last programmatic scroll. When scaled, one pixel of scrollTop spans
   * several rows, so the exact row is remembered for as long as the scroll position stays where it was put.
   */
  private pinned: { scrollTop: number; top: number } | null = null;
  selected: number | null = null;
  follow = false;

  constructor(
    private readonly cache: RowCache,
    private readonly events: LogListEvents,
  ) {
    this.header = el(
      'div',
      { className: 'row header', attrs: { role: 'row', 'aria-rowindex': 1 } },
      ...COLUMNS.map((c) =>
        el('div', { className: `cell col-${c.key}`, attrs: { role: 'columnheader' }, text: c.title }),
      ),
    );
    this.spacer = el('div', { className: 'spacer' });
    this.body = el('div', { className: 'rows', attrs: { role: 'rowgroup' } });
    this.empty = el('div', { className: 'empty', attrs: { role: 'status' } });
    this.progress = el('div', { className: 'progress', attrs: { role: 'progressbar', 'aria-label': 'Loading lines', hidden: true } });
    // Not a tab stop of its own: the grid around it takes the focus and the keys.
    this.scroller = el('div', { className: 'scroller', attrs: { tabindex: -1 } }, this.spacer, this.body);
    this.element = el(
      'div',
      {
        className: 'list',
        attrs: { role: 'grid', tabindex: 0, 'aria-label': 'Log lines', 'aria-rowcount': 1, 'aria-readonly': 'true' },
      },
      el('div', { attrs: { role: 'rowgroup' } }, this.header),
      this.scroller,
      this.empty,
      this.progress,
    );
    this.scroller.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.body.addEventListener('click', (e) => {
      const index = this.indexOf(e.target);
      if (index !== null) {
        this.select(index);
        this.element.focus({ preventScroll: true });
      }
    });
    this.body.addEventListener('dblclick', (e) => {
      const index = this.indexOf(e.target);
      if (index !== null) this.events.open(index);
    });
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    new ResizeObserver(() => this.update()).observe(this.scroller);
  }

  get rowCount(): number {
    return this.total;
  }

  /** The first (at least partly) visible row. */
  get topRow(): number {
    return Math.floor(this.topRowAt(this.scroller.scrollTop));
  }

  get visibleRows(): number {
    return Math.max(1, Math.floor(this.scroller.clientHeight / ROW_HEIGHT));
  }

  setPattern(pattern: RegExp | null): void {
    this.pattern = pattern;
    this.scheduleRender();
  }

  /** Shows a busy bar over the top of the list while the engine is still loading lines. */
  setLoading(loading: boolean): void {
    this.progress.hidden = !loading;
  }

  setEmptyText(text: string): void {
    this.emptyText = text;
    this.scheduleRender();
  }

  /** A new view (filter change, rotation): cached rows are gone, the selection no longer means anything. */
  reset(total: number): void {
    this.cache.reset(total);
    this.total = total;
    this.pinned = null;
    if (this.selected !== null) this.select(null);
    this.update();
    if (this.follow) this.scrollToEnd();
  }

  /** Rows were appended; scrolls along when following or when the end was in view. */
  grow(total: number): void {
    const atEnd = this.isAtEnd();
    this.cache.grow(total);
    this.total = total;
    this.update();
    if (this.follow || atEnd) this.scrollToEnd();
  }

  /** Column headers named after the stream labels they show (workflow logs). */
  setColumnTitles(titles: ColumnTitles): void {
    for (const [key, title] of Object.entries(titles)) {
      const cell = this.header.querySelector(`.col-${key}`);
      if (cell) cell.textContent = title;
    }
  }

  setFollow(follow: boolean): void {
    if (follow === this.follow) return;
    this.follow = follow;
    this.events.followChanged(follow);
    if (follow) this.scrollToEnd();
  }

  select(index: number | null): void {
    const value = index === null || this.total === 0 ? null : Math.max(0, Math.min(this.total - 1, index));
    this.selected = value;
    this.element.setAttribute('aria-activedescendant', value === null ? '' : `row-${value}`);
    if (value !== null) this.reveal(value, 'nearest');
    this.scheduleRender();
    this.events.select(value);
  }

  /** Scrolls so that row `index` is visible. */
  reveal(index: number, align: 'start' | 'center' | 'nearest'): void {
    const top = this.topRowAt(this.scroller.scrollTop);
    const visible = this.scroller.clientHeight / ROW_HEIGHT;
    let target: number;
    if (align === 'start') target = index;
    else if (align === 'center') target = index - visible / 2 + 0.5;
    else if (index < top) target = index;
    else if (index + 1 > top + visible) target = index + 1 - visible;
    else return;
    this.scrollToTop(target);
  }

  scrollToEnd(): void {
    this.pinned = null;
    this.scroller.scrollTop = this.scroller.scrollHeight;
    this.scheduleRender();
  }

  private scrollToTop(top: number): void {
    const maxTop = Math.max(0, this.total - this.scroller.clientHeight / ROW_HEIGHT);
    const target = Math.max(0, Math.min(top, maxTop));
    this.scroller.scrollTop = this.scrollTopFor(target);
    this.pinned = { scrollTop: this.scroller.scrollTop, top: target };
    this.scheduleRender();
  }

  focus(): void {
    this.element.focus();
  }

  private isAtEnd(): boolean {
    return this.scroller.scrollTop + this.scroller.clientHeight >= this.scroller.scrollHeight - 2;
  }

  private geometry(): { viewport: number; height: number; scaled: boolean } {
    const content = this.total * ROW_HEIGHT;
    const height = Math.min(content, MAX_SCROLL_HEIGHT);
    return { viewport: this.scroller.clientHeight, height, scaled: content > height };
  }

  private topRowAt(scrollTop: number): number {
    if (this.pinned && Math.abs(this.pinned.scrollTop - scrollTop) < 1) return this.pinned.top;
    const g = this.geometry();
    if (!g.scaled) return scrollTop / ROW_HEIGHT;
    const maxScroll = g.height - g.viewport;
    const maxTop = this.total - g.viewport / ROW_HEIGHT;
    return maxScroll <= 0 ? 0 : (Math.min(scrollTop, maxScroll) / maxScroll) * maxTop;
  }

  private scrollTopFor(topRow: number): number {
    const g = this.geometry();
    if (!g.scaled) return topRow * ROW_HEIGHT;
    const maxScroll = g.height - g.viewport;
    const maxTop = this.total - g.viewport / ROW_HEIGHT;
    return maxTop <= 0 ? 0 : (Math.min(topRow, maxTop) / maxTop) * maxScroll;
  }

  private indexOf(target: EventTarget | null): number | null {
    const row = target instanceof Element ? target.closest('.row[data-index]') : null;
    const index = row ? Number(row.getAttribute('data-index')) : NaN;
    return Number.isInteger(index) ? index : null;
  }

  private onScroll(): void {
    const atEnd = this.isAtEnd() && this.total > 0;
    if (atEnd !== this.follow) {
      this.follow = atEnd;
      this.events.followChanged(atEnd);
    }
    this.scheduleRender();
    this.events.scrolled();
  }

  private onKey(e: KeyboardEvent): void {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const current = this.selected ?? this.topRow - 1;
    const page = this.visibleRows;
    let next: number | null = null;
    switch (e.key) {
      case 'ArrowDown':
        next = current + 1;
        break;
      case 'ArrowUp':
        next = Math.max(0, current - 1);
        break;
      case 'PageDown':
        next = current + page;
        break;
      case 'PageUp':
        next = Math.max(0, current - page);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = this.total - 1;
        break;
      case 'Enter':
        if (this.selected !== null) this.events.open(this.selected);
        e.preventDefault();
        return;
      default:
        return;
    }
    e.preventDefault();
    this.select(next);
    if (e.key === 'End') this.setFollow(true);
  }

  /** Sizes the spacer to the row count and redraws. */
  private update(): void {
    const { height } = this.geometry();
    this.spacer.style.height = `${height}px`;
    this.element.setAttribute('aria-rowcount', String(this.total + 1));
    // Keep the header's columns aligned with the rows when a scrollbar takes width.
    this.header.style.paddingRight = `${this.scroller.offsetWidth - this.scroller.clientWidth}px`;
    this.scheduleRender();
  }

  scheduleRender(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Draws the rows in view now (also called when fetched rows arrive). */
  render(): void {
    const top = this.topRowAt(this.scroller.scrollTop);
    const first = Math.floor(top);
    const offset = (top - first) * ROW_HEIGHT;
    const count = Math.min(Math.ceil(this.scroller.clientHeight / ROW_HEIGHT) + 1, Math.max(0, this.total - first));
    this.body.style.transform = `translateY(${this.scroller.scrollTop - offset}px)`;
    this.cache.ensure(first, first + count - 1);
    while (this.slots.length < count) this.slots.push(this.createSlot());
    while (this.slots.length > count) this.slots.pop()!.element.remove();
    for (let k = 0; k < count; k++) this.fill(this.slots[k], first + k);
    this.empty.textContent = this.total === 0 ? this.emptyText : '';
    this.empty.hidden = this.total !== 0;
  }

  private createSlot(): Slot {
    const cells = COLUMNS.map((c) => el('div', { className: `cell col-${c.key}`, attrs: { role: 'gridcell' } }));
    const element = el('div', { className: 'row', attrs: { role: 'row' } }, ...cells);
    this.body.appendChild(element);
    return { element, cells, index: -1, row: undefined, pattern: null, selected: false };
  }

  private fill(slot: Slot, index: number): void {
    const row = this.cache.get(index);
    const selected = index === this.selected;
    if (slot.index === index && slot.row === row && slot.pattern === this.pattern && slot.selected === selected) return;
    slot.index = index;
    slot.row = row;
    slot.pattern = this.pattern;
    slot.selected = selected;
    const e = slot.element;
    e.id = `row-${index}`;
    e.setAttribute('data-index', String(index));
    e.setAttribute('aria-rowindex', String(index + 2));
    e.setAttribute('aria-selected', String(selected));
    const level = row ? (row.parsed ? row.level ?? 'NONE' : 'RAW') : 'LOADING';
    e.className = `row level-${level}${selected ? ' selected' : ''}`;
    const [time, lvl, component, host, workload, rep, phase, message] = slot.cells;
    const stamp = row ? formatTime(row.time) : '';
    // The date is its own span so that narrow panels can hide it and keep the time of day.
    time.replaceChildren(el('span', { className: 'date', text: stamp.slice(0, 11) }), stamp.slice(11));
    lvl.textContent = row ? (row.parsed ? row.level ?? '' : 'RAW') : '';
    lvl.title = row && !row.parsed ? `Unparsed line: ${row.problem ?? 'not a valid lb record'}` : '';
    component.textContent = row?.component ?? '';
    host.textContent = row?.host ?? '';
    workload.textContent = row?.workload ?? '';
    rep.textContent = row?.repetition === undefined ? '' : String(row.repetition);
    phase.textContent = row?.phase ?? '';
    message.textContent = '';
    message.classList.toggle('truncated', row?.truncated === true);
    message.title = row?.truncated ? 'Truncated for display: Enter shows the whole line' : '';
    // One line per row: line breaks inside a message show as ↵ (the details pane has the original).
    const text = row?.message.replace(/\r?\n/g, ' ↵ ');
    if (text === undefined) message.textContent = '…';
    else if (!row!.truncated) appendHighlighted(message, text, this.pattern);
    else {
      // The text is cut by the cell's ellipsis as usual; the mark after it always stays in view.
      const shown = el('span', { className: 'message-text' });
      appendHighlighted(shown, text, this.pattern);
      message.append(shown, el('span', { className: 'truncation-mark', text: 'truncated' }));
    }
  }
}
