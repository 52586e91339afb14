// Reads lb's run_journal.json (docs/FACTS.md, "Run results layout"). Tolerant: a journal that is being written
// or is damaged yields an error value, never an exception, so views keep working.
import { promises as fs } from 'fs';
import * as path from 'path';

export type TaskStatus = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'SKIPPED';
export const TASK_STATUSES: readonly TaskStatus[] = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'SKIPPED'];

export interface JournalTask {
  host: string;
  workload: string;
  repetition: number;
  status: TaskStatus | string;
  currentAction?: string;
  error?: string;
  errorType?: string;
  /** Epoch ms. */
  startedAt?: number;
  finishedAt?: number;
  durationSeconds?: number;
}

export interface RunJournal {
  runId: string;
  tasks: JournalTask[];
  /** Epoch ms; lb writes created_at as a local naive ISO time, read here in the local time zone. */
  createdAt?: number;
  repetitions?: number;
  executionMode?: string;
  nodeCount?: number;
  metadata: Record<string, unknown>;
}

export type JournalResult = { ok: true; journal: RunJournal } | { ok: false; error: string };

export const JOURNAL_FILE = 'run_journal.json';

/** Parses lb's timestamps: ISO strings (with or without zone) or epoch seconds. */
export function parseLbTime(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e12 ? value * 1000 : value;
  if (typeof value !== 'string' || !value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function parseRunJournal(text: string, fallbackRunId: string): JournalResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `invalid JSON: ${(err as Error).message}` };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { ok: false, error: 'not a JSON object' };
  const obj = data as Record<string, unknown>;
  const rawTasks = Array.isArray(obj.tasks) ? obj.tasks : [];
  const tasks: JournalTask[] = [];
  for (const t of rawTasks) {
    if (!t || typeof t !== 'object') continue;
    const r = t as Record<string, unknown>;
    tasks.push({
      host: str(r.host) ?? '?',
      workload: str(r.workload) ?? '?',
      repetition: typeof r.repetition === 'number' ? r.repetition : Number(r.repetition) || 0,
      status: str(r.status) ?? 'PENDING',
      currentAction: str(r.current_action),
      error: str(r.error),
      errorType: str(r.error_type),
      startedAt: parseLbTime(r.started_at),
      finishedAt: parseLbTime(r.finished_at),
      durationSeconds: typeof r.duration_seconds === 'number' ? r.duration_seconds : undefined,
    });
  }
  const metadata = obj.metadata && typeof obj.metadata === 'object' ? (obj.metadata as Record<string, unknown>) : {};
  return {
    ok: true,
    journal: {
      runId: str(obj.run_id) ?? fallbackRunId,
      tasks,
      createdAt: parseLbTime(metadata.created_at),
      repetitions: typeof metadata.repetitions === 'number' ? metadata.repetitions : undefined,
      executionMode: str(metadata.execution_mode),
      nodeCount: typeof metadata.node_count === 'number' ? metadata.node_count : undefined,
      metadata,
    },
  };
}

export async function readRunJournal(runDir: string): Promise<JournalResult> {
  let text: string;
  try {
    text = await fs.readFile(path.join(runDir, JOURNAL_FILE), 'utf8');
  } catch (err) {
    return { ok: false, error: `cannot read ${JOURNAL_FILE}: ${(err as NodeJS.ErrnoException).code ?? err}` };
  }
  return parseRunJournal(text, path.basename(runDir));
}

/** The run's overall status: RUNNING while any task runs or is pending after one started, FAILED if any failed. */
export function runStatus(journal: RunJournal): TaskStatus {
  const statuses = new Set(journal.tasks.map((t) => t.status));
  if (statuses.has('RUNNING')) return 'RUNNING';
  if (statuses.has('PENDING')) return journal.tasks.some((t) => t.startedAt !== undefined) ? 'RUNNING' : 'PENDING';
  if (statuses.has('FAILED')) return 'FAILED';
  if (journal.tasks.length > 0 && [...statuses].every((s) => s === 'SKIPPED')) return 'SKIPPED';
  return 'COMPLETED';
}

/** First task start to last task finish, in epoch ms; `end` is undefined while the run is still running. */
export function journalTimeRange(journal: RunJournal): { start?: number; end?: number } {
  const starts = journal.tasks.map((t) => t.startedAt).filter((v): v is number => v !== undefined);
  const ends = journal.tasks.map((t) => t.finishedAt).filter((v): v is number => v !== undefined);
  const start = starts.length ? Math.min(...starts) : journal.createdAt;
  const status = runStatus(journal);
  const end = status === 'RUNNING' || status === 'PENDING' || ends.length === 0 ? undefined : Math.max(...ends);
  return { start, end };
}
