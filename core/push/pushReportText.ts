// A push report (and its verification) as text: what `lb-obs push` prints and the extension shows in its
// output channel. Paths are shown relative to a folder when they are inside it.
import * as path from 'path';
import { formatRate } from './pushProgress';
import type { ProblemKind, PushReport } from './pushReport';
import { formatLabels } from './streamLabels';
import type { VerifyReport } from './verifyPush';

const KIND_NAMES: Record<ProblemKind, string> = {
  malformed: 'malformed',
  'line-too-long': 'line too long',
  'too-old': 'too old',
  'too-new': 'in the future',
  'stream-labels': 'labels rejected',
  'rejected-by-loki': 'rejected by Loki',
  truncated: 'truncated',
  repeat: 'repeated',
  note: 'note',
};

function relative(base: string, file: string): string {
  const rel = path.relative(base, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

function n(value: number): string {
  return value.toLocaleString('en-US');
}

/** The one-line summary: what was pushed where, how fast. */
export function pushSummary(report: PushReport): string {
  const t = report.totals;
  const seconds = report.elapsedMs / 1000;
  const rate = formatRate({ linesPerSecond: seconds ? t.lines / seconds : 0, bytesSentPerSecond: seconds ? t.bytesSent / seconds : 0 });
  const verb = report.outcome === 'completed' ? 'Pushed' : report.outcome === 'cancelled' ? 'Cancelled after pushing' : 'Failed after pushing';
  return (
    `${verb} ${n(t.sent)} lines (${(t.bytesSent / 1e6).toFixed(1)} MB) from ${report.files.length} file(s) to ${report.loki}` +
    `${report.tenant ? ` (tenant ${report.tenant})` : ''} in ${seconds.toFixed(1)} s (${rate})`
  );
}

export function verifySummary(v: VerifyReport): string {
  return v.ok
    ? `Verified: ${v.streams.length} stream(s), ${n(v.expectedTotal)} lines: Loki holds every line of the files exactly once.`
    : `Verify: ${v.differences.length} of ${v.streams.length} stream(s) differ (files ${n(v.expectedTotal)} lines, Loki ${n(v.foundTotal)}):`;
}

export function pushReportLines(report: PushReport, verify: VerifyReport | undefined, base: string): string[] {
  const t = report.totals;
  const out = [pushSummary(report)];
  const extras = [
    t.alreadyInLoki && `${n(t.alreadyInLoki)} already in Loki`,
    t.malformed && `${n(t.malformed)} malformed`,
    t.rejected && `${n(t.rejected)} rejected`,
    t.truncated && `${n(t.truncated)} truncated`,
    t.repeats && `${n(t.repeats)} repeated lines stored once`,
  ].filter(Boolean);
  if (extras.length) out.push(`  ${extras.join(', ')}`);
  for (const f of report.files) {
    if (f.resumedFrom) out.push(`  ${relative(base, f.file)}: resumed at line ${f.resumedFrom.line + 1} (the lines before were pushed earlier)`);
  }
  for (const f of report.files) {
    const file = relative(base, f.file);
    for (const p of f.problems) {
      const where = p.line === undefined ? '' : p.lastLine !== undefined && p.lastLine !== p.line ? `:${p.line}-${p.lastLine}` : `:${p.line}`;
      out.push(`${file}${where}: ${KIND_NAMES[p.kind]}: ${p.message}`);
    }
    for (const [kind, count] of Object.entries(f.problemCounts) as Array<[ProblemKind, number]>) {
      const shown = f.problems.filter((p) => p.kind === kind).length;
      if (count > shown && kind !== 'rejected-by-loki') out.push(`${file}: … and ${n(count - shown)} more ${KIND_NAMES[kind]} line(s)`);
    }
  }
  for (const note of report.notes) out.push(`note: ${note}`);
  if (report.error) out.push(`error: ${report.error}`);
  if (report.outcome === 'cancelled') out.push('Push again to continue where this push stopped.');
  if (verify) {
    out.push(verifySummary(verify));
    for (const d of verify.differences) {
      const diff = d.found - d.expected;
      out.push(`  ${formatLabels(d.labels)}: files ${d.expected}, Loki ${d.found} (${diff < 0 ? `${-diff} missing` : `${diff} extra`})`);
    }
    for (const u of verify.unexpected) out.push(`  in Loki only: ${formatLabels(u.labels)}: ${u.found} line(s)`);
    for (const note of verify.notes) out.push(`note: ${note}`);
  }
  return out;
}
