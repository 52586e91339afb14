// The log panel: wires the toolbar, histogram, row list and details pane to the host connection, and keeps
// the view state (filter, position, follow) across hide/show.
import type { LogFilter, LogRowDetails, LogSessionInfo } from '../../../core/logs/model';
import type { PanelInit } from '../../../protocol/logPanel';
import { DetailsPane } from './detailsPane';
import { el, icon, ICONS } from './dom';
import { formatCount, formatTime } from './format';
import { searchPattern } from './highlight';
import { Histogram } from './histogram';
import { HostConnection } from './hostConnection';
import { LogList } from './logList';
import { NoticeBar } from './noticeBar';
import { PatternChips } from './patternChips';
import { PatternsView } from './patternsView';
import { RowCache } from './rowCache';
import { DEFAULT_STATE, PanelState } from './state';
import { Toolbar } from './toolbar';

const SEARCH_DELAY_MS = 200;
/** Facets and the histogram are recomputed at most this often while lines keep arriving. */
const SUMMARY_INTERVAL_MS = 1000;
const HISTOGRAM_BAR_PX = 4;

function isEditable(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement;
}

export class App {
  private readonly host: HostConnection;
  private readonly toolbar: Toolbar;
  private readonly histogram: Histogram;
  private readonly list: LogList;
  private readonly details: DetailsPane;
  private readonly notices: NoticeBar;
  private readonly patterns: PatternsView;
  private readonly patternChips: PatternChips;
  private readonly cache: RowCache;
  private readonly counts: HTMLElement;
  private readonly loading: HTMLElement;
  private readonly windowChip: HTMLElement;
  private readonly windowLabel: HTMLElement;
  private readonly unparsedToggle: HTMLButtonElement;
  private readonly message: HTMLElement;
  private state: PanelState;
  /** The time window selected on the histogram; part of the filter but not shown in the toolbar. */
  private window: { from: number; to: number } | null = null;
  private filterSeq = 0;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private summaryTimer: ReturnType<typeof setTimeout> | undefined;
  private lastSummary = 0;
  private restored = false;

  constructor(root: HTMLElement) {
    this.host = new HostConnection({
      init: (m) => this.onInit(m),
      changed: (c) => this.onChanged(c.info, c.appended, c.reset),
      error: (m) => this.showMessage(m, true),
    });
    this.state = { ...DEFAULT_STATE, ...this.host.loadState() };

    this.toolbar = new Toolbar({
      filterChanged: () => this.applyFilter(),
      searchTyped: () => {
        clearTimeout(this.searchTimer);
        this.searchTimer = setTimeout(() => this.applyFilter(), SEARCH_DELAY_MS);
      },
      findError: (d) => void this.findError(d),
      followToggled: (follow) => this.list.setFollow(follow),
      openInGrafana: () => this.host.notify({ type: 'openInGrafana', filter: this.currentFilter() }),
      patternsToggled: (open) => this.showPatterns(open),
    });
    this.patternChips = new PatternChips(() => {
      this.patterns.setChosen(this.patternChips.only, this.patternChips.hidden);
      this.applyFilter();
    });
    this.patterns = new PatternsView({
      load: (signal, onProgress) => this.host.request('patterns', { buckets: this.histogramBuckets() }, { signal, onProgress }),
      show: (ref) => this.patternChips.show(ref),
      hide: (ref) => this.patternChips.hide(ref),
      unhide: (ref) => this.patternChips.unhide(ref),
    });
    this.histogram = new Histogram((from, to) => {
      this.window = { from, to };
      this.applyFilter();
    });
    this.cache = new RowCache(
      (start, count) => this.host.request('rows', { start, count }),
      () => this.list.render(),
      (error) => this.showMessage(`Could not read lines: ${error.message}`, true),
    );
    this.list = new LogList(this.cache, {
      select: (index) => {
        this.state.selected = index;
        this.saveState();
        if (index !== null && this.details.open) void this.showDetails(index);
      },
      open: (index) => void this.showDetails(index),
      followChanged: (follow) => {
        this.toolbar.setFollow(follow);
        this.state.follow = follow;
        this.saveState();
      },
      scrolled: () => {
        this.state.topRow = this.list.topRow;
        this.saveState();
      },
    });
    this.details = new DetailsPane({
      copy: (text) => this.host.notify({ type: 'copy', text }),
      close: () => {
        this.details.hide();
        this.state.detailsOpen = false;
        this.saveState();
        this.list.focus();
      },
    });

    const saved = Array.isArray(this.state.dismissedNotices) ? this.state.dismissedNotices : [];
    this.notices = new NoticeBar(new Set(saved), (dismissed) => {
      this.state.dismissedNotices = dismissed;
      this.saveState();
    });
    this.counts = el('span', { className: 'counts', attrs: { 'aria-live': 'polite' } });
    this.loading = el(
      'span',
      { className: 'loading', attrs: { role: 'status', hidden: true } },
      el('span', { className: 'spinner', attrs: { 'aria-hidden': 'true' } }),
      'Loading history…',
    );
    this.windowLabel = el('span');
    const clearWindow = el(
      'button',
      { className: 'chip-close', attrs: { type: 'button', 'aria-label': 'Clear the time window', title: 'Clear the time window' } },
      icon(ICONS.close),
    );
    clearWindow.addEventListener('click', () => {
      this.window = null;
      this.applyFilter();
    });
    this.windowChip = el('span', { className: 'chip', attrs: { hidden: true } }, this.windowLabel, clearWindow);
    this.unparsedToggle = el('button', {
      className: 'link-button unparsed-toggle',
      attrs: { type: 'button', 'aria-pressed': 'true', hidden: true },
    });
    this.unparsedToggle.addEventListener('click', () => {
      const shown = this.unparsedToggle.getAttribute('aria-pressed') === 'true';
      this.unparsedToggle.setAttribute('aria-pressed', String(!shown));
      this.applyFilter();
    });
    this.message = el('span', { className: 'message', attrs: { role: 'status' } });
    const status = el(
      'footer',
      { className: 'status' },
      this.counts,
      this.loading,
      this.unparsedToggle,
      this.windowChip,
      this.patternChips.element,
      el('span', { className: 'spacer-flex' }),
      this.message,
    );

    root.replaceChildren(
      this.toolbar.element,
      this.notices.element,
      this.histogram.element,
      // The Patterns view beside the rows: a template clicked or hidden changes the rows next to it.
      el('div', { className: 'panes' }, this.patterns.element, this.list.element),
      this.details.element,
      status,
    );
    this.toolbar.setFilter(this.state.filter);
    this.patternChips.set(this.state.filter);
    this.patterns.setChosen(this.patternChips.only, this.patternChips.hidden);
    if (this.state.filter.from !== undefined && this.state.filter.to !== undefined) {
      this.window = { from: this.state.filter.from, to: this.state.filter.to };
    }
    if (this.state.filter.includeUnparsed === false) this.unparsedToggle.setAttribute('aria-pressed', 'false');
    this.list.follow = this.state.follow;
    this.toolbar.setFollow(this.state.follow);
    this.list.setEmptyText('Loading…');

    document.addEventListener('keydown', (e) => this.onKey(e));
    // VS Code swaps the theme by changing the body class and the --vscode-* variables on <html>.
    const redraw = new MutationObserver(() => this.histogram.draw());
    redraw.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    redraw.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });

    this.host.notify({ type: 'ready' });
  }

  private currentFilter(): LogFilter {
    const filter = this.toolbar.filter();
    if (this.window) {
      filter.from = this.window.from;
      filter.to = this.window.to;
    }
    if (this.unparsedToggle.getAttribute('aria-pressed') === 'false') filter.includeUnparsed = false;
    this.patternChips.apply(filter);
    return filter;
  }

  private onInit(init: PanelInit): void {
    document.title = init.title;
    this.toolbar.setGrafana(init.canOpenInGrafana);
    if (init.columnTitles) {
      this.toolbar.setColumnTitles(init.columnTitles);
      this.list.setColumnTitles(init.columnTitles);
    }
    this.updateInfo(init.info);
    if (init.filter) {
      this.window = null;
      this.toolbar.setFilter(init.filter);
      this.patternChips.set(init.filter);
      this.patterns.setChosen(this.patternChips.only, this.patternChips.hidden);
    }
    void this.refreshSummary();
    this.applyFilter();
  }

  private async applyFilter(): Promise<void> {
    clearTimeout(this.searchTimer);
    const filter = this.currentFilter();
    if (filter.regex && filter.text && searchPattern(filter) === null) {
      this.toolbar.setSearchError('Invalid regular expression');
      return;
    }
    this.toolbar.setSearchError(null);
    const seq = ++this.filterSeq;
    this.state.filter = filter;
    this.saveState();
    let info: LogSessionInfo;
    try {
      info = await this.host.request('setFilter', { filter });
    } catch (err) {
      if (seq === this.filterSeq) this.showMessage((err as Error).message, true);
      return;
    }
    if (seq !== this.filterSeq) return;
    this.showMessage('', false);
    this.list.setPattern(searchPattern(filter));
    this.updateWindowChip();
    this.updateInfo(info);
    this.list.reset(info.matched);
    if (!this.restored) this.restorePosition(info);
    this.refreshHistogram().catch((err: Error) => this.showMessage(`Could not count lines over time: ${err.message}`, true));
  }

  /** After the first filter is applied: back to where the user was before the panel was hidden. */
  private restorePosition(info: LogSessionInfo): void {
    this.restored = true;
    if (this.state.follow) {
      this.list.setFollow(true);
      this.list.scrollToEnd();
    } else if (this.state.topRow > 0) {
      this.list.reveal(this.state.topRow, 'start');
    } else if (info.sources.some((s) => s.kind === 'loki')) {
      // Loki's history loads newest first: the panel opens at the newest lines, older ones arrive above.
      this.list.scrollToEnd();
    }
    if (this.state.selected !== null && this.state.selected < this.list.rowCount) {
      const open = this.state.detailsOpen;
      this.list.select(this.state.selected);
      if (open) void this.showDetails(this.state.selected);
    }
  }

  private onChanged(info: LogSessionInfo, appended: number, reset: boolean): void {
    this.updateInfo(info);
    if (reset) this.list.reset(info.matched);
    else if (appended > 0 || info.matched !== this.list.rowCount) this.list.grow(info.matched);
    this.scheduleSummary();
  }

  private updateInfo(info: LogSessionInfo): void {
    const sources = info.sources.length === 1 ? '1 source' : `${formatCount(info.sources.length)} sources`;
    this.counts.textContent =
      info.matched === info.lines
        ? `${formatCount(info.lines)} lines · ${sources}`
        : `${formatCount(info.matched)} of ${formatCount(info.lines)} lines · ${sources}`;
    this.counts.title = info.sources.map((s) => s.name).join('\n');
    this.unparsedToggle.hidden = info.unparsed === 0;
    const shown = this.unparsedToggle.getAttribute('aria-pressed') === 'true';
    this.unparsedToggle.textContent = `${formatCount(info.unparsed)} unparsed ${shown ? '(shown)' : '(hidden)'}`;
    this.unparsedToggle.title = shown ? 'Hide lines that are not valid lb records' : 'Show lines that are not valid lb records';
    this.notices.update(info.notices);
    this.loading.hidden = !info.loading;
    this.list.setLoading(info.loading === true);
    this.list.setEmptyText(
      info.lines > 0 ? 'No lines match the filter.' : info.loading ? 'Loading…' : 'No lines yet. New lines appear here as they are written.',
    );
  }

  private updateWindowChip(): void {
    this.windowChip.hidden = this.window === null;
    if (this.window) {
      this.windowLabel.textContent = `${formatTime(this.window.from)} → ${formatTime(this.window.to)} UTC`;
    }
  }

  private scheduleSummary(): void {
    if (this.summaryTimer) return;
    const wait = Math.max(0, this.lastSummary + SUMMARY_INTERVAL_MS - Date.now());
    this.summaryTimer = setTimeout(() => {
      this.summaryTimer = undefined;
      void this.refreshSummary();
    }, wait);
  }

  private async refreshSummary(): Promise<void> {
    this.lastSummary = Date.now();
    try {
      const [facets] = await Promise.all([this.host.request('facets', {}), this.refreshHistogram()]);
      this.toolbar.setFacets(facets);
    } catch (err) {
      this.showMessage(`Could not count values: ${(err as Error).message}`, true);
    }
  }

  /** As many buckets as the histogram has room for; the Patterns view's sparklines use as many. */
  private histogramBuckets(): number {
    const width = this.histogram.element.clientWidth || 600;
    return Math.max(10, Math.min(300, Math.floor(width / HISTOGRAM_BAR_PX)));
  }

  /** Opens the Patterns view beside the rows (mined the first time it opens), or closes it. */
  private showPatterns(open: boolean): void {
    this.toolbar.setPatternsOpen(open);
    this.patterns.element.hidden = !open;
    if (open && !this.patterns.loaded) void this.patterns.refresh();
    if (!open) {
      this.patterns.cancel();
      this.list.focus();
    }
  }

  private async refreshHistogram(): Promise<void> {
    const seq = this.filterSeq;
    const result = await this.host.request('histogram', { buckets: this.histogramBuckets() });
    if (seq === this.filterSeq) this.histogram.setBuckets(result);
  }

  private async findError(direction: 1 | -1): Promise<void> {
    const from = this.list.selected ?? (direction === 1 ? this.list.topRow - 1 : this.list.topRow);
    let index: number | null;
    try {
      index = await this.host.request('findLevel', { from, direction, minLevel: 'ERROR' });
    } catch (err) {
      this.showMessage(`Could not look for errors: ${(err as Error).message}`, true);
      return;
    }
    if (index === null) {
      this.showMessage(direction === 1 ? 'No more errors below.' : 'No more errors above.', false);
      return;
    }
    this.showMessage('', false);
    this.list.setFollow(false);
    this.list.reveal(index, 'center');
    this.list.select(index);
    this.list.focus();
  }

  private async showDetails(index: number): Promise<void> {
    let details: LogRowDetails | null;
    try {
      details = await this.host.request('details', { index });
    } catch (err) {
      this.showMessage(`Could not read the line: ${(err as Error).message}`, true);
      return;
    }
    if (this.list.selected !== index && this.list.selected !== null) return;
    this.details.show(index, details, this.cache.get(index)?.truncated === true);
    this.state.detailsOpen = true;
    this.saveState();
  }

  private async copySelected(): Promise<void> {
    if (this.list.selected === null) return;
    let details: LogRowDetails | null;
    try {
      details = await this.host.request('details', { index: this.list.selected });
    } catch (err) {
      this.showMessage(`Could not copy the line: ${(err as Error).message}`, true);
      return;
    }
    if (details) {
      this.host.notify({ type: 'copy', text: details.raw });
      this.showMessage('Line copied.', false);
    }
  }

  private onKey(e: KeyboardEvent): void {
    const inField = isEditable(e.target);
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
      e.preventDefault();
      this.toolbar.search.focus();
      this.toolbar.search.select();
      return;
    }
    if (e.key === 'F8') {
      e.preventDefault();
      void this.findError(e.shiftKey ? -1 : 1);
      return;
    }
    if (e.key === 'Escape') {
      if (this.toolbar.closeMenus()) return;
      if (this.details.open) {
        this.details.hide();
        this.state.detailsOpen = false;
        this.saveState();
        this.list.focus();
      }
      return;
    }
    if (inField || e.ctrlKey || e.metaKey || e.altKey) return;
    switch (e.key) {
      case '/':
        e.preventDefault();
        this.toolbar.search.focus();
        break;
      case 'n':
        void this.findError(1);
        break;
      case 'N':
        void this.findError(-1);
        break;
      case 'f':
        this.list.setFollow(!this.list.follow);
        break;
      case 'p':
        this.showPatterns(this.patterns.element.hidden);
        break;
      case 'c':
        void this.copySelected();
        break;
      case '?':
        this.toolbar.toggleHelp();
        break;
    }
  }

  private showMessage(text: string, error: boolean): void {
    this.message.textContent = text;
    this.message.classList.toggle('error', error);
  }

  private saveState(): void {
    this.host.saveState(this.state);
  }
}
