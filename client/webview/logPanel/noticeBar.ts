// What the user should know about the sources (a file truncated in place, Loki history that failed to load),
// above the lines: one notice per line of text, each with a button that dismisses it. A dismissed notice stays
// hidden (also after the panel is hidden and shown again); a new one shows.
import { el, icon, ICONS } from './dom';

export class NoticeBar {
  readonly element: HTMLElement;
  private notices: readonly string[] = [];

  constructor(
    private readonly dismissed: Set<string>,
    private readonly dismissedChanged: (dismissed: string[]) => void,
  ) {
    this.element = el('div', { className: 'notices', attrs: { 'aria-live': 'polite', 'aria-label': 'Notices', hidden: true } });
  }

  update(notices: readonly string[] = []): void {
    if (notices.length === this.notices.length && notices.every((n, i) => n === this.notices[i])) return;
    this.notices = notices;
    this.render();
  }

  private render(): void {
    const shown = this.notices.filter((n) => !this.dismissed.has(n));
    this.element.replaceChildren(...shown.map((text) => this.notice(text)));
    this.element.hidden = shown.length === 0;
  }

  private notice(text: string): HTMLElement {
    const dismiss = el(
      'button',
      { className: 'icon-button notice-dismiss', attrs: { type: 'button', title: 'Dismiss', 'aria-label': 'Dismiss this notice' } },
      icon(ICONS.close),
    );
    dismiss.addEventListener('click', () => {
      this.dismissed.add(text);
      this.dismissedChanged([...this.dismissed]);
      this.render();
    });
    return el('div', { className: 'notice' }, icon(ICONS.info), el('span', { className: 'notice-text', text }), dismiss);
  }
}
