// Which runs to offer for "Compare with...", the default partner first. The default is the last good run of
// the same benchmark: the newest run before this one (by lb's created_at, else the folder's time) that has the
// same config and passed.
// - Same config: run_journal.json's `metadata.config_hash` (lb's hash of the run config) is equal; when either
//   journal has none, the same set of host/workload pairs in the journal's tasks.
// - Passed: at least one task, none FAILED, RUNNING or PENDING, not every one SKIPPED (runStatus COMPLETED): a
//   skipped task is not a failure, so COMPLETED and SKIPPED tasks pass.
import type { RunSummary } from '../runs/discover';
import { RunJournal, runStatus } from '../runs/journal';

export interface PartnerCandidates {
  /** The default partner, when there is one. */
  defaultPartner?: RunSummary;
  /** Every other run: the default first, then the runs of the same config, then the rest; newest first in each. */
  runs: RunSummary[];
}

function configHash(journal: RunJournal): string | undefined {
  const hash = journal.metadata.config_hash;
  return typeof hash === 'string' && hash !== '' ? hash : undefined;
}

function hostWorkloads(journal: RunJournal): string {
  return JSON.stringify([...new Set(journal.tasks.map((t) => JSON.stringify([t.host, t.workload])))].sort());
}

export function sameConfig(a: RunSummary, b: RunSummary): boolean {
  if (!a.journal.ok || !b.journal.ok) return false;
  const ha = configHash(a.journal.journal);
  const hb = configHash(b.journal.journal);
  if (ha !== undefined && hb !== undefined) return ha === hb;
  return a.journal.journal.tasks.length > 0 && hostWorkloads(a.journal.journal) === hostWorkloads(b.journal.journal);
}

export function passed(run: RunSummary): boolean {
  return run.journal.ok && runStatus(run.journal.journal) === 'COMPLETED' && run.journal.journal.tasks.length > 0;
}

export function partnerCandidates(target: RunSummary, runs: readonly RunSummary[]): PartnerCandidates {
  const others = runs.filter((r) => r.runDir !== target.runDir).sort((x, y) => y.sortTime - x.sortTime);
  const same = others.filter((r) => sameConfig(target, r));
  const defaultPartner = same.find((r) => r.sortTime < target.sortTime && passed(r));
  const ordered = [...(defaultPartner ? [defaultPartner] : []), ...same.filter((r) => r !== defaultPartner), ...others.filter((r) => !same.includes(r))];
  return { defaultPartner, runs: ordered };
}
