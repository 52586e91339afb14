// Log volume over time, stacked by level, drawn on a canvas in the theme's colours. Dragging (or Enter on a
// bucket picked with the arrow keys) selects a time window.
import type { HistogramBucket, LogLevel } from '../../../core/logs/model';
import { el } from './dom';
import { formatAxisTime, formatCount, formatTime } from './format';

type Series = LogLevel | 'UNPARSED';
/** Bottom to top: the rare, important levels sit on the axis where they stay visible. */
const STACK: readonly Series[] = ['CRITICAL', 'ERROR', 'WARNING', 'INFO', 'DEBUG', 'UNPARSED'];
/** A non-zero count is never drawn thinner than this, so a lone error shows. */
const MIN_SEGMENT_PX = 2;

export class Histogram {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly selection: HTMLElement;
  private readonly cursor: HTMLElement;
  private readonly tooltip: HTMLElement;
  private readonly startLabel: HTMLElement;
  private readonly endLabel: HTMLElement;
  private readonly maxLabel: HTMLElement;
  private buckets: HistogramBucket[] = [];
  private drag: { x0: number; x1: number } | null = null;
  private focused: number | null = null;

  constructor(private readonly onSelect: (from: number, to: number) => void) {
    this.canvas = el('canvas', { className: 'histogram-canvas' });
    this.selection = el('div', { className: 'histogram-selection', attrs: { hidden: true } });
    this.cursor = el('div', { className: 'histogram-cursor', attrs: { hidden: true } });
    this.tooltip = el('div', { className: 'histogram-tooltip', attrs: { hidden: true, role: 'status' } });
    this.startLabel = el('span');
    this.endLabel = el('span');
    this.maxLabel = el('span', { className: 'histogram-max' });
    const plot = el('div', { className: 'histogram-plot' }, this.canvas, this.selection, this.cursor);
    this.element = el(
      'div',
      {
        className: 'histogram',
        attrs: {
          tabindex: 0,
          role: 'img',
          'aria-label': 'Log volume by level over time. Drag, or use the arrow keys and Enter, to select a time window.',
        },
      },
      plot,
      el('div', { className: 'histogram-axis' }, this.startLabel, this.maxLabel, this.endLabel),
      this.tooltip,
    );

    plot.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || this.buckets.length === 0) return;
      plot.setPointerCapture(e.pointerId);
      const x = this.x(e);
      this.drag = { x0: x, x1: x };
      this.drawSelection();
    });
    plot.addEventListener('pointermove', (e) => {
      const x = this.x(e);
      if (this.drag) {
        this.drag.x1 = x;
        this.drawSelection();
      }
      this.showTooltip(this.bucketAt(x));
    });
    plot.addEventListener('pointerup', (e) => {
      if (!this.drag) return;
      const { x0, x1 } = this.drag;
      this.drag = null;
      this.selection.hidden = true;
      const width = this.canvas.clientWidth;
      if (Math.abs(x1 - x0) < 4) {
        const bucket = this.buckets[this.bucketAt(this.x(e)) ?? -1];
        if (bucket) this.onSelect(bucket.start, bucket.end);
        return;
      }
      const from = this.timeAt(Math.max(0, Math.min(x0, x1)) / width);
      const to = this.timeAt(Math.min(width, Math.max(x0, x1)) / width);
      if (to > from) this.onSelect(Math.floor(from), Math.ceil(to));
    });
    plot.addEventListener('pointerleave', () => {
      if (!this.drag) this.tooltip.hidden = true;
    });
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    this.element.addEventListener('blur', () => {
      this.focused = null;
      this.cursor.hidden = true;
      this.tooltip.hidden = true;
    });
    new ResizeObserver(() => this.draw()).observe(plot);
  }

  setBuckets(buckets: HistogramBucket[]): void {
    this.buckets = buckets;
    if (this.focused !== null && this.focused >= buckets.length) this.focused = null;
    this.draw();
  }

  /** Redraws, e.g. after a theme change. */
  draw(): void {
    const ratio = window.devicePixelRatio || 1;
    const width = this.canvas.clientWidth;
    const height = this.canvas.clientHeight;
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(height * ratio);
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const buckets = this.buckets;
    const first = buckets[0];
    const last = buckets[buckets.length - 1];
    if (!first || !last || last.end <= first.start) {
      this.startLabel.textContent = '';
      this.endLabel.textContent = '';
      this.maxLabel.textContent = '';
      return;
    }
    const totals = buckets.map((b) => STACK.reduce((sum, s) => sum + (b.counts[s] ?? 0), 0));
    const max = Math.max(1, ...totals);
    const span = last.end - first.start;
    const style = getComputedStyle(this.element);
    const colours = Object.fromEntries(
      STACK.map((s) => [s, style.getPropertyValue(`--level-${s.toLowerCase()}`).trim() || '#888']),
    ) as Record<Series, string>;
    const plotHeight = height - 1;
    buckets.forEach((bucket, i) => {
      if (totals[i] === 0) return;
      const x0 = ((bucket.start - first.start) / span) * width;
      const x1 = ((bucket.end - first.start) / span) * width;
      const barWidth = Math.max(1, x1 - x0 - (x1 - x0 > 3 ? 1 : 0));
      let y = plotHeight;
      for (const series of STACK) {
        const count = bucket.counts[series] ?? 0;
        if (count === 0) continue;
        const h = Math.max(MIN_SEGMENT_PX, (count / max) * (plotHeight - 2));
        ctx.fillStyle = colours[series];
        ctx.fillRect(x0, y - h, barWidth, h);
        y -= h;
      }
    });
    ctx.fillStyle = style.getPropertyValue('--axis-colour').trim() || '#888';
    ctx.fillRect(0, plotHeight, width, 1);
    const multiDay = span > 24 * 3600 * 1000 || new Date(first.start).getUTCDate() !== new Date(last.end).getUTCDate();
    this.startLabel.textContent = formatAxisTime(first.start, multiDay);
    this.endLabel.textContent = formatAxisTime(last.end, multiDay);
    this.maxLabel.textContent = `highest bar: ${formatCount(max)} ${max === 1 ? 'line' : 'lines'}`;
    this.element.setAttribute(
      'aria-label',
      `Log volume from ${formatTime(first.start)} to ${formatTime(last.end)} UTC, at most ${formatCount(max)} lines per bar. ` +
        'Drag, or use the arrow keys and Enter, to select a time window.',
    );
    if (this.focused !== null) this.placeCursor(this.focused);
  }

  private x(e: PointerEvent): number {
    return e.clientX - this.canvas.getBoundingClientRect().left;
  }

  private timeAt(fraction: number): number {
    const first = this.buckets[0];
    const last = this.buckets[this.buckets.length - 1];
    return first.start + fraction * (last.end - first.start);
  }

  private bucketAt(x: number): number | null {
    if (this.buckets.length === 0) return null;
    const t = this.timeAt(x / this.canvas.clientWidth);
    const i = this.buckets.findIndex((b) => t >= b.start && t < b.end);
    return i < 0 ? null : i;
  }

  private drawSelection(): void {
    if (!this.drag) return;
    const left = Math.max(0, Math.min(this.drag.x0, this.drag.x1));
    const right = Math.min(this.canvas.clientWidth, Math.max(this.drag.x0, this.drag.x1));
    this.selection.hidden = false;
    this.selection.style.left = `${left}px`;
    this.selection.style.width = `${Math.max(1, right - left)}px`;
  }

  private placeCursor(i: number): void {
    const bucket = this.buckets[i];
    const first = this.buckets[0];
    const last = this.buckets[this.buckets.length - 1];
    if (!bucket || !first || !last) return;
    const width = this.canvas.clientWidth;
    const span = last.end - first.start;
    this.cursor.hidden = false;
    this.cursor.style.left = `${((bucket.start - first.start) / span) * width}px`;
    this.cursor.style.width = `${Math.max(2, ((bucket.end - bucket.start) / span) * width)}px`;
    this.showTooltip(i);
  }

  private showTooltip(i: number | null): void {
    const bucket = i === null ? undefined : this.buckets[i];
    if (!bucket) {
      this.tooltip.hidden = true;
      return;
    }
    const parts = STACK.filter((s) => (bucket.counts[s] ?? 0) > 0).map((s) => `${s} ${formatCount(bucket.counts[s]!)}`);
    this.tooltip.textContent = `${formatTime(bucket.start)} – ${formatTime(bucket.end).slice(11)}  ·  ${parts.join('  ·  ') || 'no lines'}`;
    this.tooltip.hidden = false;
  }

  private onKey(e: KeyboardEvent): void {
    if (this.buckets.length === 0) return;
    const n = this.buckets.length;
    let next = this.focused;
    if (e.key === 'ArrowRight') next = next === null ? 0 : Math.min(n - 1, next + 1);
    else if (e.key === 'ArrowLeft') next = next === null ? n - 1 : Math.max(0, next - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = n - 1;
    else if (e.key === 'Enter' && this.focused !== null) {
      const bucket = this.buckets[this.focused];
      e.preventDefault();
      this.onSelect(bucket.start, bucket.end);
      return;
    } else return;
    e.preventDefault();
    this.focused = next;
    if (next !== null) this.placeCursor(next);
  }
}
