// The Patterns view: the message templates of every record (mined by the host's log worker), most frequent
// first, each with its level, component, count and a sparkline of its volume over the histogram's buckets;
// beside the rows, a template's text shows only its lines there, "Hide" takes them out. Template text and samples are log content:
// they go in as text only (dom.ts), the sparkline is drawn from numbers.
import type { LogPatterns, LogPatternSummary, PatternProgress, PatternRef } from '../../../core/logs/model';
import { clear, el } from './dom';
import { formatCount } from './format';

export interface PatternsViewEvents {
  /** Asks the host for the templates; aborting the signal cancels the mining. */
  load(signal: AbortSignal, onProgress: (p: PatternProgress) => void): Promise<LogPatterns>;
  show(ref: PatternRef): void;
  hide(ref: PatternRef): void;
  unhide(ref: PatternRef): void;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const SPARK_HEIGHT = 16;

export const samePattern = (a: PatternRef, b: PatternRef) => a.pattern === b.pattern && a.level === b.level && a.component === b.component;

/** Bars of the volume, scaled to the busiest bucket. */
function sparkline(volume: number[]): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'sparkline');
  svg.setAttribute('viewBox', `0 0 ${Math.max(1, volume.length)} ${SPARK_HEIGHT}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('aria-hidden', 'true');
  const max = Math.max(1, ...volume);
  const d = volume
    .map((v, b) => (v > 0 ? `M${b} ${SPARK_HEIGHT}V${SPARK_HEIGHT - Math.max(1, (v / max) * SPARK_HEIGHT)}h1V${SPARK_HEIGHT}z` : ''))
    .join('');
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', d);
  svg.appendChild(path);
  return svg;
}

export class PatternsView {
  readonly element: HTMLElement;
  private readonly status: HTMLElement;
  private readonly progress: HTMLProgressElement;
  private readonly list: HTMLElement;
  private loading: AbortController | undefined;
  private shown: LogPatternSummary[] = [];
  private only: PatternRef[] = [];
  private hidden: PatternRef[] = [];
  /** The templates shown are those of the lines there were when they were mined. */
  loaded = false;

  constructor(private readonly events: PatternsViewEvents) {
    this.status = el('span', { className: 'patterns-status', attrs: { role: 'status' } });
    this.progress = el('progress', { className: 'patterns-progress', attrs: { max: 1, value: 0, 'aria-label': 'Finding patterns', hidden: true } });
    const refresh = el('button', { className: 'link-button', attrs: { type: 'button', title: 'Find the patterns again, with the lines that came since' }, text: 'Refresh' });
    refresh.addEventListener('click', () => void this.refresh());
    this.list = el('ul', { className: 'patterns-list', attrs: { 'aria-label': 'Patterns' } });
    this.element = el(
      'section',
      { className: 'patterns', attrs: { 'aria-label': 'Patterns', hidden: true } },
      el('div', { className: 'patterns-header' }, this.status, this.progress, el('span', { className: 'spacer-flex' }), refresh),
      this.list,
    );
  }

  async refresh(): Promise<void> {
    this.cancel();
    const loading = (this.loading = new AbortController());
    this.status.textContent = 'Finding patterns…';
    this.progress.hidden = false;
    this.progress.value = 0;
    let result: LogPatterns;
    try {
      result = await this.events.load(loading.signal, (p) => {
        if (p.total > 0) this.progress.value = p.done / p.total;
        this.status.textContent = `Finding patterns… ${Math.floor((100 * p.done) / Math.max(1, p.total))}%`;
      });
    } catch (err) {
      if (loading.signal.aborted) return;
      this.status.textContent = `Could not find the patterns: ${(err as Error).message}`;
      this.progress.hidden = true;
      return;
    }
    if (loading.signal.aborted) return;
    this.loading = undefined;
    this.loaded = true;
    this.progress.hidden = true;
    this.shown = result.patterns;
    this.status.textContent = `${formatCount(result.patterns.length)} patterns in ${formatCount(result.records)} records`;
    this.render();
  }

  /** Stops mining in progress (the view was closed, or a refresh starts). */
  cancel(): void {
    this.loading?.abort();
    this.loading = undefined;
    this.progress.hidden = true;
  }

  /** The templates whose lines the rows beside show alone, and those they leave out (the pattern chips). */
  setChosen(only: PatternRef[], hidden: PatternRef[]): void {
    this.only = only;
    this.hidden = hidden;
    this.render();
  }

  private render(): void {
    clear(this.list);
    for (const p of this.shown) {
      const ref: PatternRef = { pattern: p.pattern, level: p.level, component: p.component };
      const isHidden = this.hidden.some((h) => samePattern(h, p));
      const isOnly = this.only.some((o) => samePattern(o, p));
      const text = el('button', {
        className: 'pattern-text',
        attrs: { type: 'button', 'aria-pressed': String(isOnly), title: `Show only these lines. First: ${p.sample}` },
        text: p.pattern,
      });
      text.addEventListener('click', () => this.events.show(ref));
      const hide = el('button', {
        className: 'link-button pattern-hide',
        attrs: { type: 'button', title: isHidden ? 'Show these lines again' : 'Hide these lines' },
        text: isHidden ? 'Unhide' : 'Hide',
      });
      hide.addEventListener('click', () => (isHidden ? this.events.unhide(ref) : this.events.hide(ref)));
      this.list.append(
        el(
          'li',
          { className: `pattern level-${p.level}${isHidden ? ' hidden-pattern' : ''}${isOnly ? ' shown-pattern' : ''}` },
          el('span', { className: 'pattern-count', text: formatCount(p.count) }),
          el('span', { className: 'pattern-level', text: p.level }),
          el('span', { className: 'pattern-component', text: p.component, attrs: { title: p.component } }),
          sparkline(p.volume),
          text,
          hide,
        ),
      );
    }
  }
}
