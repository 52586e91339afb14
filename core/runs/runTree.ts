// The Runs view's tree as plain data: run -> host -> workload -> repetition, each with the status and the
// duration the view shows. Built from discoverRuns' summaries; the extension only maps it to TreeItems.
import type { RunSummary } from './discover';
import { JournalTask, RunJournal, runStatus, TaskStatus, TASK_STATUSES } from './journal';

/** lb's statuses, plus UNKNOWN for a run whose journal is missing or unreadable. */
export type NodeStatus = TaskStatus | 'UNKNOWN';

/** A tooltip line: a fixed label and an untrusted value (from the journal) that the view must escape. */
export type TooltipLine = [label: string, value: string];

interface NodeBase {
  /** Stable across refreshes, so the view keeps expansion and selection. */
  id: string;
  label: string;
  description: string;
  status: NodeStatus;
  tooltip: TooltipLine[];
  children: RunTreeNode[];
  runDir: string;
  runId: string;
}

export interface RunNode extends NodeBase {
  kind: 'run';
  /** True while tasks are running or pending after the run started. */
  active: boolean;
}

export interface HostNode extends NodeBase {
  kind: 'host';
  host: string;
}

export interface WorkloadNode extends NodeBase {
  kind: 'workload';
  host: string;
  workload: string;
}

export interface TaskNode extends NodeBase {
  kind: 'task';
  task: JournalTask;
}

/** A line of text under a run, e.g. why its journal could not be read. */
export interface NoteNode extends NodeBase {
  kind: 'note';
}

export type RunTreeNode = RunNode | HostNode | WorkloadNode | TaskNode | NoteNode;

/** "45 s", "3 min 12 s", "2 h 05 min", "3 d 4 h". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

function isKnownStatus(status: string): status is TaskStatus {
  return (TASK_STATUSES as readonly string[]).includes(status);
}

/** How long a task took, or has been running so far. */
export function taskDurationMs(task: JournalTask, now: number): number | undefined {
  if (task.durationSeconds !== undefined) return task.durationSeconds * 1000;
  if (task.startedAt === undefined) return undefined;
  if (task.finishedAt !== undefined) return task.finishedAt - task.startedAt;
  return task.status === 'RUNNING' ? now - task.startedAt : undefined;
}

/** Span of a group of tasks: first start to last finish, or to now while one of them runs. */
function spanMs(tasks: JournalTask[], status: NodeStatus, now: number): number | undefined {
  const starts = tasks.map((t) => t.startedAt).filter((v): v is number => v !== undefined);
  if (starts.length === 0) return undefined;
  const ends = tasks.map((t) => t.finishedAt).filter((v): v is number => v !== undefined);
  const end = status === 'RUNNING' ? now : ends.length ? Math.max(...ends) : undefined;
  return end === undefined ? undefined : end - Math.min(...starts);
}

function groupStatus(journal: RunJournal, tasks: JournalTask[]): NodeStatus {
  return runStatus({ ...journal, tasks });
}

function describe(status: NodeStatus, tasks: JournalTask[], durationMs: number | undefined): string {
  const done = tasks.filter((t) => t.status === 'COMPLETED').length;
  const parts = [status === 'UNKNOWN' ? 'unknown' : status.toLowerCase(), `${done}/${tasks.length}`];
  if (durationMs !== undefined) parts.push(formatDuration(durationMs));
  return parts.join(' · ');
}

function counts(tasks: JournalTask[]): string {
  const byStatus = new Map<string, number>();
  for (const t of tasks) byStatus.set(t.status, (byStatus.get(t.status) ?? 0) + 1);
  return [...byStatus].map(([s, n]) => `${n} ${s.toLowerCase()}`).join(', ') || 'none';
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function taskNode(run: RunSummary, journal: RunJournal, task: JournalTask, parentId: string, now: number): TaskNode {
  const duration = taskDurationMs(task, now);
  const status: NodeStatus = isKnownStatus(task.status) ? task.status : 'UNKNOWN';
  const parts = [task.status.toLowerCase()];
  if (duration !== undefined) parts.push(formatDuration(duration));
  if (task.status === 'RUNNING' && task.currentAction) parts.push(task.currentAction);
  if (task.status === 'FAILED' && task.error) parts.push(task.error);
  const tooltip: TooltipLine[] = [
    ['Task', `${task.host} / ${task.workload} / repetition ${task.repetition}`],
    ['Status', task.status],
  ];
  if (task.startedAt !== undefined) tooltip.push(['Started', new Date(task.startedAt).toISOString()]);
  if (task.finishedAt !== undefined) tooltip.push(['Finished', new Date(task.finishedAt).toISOString()]);
  if (duration !== undefined) tooltip.push(['Duration', formatDuration(duration)]);
  if (task.currentAction) tooltip.push(['Action', task.currentAction]);
  if (task.error) tooltip.push(['Error', task.errorType ? `${task.errorType}: ${task.error}` : task.error]);
  return {
    kind: 'task',
    id: `${parentId}#${task.repetition}`,
    label: `rep ${task.repetition}`,
    description: parts.join(' · '),
    status,
    tooltip,
    children: [],
    runDir: run.runDir,
    runId: journal.runId,
    task,
  };
}

/** The tree node of one run, with its hosts, workloads and repetitions. */
export function buildRunNode(run: RunSummary, now: number): RunNode {
  const base = { runDir: run.runDir, runId: run.runId, id: run.runDir, label: run.runId };
  if (!run.journal.ok) {
    const note: NoteNode = {
      kind: 'note',
      id: `${run.runDir}#journal`,
      label: run.journal.error,
      description: '',
      status: 'UNKNOWN',
      tooltip: [['Journal', run.journal.error]],
      children: [],
      runDir: run.runDir,
      runId: run.runId,
    };
    return {
      ...base,
      kind: 'run',
      description: 'no readable run_journal.json',
      status: 'UNKNOWN',
      active: false,
      tooltip: [['Run', run.runId], ['Folder', run.runDir], ['Journal', run.journal.error]],
      children: [note],
    };
  }
  const journal = run.journal.journal;
  const status = runStatus(journal);
  const active = status === 'RUNNING';
  const hosts = [...groupBy(journal.tasks, (t) => t.host)].map(([host, hostTasks]): HostNode => {
    const hostId = `${run.runDir}#${host}`;
    const hostStatus = groupStatus(journal, hostTasks);
    const workloads = [...groupBy(hostTasks, (t) => t.workload)].map(([workload, tasks]): WorkloadNode => {
      const id = `${hostId}#${workload}`;
      const workloadStatus = groupStatus(journal, tasks);
      return {
        kind: 'workload',
        id,
        label: workload,
        description: describe(workloadStatus, tasks, spanMs(tasks, workloadStatus, now)),
        status: workloadStatus,
        tooltip: [['Workload', workload], ['Host', host], ['Repetitions', counts(tasks)]],
        children: [...tasks]
          .sort((a, b) => a.repetition - b.repetition)
          .map((t) => taskNode(run, journal, t, id, now)),
        runDir: run.runDir,
        runId: journal.runId,
        host,
        workload,
      };
    });
    return {
      kind: 'host',
      id: hostId,
      label: host,
      description: describe(hostStatus, hostTasks, spanMs(hostTasks, hostStatus, now)),
      status: hostStatus,
      tooltip: [['Host', host], ['Tasks', counts(hostTasks)]],
      children: workloads,
      runDir: run.runDir,
      runId: journal.runId,
      host,
    };
  });
  const tooltip: TooltipLine[] = [['Run', journal.runId], ['Folder', run.runDir], ['Status', status]];
  if (journal.createdAt !== undefined) tooltip.push(['Created', new Date(journal.createdAt).toISOString()]);
  if (journal.executionMode) tooltip.push(['Mode', journal.executionMode]);
  tooltip.push(['Tasks', counts(journal.tasks)]);
  const failed = journal.tasks.find((t) => t.status === 'FAILED' && t.error);
  if (failed) tooltip.push(['First error', `${failed.host} / ${failed.workload} rep ${failed.repetition}: ${failed.error}`]);
  return {
    ...base,
    kind: 'run',
    label: journal.runId,
    description: describe(status, journal.tasks, spanMs(journal.tasks, status, now)),
    status,
    active,
    tooltip,
    children: hosts,
  };
}

export function buildRunTree(runs: RunSummary[], now: number): RunNode[] {
  return runs.map((run) => buildRunNode(run, now));
}
