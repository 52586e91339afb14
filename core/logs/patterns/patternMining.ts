// Mining patterns while indexing: the indexer hands each record it classifies to a PatternMining (its message
// tokenized from the line's bytes, decoded only for a sample), which feeds a template miner and counts the
// records per component and level and their time span. A scan worker mines its part of a file into its own
// PatternMining and sends `part()` back; the parts are absorbed in file order.
import { FieldInterner, LEVEL_NAMES, type LineInfo } from '../lineClassifier';
import { MessageSkeletons, messageTokens, messageTokensOfBytes } from './messageTokens';
import { type LazyMessage, type MinerState, TemplateMiner } from './templateMiner';

/** What mining a range of lines found besides the templates. */
export interface MinedCounts {
  records: number;
  /** Records per component, then per level (maps: a component is any text, "__proto__" included). */
  levels: Map<string, Map<string, number>>;
  /** Epoch ms of the earliest and latest record, null without records. */
  firstTime: number | null;
  lastTime: number | null;
}

/** A part mined in a scan worker: the miner's state and the counts (structured-cloneable). */
export interface MinedPart extends MinedCounts {
  state: MinerState;
}

export function emptyCounts(): MinedCounts {
  return { records: 0, levels: new Map(), firstTime: null, lastTime: null };
}

/** The message of the record being mined, decoded when asked (once). */
class LineMessage implements LazyMessage {
  private b: Buffer = Buffer.alloc(0);
  private lineStart = 0;
  private info: LineInfo | undefined;
  private decoded: string | undefined;

  set(b: Buffer, lineStart: number, info: LineInfo): void {
    this.b = b;
    this.lineStart = lineStart;
    this.info = info;
    this.decoded = undefined;
  }

  text(): string {
    const info = this.info!;
    const { b, lineStart } = this;
    this.decoded ??=
      info.message ??
      (info.messageEscaped
        ? (JSON.parse(b.toString('utf8', lineStart + info.messageStart - 1, lineStart + info.messageEnd + 1)) as string)
        : b.toString('utf8', lineStart + info.messageStart, lineStart + info.messageEnd));
    return this.decoded;
  }
}

/** Words of messages interned at most: a run's constant words are a few hundred; past this, words are decoded each time. */
const MAX_WORDS = 1 << 14;

export class PatternMining {
  readonly counts = emptyCounts();
  private readonly message = new LineMessage();
  private readonly skeletons = new MessageSkeletons(new FieldInterner(MAX_WORDS));

  /** Records go to `miner` as counts of `source` (a run, for comparisons). */
  constructor(
    readonly miner: TemplateMiner = new TemplateMiner(),
    readonly source = 0,
  ) {}

  /** Mines the record classified as `info`, whose line starts at `lineStart` in `b`. */
  record(b: Buffer, lineStart: number, info: LineInfo): void {
    const component = info.component!;
    const level = LEVEL_NAMES[info.level];
    const time = info.time;
    const message = this.message;
    message.set(b, lineStart, info);
    // Most messages are tokenized from their bytes, never decoded; the others (escapes, non-ASCII, quotes) as text.
    const tokens = info.message === undefined && !info.messageEscaped ? messageTokensOfBytes(b, lineStart + info.messageStart, lineStart + info.messageEnd, this.skeletons.words, this.skeletons) : undefined;
    this.miner.addTokens(level, component, tokens ?? messageTokens(message.text()), time, this.source, message);
    const c = this.counts;
    c.records++;
    let byLevel = c.levels.get(component);
    if (!byLevel) c.levels.set(component, (byLevel = new Map()));
    byLevel.set(level, (byLevel.get(level) ?? 0) + 1);
    if (c.firstTime === null || time < c.firstTime) c.firstTime = time;
    if (c.lastTime === null || time > c.lastTime) c.lastTime = time;
  }

  /** What this mined, to send to the thread that absorbs it. */
  part(): MinedPart {
    return { ...this.counts, state: this.miner.state(this.source) };
  }

  /** Adds a part mined elsewhere (parts of one file in file order, so templates begin in the order of the lines). */
  absorb(part: MinedPart): void {
    this.miner.absorb(part.state, this.source);
    addCounts(this.counts, part);
  }
}

export function addCounts(into: MinedCounts, from: MinedCounts): void {
  into.records += from.records;
  for (const [component, levels] of from.levels) {
    let byLevel = into.levels.get(component);
    if (!byLevel) into.levels.set(component, (byLevel = new Map()));
    for (const [level, n] of levels) byLevel.set(level, (byLevel.get(level) ?? 0) + n);
  }
  if (from.firstTime !== null && (into.firstTime === null || from.firstTime < into.firstTime)) into.firstTime = from.firstTime;
  if (from.lastTime !== null && (into.lastTime === null || from.lastTime > into.lastTime)) into.lastTime = from.lastTime;
}
