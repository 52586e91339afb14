// Following a file whose copy-truncate copies onto the existing backup in place (`cp x.jsonl x.jsonl.1`, same
// inode, one backup kept): the lines written since the last look are read from the backup, from where the
// file was left; the lines the backup held before are gone from the disk, and the view says so. Every line
// written is accounted for: shown with its text, or listed under a notice that names the overwritten backup.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import type { LocalLogSession } from '../../core/logs/logSession';
import { createLogSession } from '../../core/logs/openLogSession';
import { formatTimestamp } from '../../core/logs/timestamp';
import { allRows } from '../support/logTruth';

const T0 = Date.UTC(2026, 10, 21, 13, 0, 0);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-backup-in-place-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
function append(file: string, count: number): string[] {
  const messages: string[] = [];
  let text = '';
  for (let k = 0; k < count; k++) {
    const message = `m${n}`;
    text += `${JSON.stringify({ timestamp: formatTimestamp(T0 + n++ * 10), level: 'INFO', component: 'runner', host: 'h', run_id: 'r', logger: 'l', message })}\n`;
    messages.push(message);
  }
  fs.appendFileSync(file, text);
  return messages;
}

/** `cp x x.1; : > x`: the copy truncates and rewrites x.1 through its existing inode. */
function copyInPlaceThenTruncate(file: string): void {
  fs.writeFileSync(`${file}.1`, fs.readFileSync(file));
  fs.truncateSync(file, 0);
}

const follow = (file: string): Promise<LocalLogSession> => createLogSession({ files: [file], follow: true, pollIntervalMs: 3_600_000 });

test('copy-truncate onto an existing backup in place loses no line written since the last look', async () => {
  const file = path.join(dir, 'run.jsonl');
  const first = append(file, 1000);
  const session = await follow(file);
  try {
    // The first copy-truncate makes the backup: the first 1,000 + 50 lines continue in it.
    const copied = [...first, ...append(file, 50)];
    copyInPlaceThenTruncate(file);
    const backupInode = fs.statSync(`${file}.1`).ino;
    const seen = append(file, 1000);
    await session.settle();
    // 900 lines more, unseen, then the second copy-truncate copies onto the same backup inode.
    const unseen = append(file, 900);
    copyInPlaceThenTruncate(file);
    assert.equal(fs.statSync(`${file}.1`).ino, backupInode, 'the copy went onto the existing inode');
    const after = append(file, 50);
    await session.settle();

    const rows = await allRows(session);
    const info = await session.info();
    assert.equal(rows.length, 3000, 'every line written is a row');
    assert.equal(info.lines, 3000);
    // The backup's earlier lines are no longer on disk: listed, said so, never shown with another line's text.
    assert.ok(rows.slice(0, copied.length).every((r) => r.message.startsWith('(text no longer available')));
    assert.deepEqual(info.notices, [
      `${file}.1 was overwritten in place: the ${copied.length} lines it held before stay listed but their text can no longer be read`,
    ]);
    // Every other line with its own text, once, in order: the 900 unseen ones read from the backup.
    assert.deepEqual(rows.slice(copied.length).map((r) => r.message), [...seen, ...unseen, ...after]);
  } finally {
    await session.dispose();
  }
});

test('a copy in place onto a backup that a rename rotation just made (still being drained) loses no line either', async () => {
  const file = path.join(dir, 'renamed.jsonl');
  const first = append(file, 100);
  const session = await follow(file);
  try {
    // lb's rotation: the file is renamed to the backup, a new file starts; the old one is drained for a while.
    const beforeRename = append(file, 20);
    fs.renameSync(file, `${file}.1`);
    const fresh = append(file, 30);
    await session.settle();
    // Then a copy-truncate onto the same backup, in place, before the drained file has settled.
    const unseen = append(file, 40);
    copyInPlaceThenTruncate(file);
    const after = append(file, 10);
    await session.settle();
    await session.settle();

    const rows = await allRows(session);
    const info = await session.info();
    const renamed = first.length + beforeRename.length;
    assert.equal(rows.length, renamed + fresh.length + unseen.length + after.length);
    assert.ok(rows.slice(0, renamed).every((r) => r.message.startsWith('(text no longer available')));
    assert.deepEqual(info.notices, [
      `${file}.1 was overwritten in place: the ${renamed} lines it held before stay listed but their text can no longer be read`,
    ]);
    assert.deepEqual(rows.slice(renamed).map((r) => r.message), [...fresh, ...unseen, ...after]);
  } finally {
    await session.dispose();
  }
});

/** `copy-look-truncate`: a look between the copy and the truncation. */
type Op = 'append' | 'rename' | 'copy-in-place' | 'copy-look-truncate' | 'look';

test('property: with one backup kept, renames, copies in place and looks in any order account for every line', async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(fc.constantFrom<Op>('append', 'append', 'rename', 'copy-in-place', 'copy-look-truncate', 'look', 'look'), fc.integer({ min: 1, max: 30 })), { minLength: 1, maxLength: 20 }),
      async (ops) => {
        const file = path.join(dir, `prop-${run++}.jsonl`);
        const written = append(file, 3);
        const session = await follow(file);
        try {
          // Lines that reach the backup and are overwritten there before any look were never seen by anyone: no
          // follower can know of them. So a look comes between two writes onto the backup.
          let backupUnseen = false;
          for (const [op, count] of ops) {
            if (op === 'append') written.push(...append(file, count));
            else if (op === 'look') {
              await session.settle();
              backupUnseen = false;
            } else {
              if (backupUnseen) await session.settle();
              backupUnseen = true;
              if (op === 'copy-in-place') copyInPlaceThenTruncate(file);
              else if (op === 'copy-look-truncate') {
                fs.writeFileSync(`${file}.1`, fs.readFileSync(file));
                await session.settle();
                fs.truncateSync(file, 0);
              } else {
                // One backup kept: the rename replaces the previous backup.
                fs.renameSync(file, `${file}.1`);
                fs.writeFileSync(file, '');
              }
            }
          }
          await session.settle();
          const rows = await allRows(session);
          const info = await session.info();
          assert.equal(rows.length, written.length, 'every line written is a row');
          const lost = rows.filter((r) => r.message.startsWith('(text no longer available'));
          // Each line is shown with its own text in its place, or listed as lost under a notice that counts it.
          rows.forEach((r, i) => assert.ok(r.message === written[i] || lost.includes(r), `row ${i}: ${r.message} is not ${written[i]}`));
          // A backup emptied before it was ever looked at again is a truncation without a copy: said so too.
          const counted = (text: string) => /the (\d+) lines it held before|its first (\d+) lines stay listed/.exec(text);
          const noticed = (info.notices ?? []).reduce((n, text) => n + Number(counted(text)?.slice(1).find(Boolean) ?? NaN), 0);
          assert.equal(lost.length, noticed, `lost lines are the ones the notices count: ${JSON.stringify(info.notices)}`);
        } finally {
          await session.dispose();
        }
      },
    ),
    { seed: 13, numRuns: 100 },
  );
});
