// The panel's toolbar: minimum level, one multi-select per field, text/regex search, error navigation, follow,
// "Open in Grafana" and the keyboard help.
import type { LogFacets, LogFilter, LogLevel } from '../../../core/logs/model';
import { LOG_LEVELS } from '../../../core/logs/model';
import type { ColumnTitles } from '../../../protocol/logPanel';
import { el, icon, ICONS } from './dom';
import { FacetMenu } from './facetMenu';

export interface ToolbarEvents {
  filterChanged(): void;
  /** Search text typed: applied after a short pause. */
  searchTyped(): void;
  findError(direction: 1 | -1): void;
  followToggled(follow: boolean): void;
  openInGrafana(): void;
  /** The Patterns view opened (true) or the rows shown again. */
  patternsToggled(open: boolean): void;
}

export const SHORTCUTS: readonly [string, string][] = [
  ['↑ ↓ PgUp PgDn Home End', 'Move through the lines (in the list)'],
  ['Enter', 'Show the selected line in full'],
  ['Escape', 'Close the details or the open menu'],
  ['n / F8', 'Next error'],
  ['Shift+N / Shift+F8', 'Previous error'],
  ['f', 'Follow: keep the newest lines in view'],
  ['/ or Ctrl+F', 'Search'],
  ['c', 'Copy the selected line'],
  ['p', 'Patterns: show or hide the message templates'],
  ['?', 'Show these shortcuts'],
];

const numeric = (a: string, b: string) => Number(a) - Number(b);

function toggleButton(label: string, title: string, className: string): HTMLButtonElement {
  return el('button', {
    className: `toggle ${className}`,
    attrs: { type: 'button', title, 'aria-label': title, 'aria-pressed': 'false' },
    text: label,
  });
}

export class Toolbar {
  readonly element: HTMLElement;
  readonly search: HTMLInputElement;
  private readonly level: HTMLSelectElement;
  private readonly caseToggle: HTMLButtonElement;
  private readonly regexToggle: HTMLButtonElement;
  private readonly follow: HTMLButtonElement;
  private readonly patterns: HTMLButtonElement;
  private readonly grafana: HTMLButtonElement;
  private readonly help: HTMLButtonElement;
  private readonly helpPopup: HTMLElement;
  private readonly searchBox: HTMLElement;
  readonly facets: {
    component: FacetMenu;
    host: FacetMenu;
    workload: FacetMenu;
    repetition: FacetMenu;
    phase: FacetMenu;
  };

  constructor(events: ToolbarEvents) {
    const changed = () => events.filterChanged();
    this.facets = {
      component: new FacetMenu('Component', changed),
      host: new FacetMenu('Host', changed),
      workload: new FacetMenu('Workload', changed),
      repetition: new FacetMenu('Rep', changed, numeric),
      phase: new FacetMenu('Phase', changed),
    };
    this.level = el(
      'select',
      { className: 'level-select', attrs: { 'aria-label': 'Minimum level', title: 'Minimum level' } },
      el('option', { attrs: { value: '' }, text: 'All levels' }),
      ...LOG_LEVELS.map((l) => el('option', { attrs: { value: l }, text: l === 'CRITICAL' ? 'CRITICAL' : `≥ ${l}` })),
    );
    this.level.addEventListener('change', changed);

    this.search = el('input', {
      className: 'search-input',
      attrs: { type: 'text', placeholder: 'Search messages', 'aria-label': 'Search messages', spellcheck: 'false' },
    });
    this.search.addEventListener('input', () => events.searchTyped());
    this.search.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') changed();
      if (e.key === 'Escape' && this.search.value) {
        e.stopPropagation();
        this.search.value = '';
        changed();
      }
    });
    this.caseToggle = toggleButton('Aa', 'Match case', 'case-toggle');
    this.regexToggle = toggleButton('.*', 'Use regular expression', 'regex-toggle');
    for (const t of [this.caseToggle, this.regexToggle]) {
      t.addEventListener('click', () => {
        setPressed(t, !pressed(t));
        changed();
      });
    }
    this.searchBox = el('div', { className: 'search-box' }, this.search, this.caseToggle, this.regexToggle);

    const previous = el(
      'button',
      { className: 'icon-button', attrs: { type: 'button', title: 'Previous error (Shift+N)', 'aria-label': 'Previous error' } },
      icon(ICONS.previous),
    );
    const next = el(
      'button',
      { className: 'icon-button', attrs: { type: 'button', title: 'Next error (N)', 'aria-label': 'Next error' } },
      icon(ICONS.next),
    );
    previous.addEventListener('click', () => events.findError(-1));
    next.addEventListener('click', () => events.findError(1));

    this.follow = el(
      'button',
      {
        className: 'icon-button labelled follow-toggle',
        attrs: { type: 'button', title: 'Follow: keep the newest lines in view (F)', 'aria-pressed': 'false' },
      },
      icon(ICONS.follow),
      'Follow',
    );
    this.follow.addEventListener('click', () => events.followToggled(!pressed(this.follow)));

    this.patterns = el(
      'button',
      {
        className: 'icon-button labelled patterns-toggle',
        attrs: { type: 'button', title: 'Patterns: the message templates, counted (P)', 'aria-pressed': 'false' },
      },
      'Patterns',
    );
    this.patterns.addEventListener('click', () => events.patternsToggled(!pressed(this.patterns)));

    this.grafana = el(
      'button',
      { className: 'icon-button labelled', attrs: { type: 'button', title: 'Open these lines in Grafana Explore' } },
      icon(ICONS.external),
      'Grafana',
    );
    this.grafana.addEventListener('click', () => events.openInGrafana());

    this.helpPopup = el(
      'div',
      { className: 'help-popup', attrs: { id: 'help-popup', role: 'tooltip', hidden: true } },
      el('div', { className: 'help-title', text: 'Keyboard shortcuts' }),
      el(
        'dl',
        {},
        ...SHORTCUTS.flatMap(([keys, what]) => [el('dt', { text: keys }), el('dd', { text: what })]),
      ),
    );
    this.help = el(
      'button',
      {
        className: 'icon-button help-button',
        attrs: { type: 'button', 'aria-label': 'Keyboard shortcuts', 'aria-describedby': 'help-popup', 'aria-expanded': 'false' },
      },
      icon(ICONS.help),
    );
    this.help.addEventListener('click', () => this.toggleHelp());
    this.help.addEventListener('mouseenter', () => this.toggleHelp(true));
    this.help.addEventListener('mouseleave', () => this.toggleHelp(false));
    this.help.addEventListener('focus', () => this.toggleHelp(true));
    this.help.addEventListener('blur', () => this.toggleHelp(false));

    this.element = el(
      'div',
      { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Log filters' } },
      el('div', { className: 'toolbar-group filters' },
        el('span', { className: 'toolbar-icon', attrs: { 'aria-hidden': 'true' } }, icon(ICONS.filter)),
        this.level,
        ...Object.values(this.facets).map((f) => f.element),
        this.searchBox,
      ),
      el('div', { className: 'toolbar-group actions' },
        previous,
        next,
        this.follow,
        this.patterns,
        this.grafana,
        el('div', { className: 'help' }, this.help, this.helpPopup),
      ),
    );
  }

  /** The filter the controls show (the time window is kept by the caller). */
  filter(): LogFilter {
    const filter: LogFilter = {};
    if (this.level.value) filter.minLevel = this.level.value as LogLevel;
    const f = this.facets;
    if (f.component.values.length) filter.components = f.component.values;
    if (f.host.values.length) filter.hosts = f.host.values;
    if (f.workload.values.length) filter.workloads = f.workload.values;
    if (f.repetition.values.length) filter.repetitions = f.repetition.values.map(Number);
    if (f.phase.values.length) filter.phases = f.phase.values;
    if (this.search.value) {
      filter.text = this.search.value;
      if (pressed(this.regexToggle)) filter.regex = true;
      if (pressed(this.caseToggle)) filter.caseSensitive = true;
    }
    return filter;
  }

  setFilter(filter: LogFilter): void {
    this.level.value = filter.minLevel ?? '';
    this.facets.component.setValues(filter.components);
    this.facets.host.setValues(filter.hosts);
    this.facets.workload.setValues(filter.workloads);
    this.facets.repetition.setValues(filter.repetitions?.map(String));
    this.facets.phase.setValues(filter.phases);
    this.search.value = filter.text ?? '';
    setPressed(this.regexToggle, filter.regex === true);
    setPressed(this.caseToggle, filter.caseSensitive === true);
  }

  setFacets(facets: LogFacets): void {
    this.facets.component.setCounts(facets.component);
    this.facets.host.setCounts(facets.host);
    this.facets.workload.setCounts(facets.workload);
    this.facets.repetition.setCounts(facets.repetition);
    this.facets.phase.setCounts(facets.phase);
  }

  setSearchError(error: string | null): void {
    this.searchBox.classList.toggle('invalid', error !== null);
    this.search.title = error ?? '';
    this.search.setAttribute('aria-invalid', String(error !== null));
  }

  setFollow(follow: boolean): void {
    setPressed(this.follow, follow);
  }

  setPatternsOpen(open: boolean): void {
    setPressed(this.patterns, open);
  }

  setColumnTitles(titles: ColumnTitles): void {
    for (const key of ['component', 'host', 'workload', 'phase'] as const) this.facets[key].retitle(titles[key]);
  }

  setGrafana(enabled: boolean): void {
    this.grafana.disabled = !enabled;
    this.grafana.title = enabled
      ? 'Open these lines in Grafana Explore'
      : 'Grafana links need a run: these files are not in an lb run folder';
  }

  closeMenus(): boolean {
    let closed = false;
    for (const f of Object.values(this.facets)) {
      if (f.element.querySelector('.facet-popup:not([hidden])')) {
        f.close(true);
        closed = true;
      }
    }
    if (!this.helpPopup.hidden) {
      this.toggleHelp(false);
      closed = true;
    }
    return closed;
  }

  toggleHelp(show = this.helpPopup.hidden): void {
    this.helpPopup.hidden = !show;
    this.help.setAttribute('aria-expanded', String(show));
  }
}

function pressed(button: HTMLElement): boolean {
  return button.getAttribute('aria-pressed') === 'true';
}

function setPressed(button: HTMLElement, value: boolean): void {
  button.setAttribute('aria-pressed', String(value));
}
