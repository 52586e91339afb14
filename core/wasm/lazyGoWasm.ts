// One Go module as a checker holds it: loaded once, lazily (awaited by the language server and the CLI before
// checking), its functions then called synchronously, and the reason kept when it could not be loaded or has
// stopped, so that callers fall back to their other checks instead of failing.
import { loadGoWasm } from './goWasm';

export class LazyGoWasm<T> {
  private module: T | undefined;
  private loading: Promise<boolean> | undefined;
  private failure: string | undefined;

  constructor(private readonly name: string) {}

  /** Loads the module once; resolves to whether it is available (see `error` otherwise). */
  load(): Promise<boolean> {
    this.loading ??= loadGoWasm<T>(this.name).then(
      (m) => {
        this.module = m;
        return true;
      },
      (e: unknown) => {
        this.failure = e instanceof Error ? e.message : String(e);
        return false;
      },
    );
    return this.loading;
  }

  /** The module's functions, or undefined while it is not loaded (or after it stopped). */
  get current(): T | undefined {
    return this.module;
  }

  /** Why the module could not be loaded or stopped, if it did. */
  get error(): string | undefined {
    return this.failure;
  }

  /** The Go program has exited (it cannot be called again): no more calls from now on. */
  stop(reason: string): void {
    this.module = undefined;
    this.failure = reason;
  }
}
