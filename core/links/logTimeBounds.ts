// First and last record timestamps of a run's JSONL logs, for a link's time range. Only the head and the tail
// of each file are read (records are appended in time order), so this stays instant on multi-GB logs; the
// full log engine is not needed for two timestamps.
import { promises as fs } from 'fs';
import * as path from 'path';

const CHUNK = 64 * 1024;
const LOG_FILE = /\.jsonl(\.\d+)?$/;

function timestampOf(line: string): number | undefined {
  try {
    const record = JSON.parse(line) as { timestamp?: unknown };
    if (typeof record.timestamp !== 'string') return undefined;
    const ms = Date.parse(record.timestamp);
    return Number.isNaN(ms) ? undefined : ms;
  } catch {
    return undefined;
  }
}

async function fileBounds(file: string): Promise<{ first?: number; last?: number }> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(CHUNK, size));
    await handle.read(head, 0, head.length, 0);
    const tailStart = Math.max(0, size - CHUNK);
    const tail = Buffer.alloc(size - tailStart);
    await handle.read(tail, 0, tail.length, tailStart);
    // A chunk may start or end inside a line: such partial lines do not parse and are skipped.
    const times = (buf: Buffer) => buf.toString('utf8').split('\n').map(timestampOf).filter((t): t is number => t !== undefined);
    const headTimes = times(head);
    const tailTimes = times(tail);
    return { first: headTimes[0], last: tailTimes[tailTimes.length - 1] };
  } finally {
    await handle.close();
  }
}

/** Earliest first and latest last timestamp (epoch ms) over the `*.jsonl` files of `logsDir`. */
export async function logTimeBounds(logsDir: string): Promise<{ first?: number; last?: number; files: string[] }> {
  let names: string[];
  try {
    names = (await fs.readdir(logsDir)).filter((n) => LOG_FILE.test(n));
  } catch {
    return { files: [] };
  }
  let first: number | undefined;
  let last: number | undefined;
  for (const name of names) {
    let b: { first?: number; last?: number };
    try {
      b = await fileBounds(path.join(logsDir, name));
    } catch {
      continue;
    }
    if (b.first !== undefined) first = first === undefined ? b.first : Math.min(first, b.first);
    if (b.last !== undefined) last = last === undefined ? b.last : Math.max(last, b.last);
  }
  return { first, last, files: names };
}
