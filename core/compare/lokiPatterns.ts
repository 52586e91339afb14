// Loki's pattern ingester's templates in our terms: its wildcard `<_>` becomes ours (`<*>`), runs of wildcards
// become one, and the level Loki detected becomes lb's. Two templates are the same message when their constant
// parts agree (the text between wildcards, word by word): Loki and our miner may cut a varying word at different
// places ("<_>ms" against "<*>"), but the words that never vary are the message.
import type { LokiPattern } from '../loki/api';
import { detectedLevel } from '../logs/lokiLabelColumns';
import type { LogLevel } from '../logs/model';
import { WILDCARD } from '../logs/patterns/messageTokens';

const LOKI_WILDCARD = /<_>/g;
const WILDCARD_RUN = /(?:<\*>\s*)+<\*>/g;
// Loki mines a JSON line's message and stands the rest of the record around it for a wildcard glued to its
// first and last word (`<_>Connected to host <_> in <_> ms<_>`): not part of the message.
const GLUED_ENDS = /^<\*>(?=\S)|(?<=\S)<\*>$/g;

/** Loki's template with our wildcard, adjacent wildcards merged, and what stands for the record around the message dropped. */
export function lokiPatternText(pattern: string): string {
  return pattern.replace(LOKI_WILDCARD, WILDCARD).replace(WILDCARD_RUN, WILDCARD).trim().replace(GLUED_ENDS, '');
}

/** The constant parts of a template (ours or Loki's), in order: what must agree for two templates to match. */
export function constantTokens(pattern: string): string[] {
  return lokiPatternText(pattern)
    .split(/\s+/)
    .flatMap((word) => word.split(WILDCARD))
    .filter((part) => part !== '');
}

/** Loki's level name as lb's; Loki's `unknown` (no level found in the line) stays undefined. */
export function lokiPatternLevel(p: LokiPattern): LogLevel | undefined {
  return p.level === undefined ? undefined : detectedLevel({ detected_level: p.level });
}

/** The key two templates share when they are the same message at the same level. */
export function templateKey(level: LogLevel | undefined, pattern: string): string {
  return JSON.stringify([level ?? null, constantTokens(pattern)]);
}
