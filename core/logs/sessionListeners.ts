// Who hears of a log session's changes (new rows, a filter, the end of loading): added by onDidChange, told of
// each change in turn. A listener's failure is its own: it must not stop the others, nor the session.
// LocalLogSession and the panel tests' MemoryLogSession both keep theirs here.
import type { Disposable, LogSessionChange } from './model';

export type ChangeListener = (change: LogSessionChange) => void;

export class SessionListeners {
  private readonly listeners = new Set<ChangeListener>();

  add(listener: ChangeListener): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  emit(change: LogSessionChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // The listener's own failure.
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
