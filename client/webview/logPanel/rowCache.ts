// Rows of the filtered view fetched from the host in pages and kept in a small LRU cache, so scrolling through
// a million rows only ever holds a few thousand in the webview.
import type { LogRow } from '../../../core/logs/model';

export const PAGE_SIZE = 200;
const MAX_PAGES = 40;

export type FetchRows = (start: number, count: number) => Promise<LogRow[]>;

interface Page {
  rows: LogRow[];
  /** The row count when the page was fetched: a short page is fetched again only once the view has grown. */
  total: number;
}

export class RowCache {
  private pages = new Map<number, Page>();
  /** Page -> token of its latest request; answers to superseded requests are dropped. */
  private loading = new Map<number, number>();
  private nextToken = 1;
  private total = 0;

  constructor(
    private readonly fetch: FetchRows,
    private readonly onLoaded: () => void,
    private readonly onError: (error: Error) => void,
  ) {}

  get(index: number): LogRow | undefined {
    const page = this.pages.get(Math.floor(index / PAGE_SIZE));
    return page?.rows[index % PAGE_SIZE];
  }

  /** Forgets everything (new filter, rotation); `total` is the new row count. */
  reset(total: number): void {
    this.pages.clear();
    this.loading.clear();
    this.total = total;
  }

  /** Rows were appended at the end: cached rows stay valid, a short last page is refetched when shown. */
  grow(total: number): void {
    this.total = total;
  }

  /** Makes sure rows [first, last] are cached or on their way. */
  ensure(first: number, last: number): void {
    if (this.total === 0) return;
    const lastPage = Math.floor(Math.min(last, this.total - 1) / PAGE_SIZE);
    for (let page = Math.floor(Math.max(first, 0) / PAGE_SIZE); page <= lastPage; page++) {
      const cached = this.pages.get(page);
      const expected = Math.min(PAGE_SIZE, this.total - page * PAGE_SIZE);
      if (cached && (cached.rows.length >= expected || cached.total === this.total)) {
        // Re-inserted to mark the page as recently used.
        this.pages.delete(page);
        this.pages.set(page, cached);
      } else if (!this.loading.has(page)) {
        this.load(page, expected);
      }
    }
  }

  private load(page: number, count: number): void {
    const token = this.nextToken++;
    const total = this.total;
    this.loading.set(page, token);
    this.fetch(page * PAGE_SIZE, count).then(
      (rows) => {
        if (this.loading.get(page) !== token) return;
        this.loading.delete(page);
        this.pages.set(page, { rows, total });
        while (this.pages.size > MAX_PAGES) this.pages.delete(this.pages.keys().next().value as number);
        this.onLoaded();
      },
      (error: Error) => {
        if (this.loading.get(page) !== token) return;
        this.loading.delete(page);
        this.onError(error);
      },
    );
  }
}
