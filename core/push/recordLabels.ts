// lb's Loki label values of the line the log engine's classifier just decided, read from the byte scanner's
// field positions instead of a record object (JSON.parse's object only for the few lines the scanner leaves to
// it), with a key naming the values (equal keys, equal values) so that a stream is found without building its
// label set. Values follow lbLabelValues exactly: strings only when non-empty, the repetition when it is an
// integer, the phase from `tags.phase`.
import { FieldInterner, LineClassifier, decodeJsonString } from '../logs/lineClassifier';
import {
  F_COMPONENT,
  F_HOST,
  F_PACKAGE,
  F_PHASE,
  F_PLUGIN,
  F_REPETITION,
  F_RUN_ID,
  F_SCENARIO,
  F_TIMESTAMP,
  F_WORKLOAD,
  ScannedFields,
  T_ABSENT,
  T_INTEGER,
  T_OTHER,
  T_STRING,
  viewOf,
} from '../logs/recordScanner';
import { LbLabelValues, lbLabelValues } from './streamLabels';

/** The scanner's fields of lb's string labels, in LB_BUILTIN_LOKI_LABELS order, then the repetition and phase. */
const STRING_FIELDS = [F_COMPONENT, F_HOST, F_RUN_ID, F_WORKLOAD, F_PACKAGE, F_PLUGIN, F_SCENARIO];
const REPETITION = STRING_FIELDS.length;
const PHASE = REPETITION + 1;
/** The scanner's field of each label value (the repetition is read apart). */
const FIELD_OF = [...STRING_FIELDS, -1, F_PHASE];
/** The scanner's fields the labels come from. */
const LABEL_FIELDS = [...STRING_FIELDS, F_REPETITION, F_PHASE];

export interface RecordLabelValues {
  values: LbLabelValues;
  /** Equal keys name equal values (ids of interned values, or the values themselves). */
  key: string;
}

/** Interned ids are below 1024: four of them make one number below 2^40. */
const ID_BASE = 1024;

export class RecordLabels {
  private readonly interners = FIELD_OF.map(() => new FieldInterner());
  /** Label values by the ids of their first four and last four values, then the repetition's text. */
  private readonly known = new Map<number, Map<number, Map<string | undefined, RecordLabelValues>>>();
  private last: RecordLabelValues | undefined;
  private readonly seen: Array<string | undefined> = new Array(PHASE + 1);
  /** The label fields of the line `last` was read from, as bytes: a line whose fields are the same bytes has its labels. */
  private readonly lastType = new Uint8Array(LABEL_FIELDS.length);
  private readonly lastEnd = new Int32Array(LABEL_FIELDS.length);
  private lastBytes = new Uint8Array(1024);
  private lastWords = new DataView(this.lastBytes.buffer);

  /** lb's label values of the line `classifier` last classified as a record, whose bytes are `b`. */
  read(b: Uint8Array, classifier: LineClassifier): RecordLabelValues {
    const scanned = classifier.scannedRecord;
    if (!scanned) {
      const values = lbLabelValues(classifier.parsedObject!);
      this.last = undefined;
      return { values, key: JSON.stringify(values) };
    }
    // Consecutive lines mostly have the same labels: comparing their bytes is cheaper than reading them.
    if (this.last && this.sameFields(b, scanned)) return this.last;
    const labelled = this.readFields(b, scanned);
    this.keepFields(b, scanned, labelled);
    return labelled;
  }

  /** Whether the label fields of `scanned` are those of the line `last` came from, byte for byte. */
  private sameFields(b: Uint8Array, scanned: ScannedFields): boolean {
    const kept = this.lastBytes;
    const keptWords = this.lastWords;
    // Four bytes at a time: a label value is mostly a few words.
    const words = viewOf(b);
    let at = 0;
    for (let k = 0; k < LABEL_FIELDS.length; k++) {
      const field = LABEL_FIELDS[k];
      const type = scanned.type[field];
      if (type !== this.lastType[k]) return false;
      if (type === T_ABSENT) continue;
      const start = scanned.start[field];
      const length = scanned.end[field] - start;
      if (length !== this.lastEnd[k] - at) return false;
      if (length >= 4) {
        // Whole words, the last one overlapping the one before it when the length is not a multiple of four.
        for (let i = 0; i < length - 4; i += 4) if (words.getInt32(start + i) !== keptWords.getInt32(at + i)) return false;
        if (words.getInt32(start + length - 4) !== keptWords.getInt32(at + length - 4)) return false;
      } else {
        for (let i = 0; i < length; i++) if (kept[at + i] !== b[start + i]) return false;
      }
      at += length;
    }
    return true;
  }

  /** Keeps the label fields' bytes of the line `labelled` was read from. */
  private keepFields(b: Uint8Array, scanned: ScannedFields, labelled: RecordLabelValues): void {
    let at = 0;
    for (let k = 0; k < LABEL_FIELDS.length; k++) {
      const field = LABEL_FIELDS[k];
      const type = scanned.type[field];
      this.lastType[k] = type;
      if (type !== T_ABSENT) {
        const start = scanned.start[field];
        const length = scanned.end[field] - start;
        if (at + length > this.lastBytes.length) {
          const grown = new Uint8Array(2 * (at + length));
          grown.set(this.lastBytes.subarray(0, at));
          this.lastBytes = grown;
          this.lastWords = new DataView(grown.buffer);
        }
        this.lastBytes.set(b.subarray(start, start + length), at);
        at += length;
      }
      this.lastEnd[k] = at;
    }
    this.last = labelled;
  }

  /** The label values of the fields `scanned` found. */
  private readFields(b: Uint8Array, scanned: ScannedFields): RecordLabelValues {
    // Values go to a reused array first: a line whose labels are known allocates nothing.
    const seen = this.seen;
    let high = 0;
    let low = 0;
    let interned = true;
    for (let k = 0; k <= PHASE; k++) {
      const field = FIELD_OF[k];
      let id = 0;
      seen[k] = undefined;
      if (field >= 0 && scanned.type[field] === T_STRING) {
        const interner = this.interners[k];
        const value = interner.get(b, scanned.start[field], scanned.end[field], scanned.escaped[field] === 1);
        if (interner.lastId < 0) interned = false;
        if (value !== '') {
          seen[k] = value;
          id = interner.lastId;
        }
      }
      if (k < 4) high = high * ID_BASE + id;
      else if (k !== REPETITION) low = low * ID_BASE + id;
    }
    const repetition = repetitionLabel(b, scanned);
    seen[REPETITION] = repetition;
    if (!interned) {
      const values = valuesOf(seen);
      return { values, key: JSON.stringify(values) };
    }
    let byLow = this.known.get(high);
    if (!byLow) this.known.set(high, (byLow = new Map()));
    let byRepetition = byLow.get(low);
    if (!byRepetition) byLow.set(low, (byRepetition = new Map()));
    let labelled = byRepetition.get(repetition);
    if (!labelled) byRepetition.set(repetition, (labelled = { values: valuesOf(seen), key: `${high}|${low}|${repetition ?? ''}` }));
    return labelled;
  }
}

/** The values set, as lbLabelValues leaves them (unset ones absent). */
function valuesOf(seen: Array<string | undefined>): LbLabelValues {
  const values: LbLabelValues = new Array(seen.length);
  for (let k = 0; k < seen.length; k++) if (seen[k] !== undefined) values[k] = seen[k];
  return values;
}

/** The timestamp's text of the line `classifier` last classified as a record, whose bytes are `b`. */
export function timestampText(b: Uint8Array, classifier: LineClassifier): string {
  const scanned = classifier.scannedRecord;
  if (!scanned) return classifier.parsedObject!.timestamp as string;
  return decodeJsonString(b, scanned.start[F_TIMESTAMP], scanned.end[F_TIMESTAMP], scanned.escaped[F_TIMESTAMP] === 1);
}

/** lb's own form, `2026-11-21T13:56:39.603580Z` as written (no escapes): its nanoseconds follow from the parsed ms. */
export function isLbTimestamp(b: Uint8Array, classifier: LineClassifier): boolean {
  const scanned = classifier.scannedRecord;
  if (!scanned || scanned.escaped[F_TIMESTAMP] === 1) return false;
  const start = scanned.start[F_TIMESTAMP];
  return scanned.end[F_TIMESTAMP] - start === 27 && b[start + 19] === 0x2e && b[start + 26] === 0x5a;
}

/** The repetition as lb labels it: any integer JSON.parse reads from the value (`1.0` and `1e2` included). */
function repetitionLabel(b: Uint8Array, scanned: ScannedFields): string | undefined {
  const type = scanned.type[F_REPETITION];
  if (type === T_INTEGER) return String(scanned.integer);
  if (type !== T_OTHER) return undefined;
  const first = b[scanned.start[F_REPETITION]];
  if (first !== 0x2d && (first < 0x30 || first > 0x39)) return undefined;
  const v = Number(Buffer.from(b.buffer, b.byteOffset + scanned.start[F_REPETITION], scanned.end[F_REPETITION] - scanned.start[F_REPETITION]).toString('latin1'));
  return Number.isInteger(v) ? String(v) : undefined;
}
