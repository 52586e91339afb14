// Which of a miner's templates a message belongs to, judged the way the miner grew them: a template only ever
// turns words into the wildcard, so every message it took in still fits it word for word (same level,
// component and word count; each word equal or under a wildcard). A message that fits several templates goes
// to the most specific one (fewest wildcards), then the first given; one that fits none goes to its level and
// component's "other" bucket when the template cap made one. Used to filter a log view to a template's lines
// and to count them, so the counts shown and the lines listed agree.
import type { LogLevel } from '../model';
import { messageTokens, WILDCARD } from './messageTokens';
import { OTHER_PATTERN } from './templateMiner';

export interface TemplateOf {
  pattern: string;
  level: LogLevel;
  component: string;
}

interface Candidate {
  index: number;
  tokens: string[];
  wildcards: number;
}

const key = (level: string, component: string, length: number) => `${level}\u0000${component}\u0000${length}`;

export class TemplateMatcher {
  private readonly candidates = new Map<string, Candidate[]>();
  private readonly others = new Map<string, number>();

  constructor(templates: readonly TemplateOf[]) {
    templates.forEach((t, index) => {
      if (t.pattern === OTHER_PATTERN) {
        this.others.set(`${t.level}\u0000${t.component}`, index);
        return;
      }
      // The miner joins tokens with one space; a message of no words has the empty pattern.
      const tokens = t.pattern === '' ? [] : t.pattern.split(' ');
      const k = key(t.level, t.component, tokens.length);
      let list = this.candidates.get(k);
      if (!list) this.candidates.set(k, (list = []));
      list.push({ index, tokens, wildcards: tokens.filter((w) => w === WILDCARD).length });
    });
    for (const list of this.candidates.values()) list.sort((a, b) => a.wildcards - b.wildcards || a.index - b.index);
  }

  /** Index (in the templates given) of the template of this message, or -1. */
  match(level: LogLevel, component: string, message: string): number {
    const tokens = messageTokens(message);
    for (const c of this.candidates.get(key(level, component, tokens.length)) ?? []) {
      let i = 0;
      while (i < tokens.length && (c.tokens[i] === WILDCARD || c.tokens[i] === tokens[i])) i++;
      if (i === tokens.length) return c.index;
    }
    return this.others.get(`${level}\u0000${component}`) ?? this.others.get(`${level}\u0000${OTHER_PATTERN}`) ?? -1;
  }
}
