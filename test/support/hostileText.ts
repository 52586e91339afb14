// fast-check arbitraries of text that tries to break out of LogQL strings, regexes, JSON and URLs.
import fc from 'fast-check';

const HOSTILE = [
  '"', '\\', '`', "'", '}', '{', '|', '\n', '\r', '\t', '\0', '+', '%', '&', '#', '=', '~', '!', ' ', '$', '${x}',
  '{{ .podName }}', '.', '*', '(', ')', '[', ']', '^', '?', ',', '/', '\u2028', '\ufeff', '\u200b', 'é', '😀',
  'e\u0301', '%2B', '%00', '|= ', '"}', '\\"', 'x',
];

/** Strings mixing the characters that matter to LogQL, RE2, JSON and URLs with arbitrary Unicode. */
export const hostileText = fc.oneof(
  fc.string({ unit: fc.constantFrom(...HOSTILE), maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 16 }),
  fc.string({ unit: fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 16 }),
);

export const nonEmptyHostileText = hostileText.filter((s) => s.length > 0);
