// Drain-style template miner (He et al., "Drain: An Online Log Parsing Approach with Fixed Depth Tree", 2017):
// records are fed one by one; per level and component, a message goes down a tree keyed by its token count and
// its first word (one word, not Drain's usual two: "workload fio ..." and "workload dfaas ..." must meet) to a
// leaf holding templates, joins the most similar template when enough words agree (differing positions become
// the wildcard) or starts a new one. Deterministic for a given order of records. Records carry a source number
// (a run): runs mined by one miner share their templates, so a message of two runs gets the same pattern in
// both and their counts compare. Memory is bounded: past `maxTemplates`, messages that match no template are
// counted in an "other" bucket of their level and component instead of starting one. A miner's state can be
// sent to another thread and absorbed by another miner (`state`, `absorb`): the scan workers mine their parts of
// a file and the parts are absorbed in file order, each template joining its best match as a message would.
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

export interface SourceStats {
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

/** A miner's templates and counts of one source, as plain data (structured-cloneable), in the order they began. */
export interface MinerState {
  groups: Array<{ level: LogLevel; component: string; templates: Array<{ tokens: string[]; stats: SourceStats }>; other?: SourceStats }>;
  /** The "other" buckets of records whose component came past the group cap, per level. */
  overflow: Array<{ level: LogLevel; stats: SourceStats }>;
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
  /** The tokens of the last record templateFor placed in this group, and its template. */
  lastTokens?: string[];
  lastTemplate?: Template;
}

const LEVEL_RANK: Record<string, number> = { CRITICAL: 0, ERROR: 1, WARNING: 2, INFO: 3, DEBUG: 4 };

function newNode(): TreeNode {
  return { children: new Map(), templates: [] };
}

/** A record's message not decoded yet: it is only read when it becomes a pattern's sample. */
export interface LazyMessage {
  text(): string;
}

function sampleOf(message: string | LazyMessage): string {
  return (typeof message === 'string' ? message : message.text()).slice(0, SAMPLE_CHARS);
}

function seen(t: Template, source: number, time: number, message: string | LazyMessage): void {
  const s = t.stats[source];
  if (!s) {
    t.stats[source] = { count: 1, first: time, last: time, sample: sampleOf(message) };
    return;
  }
  s.count++;
  if (time < s.first) {
    s.first = time;
    s.sample = sampleOf(message);
  }
  if (time > s.last) s.last = time;
}

/** Adds the counts `f` of one source to `into[source]`, as if its messages had been seen after those counted. */
function addStats(into: Array<SourceStats | undefined>, source: number, f: SourceStats): void {
  const s = into[source];
  if (!s) {
    into[source] = { ...f };
    return;
  }
  s.count += f.count;
  if (f.first < s.first) {
    s.first = f.first;
    s.sample = f.sample;
  }
  if (f.last > s.last) s.last = f.last;
}

function mergeStats(into: Array<SourceStats | undefined>, from: Array<SourceStats | undefined>): void {
  from.forEach((f, source) => {
    if (f) addStats(into, source, f);
  });
}

export class TemplateMiner {
  private readonly groups = new Map<string, Group>();
  /** The same groups by component, then by level rank. */
  private readonly groupsByComponent = new Map<string, Group[]>();
  /** Records of components beyond the group cap: pattern and component `<other>`, per level. */
  private readonly overflowGroups = new Map<string, Group>();
  private readonly maxTemplates: number;
  private readonly similarity: number;
  private templates = 0;
  /** Positions where the template bestMatch last returned differs from the message (the wildcards it will gain). */
  private differing = 0;
  /** The group groupOf last returned, and its level and component: records of one component come in runs. */
  private last: Group | undefined;

  constructor(options: MinerOptions = {}) {
    this.maxTemplates = options.maxTemplates ?? 1000;
    this.similarity = options.similarity ?? 0.5;
  }

  add(record: MinedRecord): void {
    this.addTokens(record.level, record.component, messageTokens(record.message), record.time, record.source ?? 0, record.message);
  }

  /**
   * A record whose message's tokens are known already (messageTokensOfBytes): the message is read only for a
   * sample. `tokens` is read, never kept: messages of one skeleton share their array.
   */
  addTokens(level: LogLevel, component: string, tokens: string[], time: number, source: number, message: string | LazyMessage): void {
    const group = this.groupOf(level, component);
    seen(group ? this.templateFor(group, tokens) : this.overflowBucket(level), source, time, message);
  }

  /** This miner's templates with their counts of `source`, to be absorbed by another miner. */
  state(source = 0): MinerState {
    const stats = (t: Template) => t.stats[source];
    const counted = (t: Template): t is Template & { stats: SourceStats[] } => stats(t) !== undefined;
    return {
      groups: [...this.groups.values()].map((g) => ({
        level: g.level,
        component: g.component,
        templates: g.all.filter(counted).map((t) => ({ tokens: [...t.tokens], stats: { ...stats(t)! } })),
        ...(g.other && stats(g.other) ? { other: { ...stats(g.other)! } } : {}),
      })),
      overflow: [...this.overflowGroups.values()].filter((g) => stats(g.other!)).map((g) => ({ level: g.level, stats: { ...stats(g.other!)! } })),
    };
  }

  /**
   * Adds another miner's state as counts of `source`: each of its templates, in the order they began, joins
   * its best match here (differing words becoming the wildcard) or starts a template, as a message with the
   * template's words would; counts, first and last times and samples add up.
   */
  absorb(state: MinerState, source = 0): void {
    for (const g of state.groups) {
      const group = this.groupOf(g.level, g.component);
      for (const t of g.templates) addStats((group ? this.templateFor(group, [...t.tokens]) : this.overflowBucket(g.level)).stats, source, t.stats);
      if (g.other) addStats((group ? this.otherOf(group) : this.overflowBucket(g.level)).stats, source, g.other);
    }
    for (const o of state.overflow) addStats(this.overflowBucket(o.level).stats, source, o.stats);
  }

  /** The group of a level and component; undefined past the group cap (the records go to the overflow bucket). */
  private groupOf(level: LogLevel, component: string): Group | undefined {
    const last = this.last;
    if (last !== undefined && last.component === component && last.level === level) return last;
    // Found without building a key string: this runs for every record.
    let byLevel = this.groupsByComponent.get(component);
    const found = byLevel?.[LEVEL_RANK[level]];
    if (found) return (this.last = found);
    // Components are any text: past as many groups as templates, new ones share one bucket per level.
    if (this.groups.size >= this.maxTemplates) return undefined;
    const group: Group = { level, component, byLength: new Map(), all: [] };
    this.groups.set(`${level}\u0000${component}`, group);
    if (!byLevel) this.groupsByComponent.set(component, (byLevel = []));
    byLevel[LEVEL_RANK[level]] = group;
    return (this.last = group);
  }

  /** The template a message of these tokens counts in: its best match (generalised), a new one, or the "other" bucket past the cap. */
  private templateFor(group: Group, tokens: string[]): Template {
    // The tokens array of the group's last record (messages of one skeleton share theirs): its template. Only
    // that record could have changed the group's templates since, and a message placed again lands where it did.
    if (tokens === group.lastTokens) return group.lastTemplate!;
    const t = this.findTemplate(group, tokens);
    group.lastTokens = tokens;
    group.lastTemplate = t;
    return t;
  }

  private findTemplate(group: Group, tokens: string[]): Template {
    let root = group.byLength.get(tokens.length);
    if (!root) {
      root = newNode();
      group.byLength.set(tokens.length, root);
    }
    const leaf = this.leaf(root, tokens);
    const match = this.bestMatch(leaf.templates, tokens);
    if (match) {
      // Most messages agree with their template already (bestMatch found no position to generalise).
      if (this.differing > 0) for (let i = 0; i < tokens.length; i++) if (match.tokens[i] !== tokens[i]) match.tokens[i] = WILDCARD;
      return match;
    }
    if (this.templates >= this.maxTemplates) return this.otherOf(group);
    // A copy: the caller's array may be shared, and a template's words change as it generalises.
    const t: Template = { tokens: tokens.slice(), stats: [] };
    leaf.templates.push(t);
    group.all.push(t);
    this.templates++;
    return t;
  }

  private otherOf(group: Group): Template {
    group.other ??= { tokens: [OTHER_PATTERN], stats: [] };
    return group.other;
  }

  /** Records of components beyond the group cap: pattern and component `<other>`, per level. */
  private overflowBucket(level: LogLevel): Template {
    const key = `${level}\u0000${OTHER_PATTERN}\u0001`;
    let bucket = this.overflowGroups.get(key);
    if (!bucket) {
      bucket = { level, component: OTHER_PATTERN, byLength: new Map(), all: [], other: { tokens: [OTHER_PATTERN], stats: [] } };
      this.overflowGroups.set(key, bucket);
    }
    return bucket.other!;
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
      let child = node.children.get(tokens[i]);
      const word = child !== undefined || node.children.size < MAX_CHILDREN ? tokens[i] : WILDCARD;
      child ??= node.children.get(word);
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
    for (let i = 0; i < tokens.length; i++) if (tokens[i] !== WILDCARD) words++;
    let best: Template | undefined;
    let bestSame = -1;
    let bestWild = -1;
    for (let k = 0; k < templates.length; k++) {
      const t = templates[k].tokens;
      let same = 0;
      let wild = 0;
      for (let i = 0; i < tokens.length; i++) {
        if (t[i] === WILDCARD) wild++;
        else if (t[i] === tokens[i]) same++;
      }
      if (same > bestSame || (same === bestSame && wild > bestWild)) {
        best = templates[k];
        bestSame = same;
        bestWild = wild;
      }
    }
    this.differing = tokens.length - bestSame - bestWild;
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
