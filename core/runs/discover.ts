// Finds lb runs (folders holding run_journal.json or logs/) under the output directories.
import { promises as fs } from 'fs';
import * as path from 'path';
import { JOURNAL_FILE, JournalResult, readRunJournal } from './journal';

export interface RunSummary {
  runId: string;
  runDir: string;
  /** The journal, or why it could not be read (a run whose logs exist but whose journal is missing). */
  journal: JournalResult;
  /** Epoch ms used to sort newest first: journal creation time, else the folder's modification time. */
  sortTime: number;
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

export async function discoverRuns(outputDirs: string[]): Promise<RunSummary[]> {
  const runs: RunSummary[] = [];
  const seen = new Set<string>();
  for (const outputDir of outputDirs) {
    let entries: import('fs').Dirent[];
    try {
      entries = await fs.readdir(outputDir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const runDir = path.resolve(outputDir, entry.name);
      if (seen.has(runDir)) continue;
      const hasJournal = await exists(path.join(runDir, JOURNAL_FILE));
      if (!hasJournal && !(await exists(path.join(runDir, 'logs')))) continue;
      const journal = await readRunJournal(runDir);
      // Deleted since it was listed: one run going away must not fail the whole listing.
      const stat = await fs.stat(runDir).catch(() => undefined);
      if (!stat) continue;
      seen.add(runDir);
      runs.push({
        runId: journal.ok ? journal.journal.runId : entry.name,
        runDir,
        journal,
        sortTime: (journal.ok && journal.journal.createdAt) || stat.mtimeMs,
      });
    }
  }
  return runs.sort((a, b) => b.sortTime - a.sortTime);
}
