// A source of rows in a session: its index (RowStore) and a way to read its lines back. Files and Loki
// results are both sources; a file that rotates or is truncated continues as a new source, so a source's
// bytes never change under its rows.
import type { LogSourceInfo } from './model';
import { RowStore } from './rowStore';

export abstract class RowSource {
  readonly store = new RowStore();

  constructor(public info: LogSourceInfo) {}

  /**
   * Bytes [position, position + length) of the source, or null when they can no longer be read (a file
   * truncated in place without a copy).
   */
  abstract read(position: number, length: number): Buffer | null;

  /** What LogRow.offset shows for a row: the byte offset for files, the sequence number for Loki. */
  displayOffset(row: number): number {
    return this.store.offset(row);
  }

  abstract dispose(): void;
}
