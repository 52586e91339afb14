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
  T_INTEGER,
  T_OTHER,
  T_STRING,
} from '../logs/recordScanner';
import { LbLabelValues, lbLabelValues } from './streamLabels';

/** The scanner's fields of lb's string labels, in LB_BUILTIN_LOKI_LABELS order, then the repetition and phase. */
const STRING_FIELDS = [F_COMPONENT, F_HOST, F_RUN_ID, F_WORKLOAD, F_PACKAGE, F_PLUGIN, F_SCENARIO];
const REPETITION = STRING_FIELDS.length;
const PHASE = REPETITION + 1;
/** The scanner's field of each label value (the repetition is read apart). */
const FIELD_OF = [...STRING_FIELDS, -1, F_PHASE];

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
  private lastHigh = -1;
  private lastLow = -1;
  private lastRepetition: string | undefined;
  private readonly seen: Array<string | undefined> = new Array(PHASE + 1);

  /** lb's label values of the line `classifier` last classified as a record, whose bytes are `b`. */
  read(b: Uint8Array, classifier: LineClassifier): RecordLabelValues {
    const scanned = classifier.scannedRecord;
    if (!scanned) {
      const values = lbLabelValues(classifier.parsedObject!);
      return { values, key: JSON.stringify(values) };
    }
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
    if (this.last && high === this.lastHigh && low === this.lastLow && repetition === this.lastRepetition) return this.last;
    let byLow = this.known.get(high);
    if (!byLow) this.known.set(high, (byLow = new Map()));
    let byRepetition = byLow.get(low);
    if (!byRepetition) byLow.set(low, (byRepetition = new Map()));
    let labelled = byRepetition.get(repetition);
    if (!labelled) byRepetition.set(repetition, (labelled = { values: valuesOf(seen), key: `${high}|${low}|${repetition ?? ''}` }));
    this.last = labelled;
    this.lastHigh = high;
    this.lastLow = low;
    this.lastRepetition = repetition;
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
