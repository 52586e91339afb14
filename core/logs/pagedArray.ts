// A growable array of small unsigned integers in fixed pages: appending never copies what is there, and the
// slack is at most one page (unlike doubling a single typed array).

const PAGE_SHIFT = 16;
const PAGE_SIZE = 1 << PAGE_SHIFT;
const PAGE_MASK = PAGE_SIZE - 1;

type Pageable = Uint8Array | Uint16Array | Uint32Array;

export class PagedArray {
  length = 0;
  private readonly pages: Pageable[] = [];

  constructor(private readonly make: (size: number) => Pageable) {}

  static u16(): PagedArray {
    return new PagedArray((n) => new Uint16Array(n));
  }

  static u32(): PagedArray {
    return new PagedArray((n) => new Uint32Array(n));
  }

  push(value: number): void {
    const i = this.length;
    let page = this.pages[i >>> PAGE_SHIFT];
    if (page === undefined) {
      // The first page starts small: most sessions' views are short.
      page = this.make(i === 0 ? 1024 : PAGE_SIZE);
      this.pages.push(page);
    } else if ((i & PAGE_MASK) === page.length) {
      const bigger = this.make(Math.min(PAGE_SIZE, page.length * 4));
      bigger.set(page);
      page = bigger;
      this.pages[i >>> PAGE_SHIFT] = page;
    }
    page[i & PAGE_MASK] = value;
    this.length = i + 1;
  }

  /** Appends `count` values: `first`, `first + step`, ... (step 0 repeats `first`), a page at a time. */
  pushRun(first: number, count: number, step: 0 | 1): void {
    let done = 0;
    while (done < count) {
      const i = this.length;
      if ((i & PAGE_MASK) === 0 || this.pages[i >>> PAGE_SHIFT] === undefined || (i & PAGE_MASK) >= this.pages[i >>> PAGE_SHIFT].length) {
        this.push(first + step * done);
        done++;
        continue;
      }
      const page = this.pages[i >>> PAGE_SHIFT];
      const at = i & PAGE_MASK;
      const n = Math.min(count - done, page.length - at);
      if (step === 0) page.fill(first, at, at + n);
      else for (let k = 0; k < n; k++) page[at + k] = first + done + k;
      this.length += n;
      done += n;
    }
  }

  get(i: number): number {
    return this.pages[i >>> PAGE_SHIFT][i & PAGE_MASK];
  }

  bytes(): number {
    return this.pages.reduce((sum, p) => sum + p.byteLength, 0);
  }
}
