// Label values seen in local lb run logs (`benchmark_results/<run>/logs/*.jsonl` of the workspace folders), for
// LogQL completion when no Loki answers. lb pushes each record with labels taken from these same fields
// (docs/FACTS.md, "Loki push"), so the values are the ones a Loki fed by lb would know. Only the start of each file is read,
// and only the newest runs, so that a workspace with huge logs answers quickly.
import { promises as fs } from 'fs';
import * as path from 'path';
import { LB_LABELS } from './catalog';

export interface RunLogScanLimits {
  /** Newest runs looked at per workspace folder. */
  maxRuns?: number;
  /** Files read in total. */
  maxFiles?: number;
  /** Bytes read from the start of each file. */
  bytesPerFile?: number;
}

async function newestRuns(resultsDir: string, maxRuns: number): Promise<string[]> {
  let entries: string[];
  try {
    entries = await fs.readdir(resultsDir);
  } catch {
    return [];
  }
  const runs = await Promise.all(
    entries.map(async (name) => {
      const dir = path.join(resultsDir, name);
      try {
        const stat = await fs.stat(path.join(dir, 'logs'));
        return stat.isDirectory() ? { dir, mtime: stat.mtimeMs } : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  return runs
    .filter((r): r is { dir: string; mtime: number } => !!r)
    .sort((a, b) => b.mtime - a.mtime)
    .slice(0, maxRuns)
    .map((r) => r.dir);
}

async function readPrefix(file: string, bytes: number): Promise<string> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    // The last line may be cut in the middle; keep whole lines only.
    return bytesRead < bytes ? text : text.slice(0, text.lastIndexOf('\n') + 1);
  } finally {
    await handle.close();
  }
}

function fieldValue(record: Record<string, unknown>, label: string): string | undefined {
  const value = label === 'phase' ? (record.tags as Record<string, unknown> | undefined)?.phase : record[label];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** Label name → values seen, for lb's labels; run ids newest first, other values sorted. */
export async function runLogLabelValues(workspaceFolders: string[], limits: RunLogScanLimits = {}): Promise<Map<string, string[]>> {
  const { maxRuns = 20, maxFiles = 100, bytesPerFile = 64 * 1024 } = limits;
  const seen = new Map<string, Set<string>>(LB_LABELS.map((l) => [l, new Set<string>()]));
  let files = 0;
  for (const folder of workspaceFolders) {
    for (const run of await newestRuns(path.join(folder, 'benchmark_results'), maxRuns)) {
      const logs = path.join(run, 'logs');
      let names: string[];
      try {
        names = (await fs.readdir(logs)).filter((n) => n.endsWith('.jsonl'));
      } catch {
        continue;
      }
      for (const name of names) {
        if (files++ >= maxFiles) break;
        let text: string;
        try {
          text = await readPrefix(path.join(logs, name), bytesPerFile);
        } catch {
          continue;
        }
        for (const line of text.split('\n')) {
          if (!line.startsWith('{')) continue;
          let record: Record<string, unknown>;
          try {
            record = JSON.parse(line);
          } catch {
            continue;
          }
          for (const label of LB_LABELS) {
            const value = fieldValue(record, label);
            if (value !== undefined && value !== '') seen.get(label)!.add(value);
          }
        }
      }
    }
  }
  const result = new Map<string, string[]>();
  for (const [label, values] of seen) {
    const sorted = [...values].sort();
    result.set(label, label === 'run_id' ? sorted.reverse() : sorted);
  }
  return result;
}
