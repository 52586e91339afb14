// The template filters as removable chips in the status bar: "pattern: …" for the template shown alone,
// "not: …" for each hidden one. The template text is log content: text only.
import type { LogFilter, PatternRef } from '../../../core/logs/model';
import { clear, el, icon, ICONS } from './dom';
import { samePattern } from './patternsView';

export class PatternChips {
  readonly element: HTMLElement;
  only: PatternRef[] = [];
  hidden: PatternRef[] = [];

  constructor(private readonly changed: () => void) {
    this.element = el('span', { className: 'pattern-chips' });
  }

  /** The template part of a filter (from the saved state, or the host). */
  set(filter: LogFilter): void {
    this.only = filter.patterns ?? [];
    this.hidden = filter.hidePatterns ?? [];
    this.render();
  }

  /** Adds the template part to `filter`. */
  apply(filter: LogFilter): void {
    if (this.only.length) filter.patterns = this.only;
    if (this.hidden.length) filter.hidePatterns = this.hidden;
  }

  show(ref: PatternRef): void {
    this.only = [ref];
    this.hidden = this.hidden.filter((h) => !samePattern(h, ref));
    this.update();
  }

  hide(ref: PatternRef): void {
    this.only = this.only.filter((o) => !samePattern(o, ref));
    if (!this.hidden.some((h) => samePattern(h, ref))) this.hidden = [...this.hidden, ref];
    this.update();
  }

  unhide(ref: PatternRef): void {
    this.hidden = this.hidden.filter((h) => !samePattern(h, ref));
    this.update();
  }

  private update(): void {
    this.render();
    this.changed();
  }

  private render(): void {
    clear(this.element);
    const chip = (label: string, ref: PatternRef, remove: () => void) => {
      const close = el(
        'button',
        { className: 'chip-close', attrs: { type: 'button', 'aria-label': `Remove ${label}`, title: 'Remove this filter' } },
        icon(ICONS.close),
      );
      close.addEventListener('click', remove);
      return el(
        'span',
        { className: 'chip pattern-chip', attrs: { title: `${ref.level} ${ref.component}: ${ref.pattern}` } },
        el('span', { className: 'chip-label', text: label }),
        close,
      );
    };
    for (const ref of this.only) {
      this.element.append(
        chip(`pattern: ${ref.pattern}`, ref, () => {
          this.only = this.only.filter((o) => !samePattern(o, ref));
          this.update();
        }),
      );
    }
    for (const ref of this.hidden) this.element.append(chip(`not: ${ref.pattern}`, ref, () => this.unhide(ref)));
  }
}
