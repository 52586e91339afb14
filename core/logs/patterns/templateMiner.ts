// Drain-style template miner (He et al., "Drain: An Online Log Parsing Approach with Fixed Depth Tree", 2017):
// records are fed one by one; per level and component, a message goes down a tree keyed by its token count and
// its first word (one word, not Drain's usual two: "workload fio ..." and "workload dfaas ..." must meet) to a
// leaf holding templates, joins the most similar template when enough words agree (differing positions become
// the wildcard) or starts a new one. Deterministic for a given order of records. Records carry a source number
// (a run): runs mined by one miner share their templates, so a message of two runs gets the same pattern in
// both and their counts compare. Memory is bounded: past `maxTemplates`, messages that match no template are
// counted in an "other" bucket of their level and component instead of starting one.
import type { LogLevel } from '../model';
import { messageTokens, WILDCARD } from './messageTokens';

/** The pattern of the bucket that counts messages left unmined once the template cap is reached. */
export const OTHER_PATTERN = '<other>';

export interface MinerOptions {
  /** Templates kept at most, over all levels and components (default 1000). */
  maxTemplates?: number;
  /** Share of tokens that must agree for a message to join a template (default 0.5). */
  similarity?: number;
}

export interface MinedRecord {
  message: string;
  /** Which run (or other source) the record belongs to: 0, 1, ... (default 0). */
  source?: number;
  level: LogLevel;
  component: string;
  /** Epoch ms. */
  time: number;
}

export interface LogPattern {
  pattern: string;
  level: LogLevel;
  component: string;
  count: number;
  /** Epoch ms of the first and last message. */
  first: number;
  last: number;
  /** The first message of the pattern (cut to SAMPLE_CHARS). */
  sample: string;
}

const PREFIX_TOKENS = 1;
/** Children per tree node; more distinct words at one position share a wildcard child. */
const MAX_CHILDREN = 64;
const SAMPLE_CHARS = 1000;

interface SourceStats {
  count: number;
  first: number;
  last: number;
  sample: string;
}

interface Template {
  tokens: string[];
  /** Indexed by source; a hole for a source without such a message. */
  stats: Array<SourceStats | undefined>;
}

/** A pattern with its counts in each source (`stats[source]` undefined when the source has none). */
export interface SharedPattern {
  pattern: string;
  level: LogLevel;
  component: string;
  stats: Array<SourceStats | undefined>;
}

interface TreeNode {
  children: Map<string, TreeNode>;
  templates: Template[];
}

interface Group {
  level: LogLevel;
  component: string;
  byLength: Map<number, TreeNode>;
  all: Template[];
  other?: Template;
}

const LEVEL_RANK: Record<string, number> = { CRITICAL: 0, ERROR: 1, WARNING: 2, INFO: 3, DEBUG: 4 };

function newNode(): TreeNode {
  return { children: new Map(), templates: [] };
}

function newTemplate(tokens: string[], r: MinedRecord): Template {
  const t: Template = { tokens, stats: [] };
  seen(t, r);
  return t;
}

function seen(t: Template, r: MinedRecord): void {
  const source = r.source ?? 0;
  const s = t.stats[source];
  if (!s) {
    t.stats[source] = { count: 1, first: r.time, last: r.time, sample: r.message.slice(0, SAMPLE_CHARS) };
    return;
  }
  s.count++;
  if (r.time < s.first) {
    s.first = r.time;
    s.sample = r.message.slice(0, SAMPLE_CHARS);
  }
  if (r.time > s.last) s.last = r.time;
}

function mergeStats(into: Array<SourceStats | undefined>, from: Array<SourceStats | undefined>): void {
  from.forEach((f, source) => {
    const s = into[source];
    if (!f) return;
    if (!s) {
      into[source] = { ...f };
      return;
    }
    s.count += f.count;
    if (f.first < s.first) {
      s.first = f.first;
      s.sample = f.sample;
    }
    s.last = Math.max(s.last, f.last);
  });
}

export class TemplateMiner {
  private readonly groups = new Map<string, Group>();
  /** Records of components beyond the group cap: pattern and component `<other>`, per level. */
  private readonly overflowGroups = new Map<string, Group>();
  private readonly maxTemplates: number;
  private readonly similarity: number;
  private templates = 0;

  constructor(options: MinerOptions = {}) {
    this.maxTemplates = options.maxTemplates ?? 1000;
    this.similarity = options.similarity ?? 0.5;
  }

  add(record: MinedRecord): void {
    const key = `${record.level}\u0000${record.component}`;
    let group = this.groups.get(key);
    if (!group) {
      // Components are any text: past as many groups as templates, new ones share one bucket per level.
      if (this.groups.size >= this.maxTemplates) {
        this.overflow(record);
        return;
      }
      group = { level: record.level, component: record.component, byLength: new Map(), all: [] };
      this.groups.set(key, group);
    }
    const tokens = messageTokens(record.message);
    let root = group.byLength.get(tokens.length);
    if (!root) {
      root = newNode();
      group.byLength.set(tokens.length, root);
    }
    const leaf = this.leaf(root, tokens);
    const match = this.bestMatch(leaf.templates, tokens);
    if (match) {
      for (let i = 0; i < tokens.length; i++) if (match.tokens[i] !== tokens[i]) match.tokens[i] = WILDCARD;
      seen(match, record);
    } else if (this.templates < this.maxTemplates) {
      const t = newTemplate(tokens, record);
      leaf.templates.push(t);
      group.all.push(t);
      this.templates++;
    } else if (group.other) {
      seen(group.other, record);
    } else {
      group.other = newTemplate([OTHER_PATTERN], record);
    }
  }

  private overflow(record: MinedRecord): void {
    const key = `${record.level}\u0000${OTHER_PATTERN}\u0001`;
    const bucket = this.overflowGroups.get(key);
    if (bucket) {
      seen(bucket.other!, record);
      return;
    }
    const other = newTemplate([OTHER_PATTERN], record);
    this.overflowGroups.set(key, { level: record.level, component: OTHER_PATTERN, byLength: new Map(), all: [], other });
  }

  /** The patterns of one source, most frequent first. */
  patterns(source = 0): LogPattern[] {
    const out: LogPattern[] = [];
    for (const p of this.sharedPatterns()) {
      const s = p.stats[source];
      if (s) out.push({ pattern: p.pattern, level: p.level, component: p.component, ...s });
    }
    return out.sort(comparePatterns);
  }

  /** Every pattern with its stats per source; templates that became equal by merging are reported as one. */
  sharedPatterns(): SharedPattern[] {
    const byKey = new Map<string, SharedPattern>();
    for (const g of [...this.groups.values(), ...this.overflowGroups.values()]) {
      for (const t of g.other ? [...g.all, g.other] : g.all) {
        const pattern = t.tokens.join(' ');
        const key = `${g.level}\u0000${g.component}\u0000${pattern}`;
        const p = byKey.get(key);
        if (p) mergeStats(p.stats, t.stats);
        else byKey.set(key, { pattern, level: g.level, component: g.component, stats: t.stats.map((s) => s && { ...s }) });
      }
    }
    return [...byKey.values()];
  }

  private leaf(root: TreeNode, tokens: string[]): TreeNode {
    let node = root;
    for (let i = 0; i < Math.min(PREFIX_TOKENS, tokens.length); i++) {
      const word = node.children.has(tokens[i]) || node.children.size < MAX_CHILDREN ? tokens[i] : WILDCARD;
      let child = node.children.get(word);
      if (!child) {
        child = newNode();
        node.children.set(word, child);
      }
      node = child;
    }
    return node;
  }

  /**
   * The template agreeing on most of the message's words (ties: the most wildcards, then the oldest), if they
   * are at least `similarity` of the message's words. Masked positions count for neither side, so two messages
   * of only variable parts and one different word stay apart; a message of only variable parts joins any
   * template of its leaf.
   */
  private bestMatch(templates: Template[], tokens: string[]): Template | undefined {
    let words = 0;
    for (const t of tokens) if (t !== WILDCARD) words++;
    let best: Template | undefined;
    let bestSame = -1;
    let bestWild = -1;
    for (const t of templates) {
      let same = 0;
      let wild = 0;
      for (let i = 0; i < tokens.length; i++) {
        if (t.tokens[i] === WILDCARD) wild++;
        else if (t.tokens[i] === tokens[i]) same++;
      }
      if (same > bestSame || (same === bestSame && wild > bestWild)) {
        best = t;
        bestSame = same;
        bestWild = wild;
      }
    }
    return best && (words === 0 || bestSame / words >= this.similarity) ? best : undefined;
  }
}

/** Most frequent first, then the most severe level, component and pattern: a stable order for output and tests. */
export function comparePatterns(a: LogPattern, b: LogPattern): number {
  return (
    b.count - a.count ||
    (LEVEL_RANK[a.level] ?? 9) - (LEVEL_RANK[b.level] ?? 9) ||
    (a.component < b.component ? -1 : a.component > b.component ? 1 : 0) ||
    (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0)
  );
}
