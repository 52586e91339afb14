// Following files as they grow, rotate and get truncated: every line written is shown exactly once, in
// order (property-based over random sequences of writes and rotations), partial lines wait for their
// newline, and new files of a run join the view.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { LocalLogSession } from '../../core/logs/logSession';
import type { LogSessionChange } from '../../core/logs/model';
import { createLogSession } from '../../core/logs/openLogSession';
import { formatTimestamp } from '../../core/logs/timestamp';
import { allRows } from '../support/logTruth';

const T0 = Date.UTC(2026, 10, 21, 13, 0, 0);

/** Writes lb records with increasing times, and rotates the file the ways lb and logrotate do. */
class LogWriter {
  private n = 0;
  /** Messages of every complete line written, in order. */
  readonly written: string[] = [];
  private pendingTail = '';

  constructor(
    readonly file: string,
    private readonly backups = 3,
  ) {}

  line(): string {
    const i = this.n++;
    const message = `m${i}`;
    this.written.push(message);
    return JSON.stringify({ timestamp: formatTimestamp(T0 + i * 10), level: 'INFO', component: 'runner', host: 'h', run_id: 'r', logger: 'l', message });
  }

  append(count: number): void {
    let text = '';
    for (let k = 0; k < count; k++) text += `${this.line()}\n`;
    fs.appendFileSync(this.file, text);
  }

  /** Writes the first part of a line, without its newline. */
  startLine(): void {
    if (this.pendingTail) return;
    const line = `${this.line()}\n`;
    const cut = Math.floor(line.length / 2);
    fs.appendFileSync(this.file, line.slice(0, cut));
    this.pendingTail = line.slice(cut);
  }

  finishLine(): void {
    if (!this.pendingTail) return;
    fs.appendFileSync(this.file, this.pendingTail);
    this.pendingTail = '';
  }

  get hasPartial(): boolean {
    return this.pendingTail !== '';
  }

  /** lb's RotatingFileHandler: x.(n-1) -> x.n ... x -> x.1 (the oldest is deleted), then a new x. */
  rotate(): void {
    this.finishLine();
    this.shiftBackups();
    if (fs.existsSync(this.file)) fs.renameSync(this.file, `${this.file}.1`);
    fs.writeFileSync(this.file, '');
  }

  /** logrotate's copytruncate: shift the backups, copy x to a new x.1, then empty x in place. */
  async copyTruncate(between?: () => Promise<void>): Promise<void> {
    this.finishLine();
    this.shiftBackups();
    fs.copyFileSync(this.file, `${this.file}.1`);
    await between?.();
    fs.truncateSync(this.file, 0);
  }

  private shiftBackups(): void {
    if (fs.existsSync(`${this.file}.${this.backups}`)) fs.rmSync(`${this.file}.${this.backups}`);
    for (let k = this.backups - 1; k >= 1; k--) {
      if (fs.existsSync(`${this.file}.${k}`)) fs.renameSync(`${this.file}.${k}`, `${this.file}.${k + 1}`);
    }
  }
}

async function messages(session: LocalLogSession): Promise<string[]> {
  return (await allRows(session)).map((r) => r.message);
}

/** A session that looks at the files only when told (settle), so tests decide when changes are seen. */
function follow(files: string[]): Promise<LocalLogSession> {
  return createLogSession({ files, follow: true, pollIntervalMs: 3_600_000 });
}

describe('following a file', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-follow-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('appended lines appear; a partial last line waits for its newline', async () => {
    const w = new LogWriter(path.join(dir, 'append.jsonl'));
    w.append(5);
    const session = await follow([w.file]);
    const changes: LogSessionChange[] = [];
    session.onDidChange((c) => changes.push(c));
    try {
      assert.deepEqual(await messages(session), w.written);
      w.append(3);
      w.startLine();
      await session.settle();
      assert.deepEqual(await messages(session), w.written.slice(0, -1));
      assert.equal((await session.info()).lines, 8);
      w.finishLine();
      await session.settle();
      assert.deepEqual(await messages(session), w.written);
      const appended = changes.filter((c) => !c.reset).reduce((n, c) => n + c.appended, 0);
      assert.equal(appended, 4);
    } finally {
      await session.dispose();
    }
  });

  test('rename rotation with numbered backups loses and repeats nothing', async () => {
    const w = new LogWriter(path.join(dir, 'rotate.jsonl'));
    w.append(10);
    const session = await follow([w.file]);
    try {
      w.append(2);
      w.rotate();
      w.append(4);
      await session.settle();
      w.rotate();
      w.append(1);
      w.rotate();
      w.append(3);
      await session.settle();
      assert.deepEqual(await messages(session), w.written);
      // The first file, the second, the one never seen between two looks, and the current one.
      assert.equal((await session.info()).sources.length, 4);
      // The oldest backup is deleted by the next rotation; its rows stay readable through the open file.
      w.rotate();
      w.rotate();
      await session.settle();
      assert.deepEqual(await messages(session), w.written);
    } finally {
      await session.dispose();
    }
  });

  test('copy-truncate: lines written before the copy are read from the copy, then the file starts again', async () => {
    const w = new LogWriter(path.join(dir, 'copy.jsonl'));
    w.append(6);
    const session = await follow([w.file]);
    try {
      w.append(3);
      await w.copyTruncate();
      w.append(2);
      await session.settle();
      assert.deepEqual(await messages(session), w.written);
      const info = await session.info();
      assert.equal(info.lines, 11);
      assert.ok(info.sources.some((s) => s.name === `${w.file}.1`), 'the first rows now live in the copy');
      assert.equal(info.notices, undefined);
    } finally {
      await session.dispose();
    }
  });

  test('truncation without a copy keeps the rows seen, says so, and reads the new lines', async () => {
    const w = new LogWriter(path.join(dir, 'truncate.jsonl'));
    w.append(4);
    const session = await follow([w.file]);
    try {
      fs.truncateSync(w.file, 0);
      w.append(2);
      await session.settle();
      const info = await session.info();
      assert.equal(info.lines, 6);
      assert.match(info.notices!.join('\n'), /truncate\.jsonl was truncated without a copy: its first 4 lines stay listed/);
      const rows = await allRows(session);
      assert.deepEqual(rows.slice(4).map((r) => r.message), ['m4', 'm5']);
      assert.ok(rows.slice(0, 4).every((r) => r.message.startsWith('(text no longer available')));
    } finally {
      await session.dispose();
    }
  });

  test('a file rewritten from the start while away (bigger than before) is seen as truncated, not misread', async () => {
    const w = new LogWriter(path.join(dir, 'rewrite.jsonl'));
    w.append(2);
    const session = await follow([w.file]);
    try {
      fs.writeFileSync(w.file, '');
      w.append(5);
      await session.settle();
      const rows = await allRows(session);
      assert.equal(rows.length, 7);
      assert.deepEqual(rows.slice(2).map((r) => r.message), ['m2', 'm3', 'm4', 'm5', 'm6']);
      assert.ok(rows.every((r) => r.parsed));
    } finally {
      await session.dispose();
    }
  });

  test('a rotated file still being written (logrotate create mode) is read until it settles', async () => {
    const w = new LogWriter(path.join(dir, 'draining.jsonl'));
    w.append(3);
    const session = await follow([w.file]);
    try {
      fs.renameSync(w.file, `${w.file}.1`);
      await session.settle();
      // The writer has not reopened yet: its next line still goes to the renamed file.
      fs.appendFileSync(`${w.file}.1`, `${w.line()}\n`);
      w.append(2);
      await session.settle();
      assert.deepEqual(await messages(session), w.written);
      assert.equal((await session.info()).lines, 6);
    } finally {
      await session.dispose();
    }
  });

  test('a change is reported without asking, through file watching', async () => {
    const w = new LogWriter(path.join(dir, 'watched.jsonl'));
    w.append(1);
    const session = await createLogSession({ files: [w.file], follow: true });
    try {
      const seen = new Promise<LogSessionChange>((resolve) => session.onDidChange(resolve));
      w.append(1);
      const change = await seen;
      assert.equal(change.info.lines, 2);
      assert.equal(change.appended, 1);
      assert.deepEqual(await messages(session), w.written);
    } finally {
      await session.dispose();
    }
  });
});

describe('following a run folder', () => {
  test('files that appear in logs/ join the view, merged by time', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-follow-run-'));
    try {
      const logs = path.join(dir, 'run-1', 'logs');
      fs.mkdirSync(logs, { recursive: true });
      fs.writeFileSync(path.join(dir, 'run-1', 'run_journal.json'), '{"run_id": "run-1", "tasks": []}');
      const controller = new LogWriter(path.join(logs, 'controller-c.jsonl'));
      controller.append(4);
      const session = await createLogSession({ runDir: path.join(dir, 'run-1'), follow: true, pollIntervalMs: 3_600_000 });
      const changes: LogSessionChange[] = [];
      session.onDidChange((c) => changes.push(c));
      try {
        // A runner file collected after the run: its lines are older than the controller's last ones.
        const runner = path.join(logs, 'runner-n1.jsonl');
        fs.writeFileSync(runner, `${JSON.stringify({ timestamp: formatTimestamp(T0 + 5), level: 'ERROR', component: 'runner', host: 'n1', run_id: 'run-1', logger: 'l', message: 'collected' })}\n`);
        await session.settle();
        assert.deepEqual(await messages(session), ['m0', 'collected', 'm1', 'm2', 'm3']);
        assert.ok(changes.some((c) => c.reset), 'the view was rebuilt');
        controller.append(1);
        await session.settle();
        assert.deepEqual(await messages(session), ['m0', 'collected', 'm1', 'm2', 'm3', 'm4']);
        assert.equal(changes.at(-1)!.appended, 1);
      } finally {
        await session.dispose();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a follow that fails in the background', () => {
  test('is reported as a notice, and the session keeps answering', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-follow-fail-'));
    try {
      const logs = path.join(dir, 'run-1', 'logs');
      fs.mkdirSync(logs, { recursive: true });
      const controller = new LogWriter(path.join(logs, 'controller-c.jsonl'));
      controller.append(2);
      const session = await createLogSession({ runDir: path.join(dir, 'run-1'), follow: true, pollIntervalMs: 20 });
      try {
        // logs/ replaced by a file: listing it fails with ENOTDIR on every timer look (a rejection nobody awaits).
        fs.rmSync(logs, { recursive: true });
        fs.writeFileSync(logs, 'not a folder');
        let notices: string[] = [];
        for (let tries = 0; tries < 250 && !notices.some((n) => n.startsWith('updating the logs failed: ')); tries++) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          notices = (await session.info()).notices ?? [];
        }
        assert.ok(notices.some((n) => n.startsWith('updating the logs failed: ') && n.includes('ENOTDIR')), notices.join('\n'));
        assert.deepEqual(await messages(session), controller.written);
      } finally {
        await session.dispose();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** `copy-look-truncate`: a look between logrotate's copy and its truncation. */
type Op = 'append' | 'partial' | 'finish' | 'rotate' | 'copytruncate' | 'copy-look-truncate' | 'look';

describe('property: random writes, rotations and looks', () => {
  test('the view always ends with every complete line written, once, in order', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-obs-follow-prop-'));
    let run = 0;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.constantFrom<Op>('append', 'append', 'partial', 'finish', 'rotate', 'copytruncate', 'copy-look-truncate', 'look', 'look'), fc.integer({ min: 1, max: 5 })), {
            minLength: 1,
            maxLength: 25,
          }),
          async (ops) => {
            // Enough backups that none is deleted during a run: a copy deleted before it is seen is gone for everyone.
            const w = new LogWriter(path.join(dir, `p${run++}.jsonl`), 30);
            w.append(2);
            const session = await follow([w.file]);
            try {
              for (const [op, n] of ops) {
                if (op === 'append') {
                  w.finishLine();
                  w.append(n);
                } else if (op === 'partial') w.startLine();
                else if (op === 'finish') w.finishLine();
                else if (op === 'rotate') w.rotate();
                else if (op === 'copytruncate') await w.copyTruncate();
                else if (op === 'copy-look-truncate') await w.copyTruncate(() => session.settle());
                else await session.settle();
              }
              await session.settle();
              const expected = w.hasPartial ? w.written.slice(0, -1) : w.written;
              assert.deepEqual(await messages(session), expected);
              const info = await session.info();
              assert.equal(info.lines, expected.length);
              assert.equal(info.unparsed, 0);
            } finally {
              await session.dispose();
            }
          },
        ),
        { numRuns: 60 },
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
