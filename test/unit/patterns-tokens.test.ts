// The miner's masking, read character by character for speed, against its rules written as regular
// expressions (the reference below): the same tokens for every message, generated from the characters the
// rules look at (digits, punctuation, slashes, dots, quotes, Unicode spaces) and from real message shapes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { FieldInterner } from '../../core/logs/lineClassifier';
import { MAX_MESSAGE_CHARS, MAX_TOKENS, MessageSkeletons, WILDCARD, messageTokens, messageTokensOfBytes } from '../../core/logs/patterns/messageTokens';

const QUOTED = /(?<=^|[\s=:([{,])(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')(?=$|[\s,;:)\]}.])/g;
const AROUND = /^([([{]*)(.*?)([)\]},;:.!?]*)$/s;
const KEY_VALUE = /^([A-Za-z_][\w.-]*)([=:])(.+)$/s;
const NOT_PLAIN = /[\d/\\.:=()[\]{},;!?]/;
const DRIVE = /^[A-Za-z]:\\/;
const PATH_START = /^(?:~|\.{1,2})?\/|^[A-Za-z]:\\|\\|:\/\//;
const FILE_NAME = /\/[^/]*\.[A-Za-z]\w*$/;
const DOTTED_HOST = /^[a-z][a-z0-9-]*(?:\.[a-z0-9-]+){2,}$/i;

function referenceIsVariable(word: string): boolean {
  return /\d/.test(word) || PATH_START.test(word) || FILE_NAME.test(word) || DOTTED_HOST.test(word);
}

function referenceMaskWord(token: string): string {
  if (token === WILDCARD || !NOT_PLAIN.test(token)) return token;
  const [, lead, core, trail] = AROUND.exec(token)!;
  if (core === '' || core === WILDCARD) return token;
  const kv = DRIVE.test(core) ? null : KEY_VALUE.exec(core);
  if (kv && kv[3] !== WILDCARD) return `${lead}${kv[1]}${kv[2]}${referenceIsVariable(kv[3]) ? WILDCARD : kv[3]}${trail}`;
  return referenceIsVariable(core) ? `${lead}${WILDCARD}${trail}` : token;
}

function reference(message: string): string[] {
  const cut = message.length > MAX_MESSAGE_CHARS;
  let text = cut ? message.slice(0, MAX_MESSAGE_CHARS) : message;
  if (text.includes('"') || text.includes("'")) text = text.replace(QUOTED, WILDCARD);
  const words = text.split(/\s+/).filter((w) => w !== '');
  const tokens = words.slice(0, MAX_TOKENS).map(referenceMaskWord);
  if (cut || words.length > MAX_TOKENS) tokens[Math.min(tokens.length, MAX_TOKENS - 1)] = WILDCARD;
  return tokens;
}

/** Characters the rules treat specially, letters, digits, and every kind of space JavaScript's \s knows. */
const interesting = fc.constantFrom(
  ...'aZk_-.:=/\\~()[]{},;!?"\'09x. '.split(''),
  '\t',
  '\n',
  '\u00a0',
  '\u2003',
  '\u2028',
  '\u3000',
  '\ufeff',
  '\u017f',
  '\u212a',
  'é',
  '😀',
  '<*>',
  '://',
  'C:\\',
  '../',
  '.json',
  'node-3.lab.example',
);
const messageArb = fc.oneof(
  fc.array(interesting, { maxLength: 40 }).map((parts) => parts.join('')),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
);

describe('log patterns: masking read character by character', () => {
  test('gives the tokens of the rules written as regular expressions, on generated messages', () => {
    fc.assert(
      fc.property(messageArb, (message) => assert.deepEqual(messageTokens(message), reference(message), JSON.stringify(message))),
      { numRuns: 20000 },
    );
  });

  test('read from the bytes of a plain ASCII message, the same tokens as from its text; other messages are left to the text', () => {
    const words = new FieldInterner(64);
    let fromBytes = 0;
    fc.assert(
      fc.property(messageArb, (message) => {
        const bytes = Buffer.from(`"${message}"`, 'utf8');
        const tokens = messageTokensOfBytes(bytes, 1, bytes.length - 1, words);
        const plain = /^[\x20-\x7e]*$/.test(message) && !/["'\\]/.test(message) && message.length <= MAX_MESSAGE_CHARS;
        assert.equal(tokens !== undefined, plain, JSON.stringify(message));
        if (tokens) {
          fromBytes++;
          assert.deepEqual(tokens, messageTokens(message), JSON.stringify(message));
        }
      }),
      { numRuns: 20000 },
    );
    assert.ok(fromBytes > 5000, `${fromBytes} messages read from bytes`);
  });

  test('messages that share a skeleton with one read before get the same tokens as read alone', () => {
    // Few words and values, so that skeletons repeat.
    const word = fc.constantFrom('Collected', 'samples', 'from', 'x', '<*>', 'cpu=', '(cpu=1.5%,', 'mem=2%', '42', '/tmp/a.json', 'a.b.c', 'k=v', '..');
    const messages = fc.array(fc.array(word, { maxLength: 8 }).map((w) => w.join(' ')), { minLength: 1, maxLength: 200 });
    fc.assert(
      fc.property(messages, (list) => {
        const known = new MessageSkeletons(new FieldInterner(64));
        for (const message of [...list, ...list]) {
          const bytes = Buffer.from(message, 'latin1');
          assert.deepEqual(messageTokensOfBytes(bytes, 0, bytes.length, known.words, known), messageTokens(message), message);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('and on real message shapes, long and many-worded ones included', () => {
    const messages = [
      'Collected 80378 samples from psutil (cpu=53.2%, mem=71.4%, t=209320.654)',
      'wrote /var/lib/lb/out and rep/result.json and C:\\temp\\lb to https://grafana.example.com/d/x?from=1',
      'key=value key:value a=<*> _k.v-1=x9 C:\\x=1 (a=b), [x]: {y}. ok!?',
      'Traceback (most recent call last):\n  File "runner.py", line 12, in run',
      `${'word '.repeat(150)}`,
      `${'x'.repeat(MAX_MESSAGE_CHARS + 10)}`,
      `${'1 '.repeat(MAX_TOKENS)}`,
      '',
      ' \t ',
    ];
    for (const m of messages) assert.deepEqual(messageTokens(m), reference(m), m.slice(0, 80));
  });
});
