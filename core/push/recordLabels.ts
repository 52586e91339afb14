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

export interface RecordFields {
  values: LbLabelValues;
  /** Equal keys name equal values (ids of interned values, or the values themselves). */
  key: string;
  timestamp: string;
}

export class RecordLabels {
  private readonly interners = FIELD_OF.map(() => new FieldInterner());
  private readonly ids: number[] = new Array(PHASE + 1);

  /** The fields of the line `classifier` last classified as a record, whose bytes are `b`. */
  read(b: Uint8Array, classifier: LineClassifier): RecordFields {
    const scanned = classifier.scannedRecord;
    if (!scanned) {
      const record = classifier.parsedObject!;
      const values = lbLabelValues(record);
      return { values, key: JSON.stringify(values), timestamp: record.timestamp as string };
    }
    const values: LbLabelValues = new Array(PHASE + 1);
    const ids = this.ids;
    let interned = true;
    for (let k = 0; k <= PHASE; k++) {
      const field = FIELD_OF[k];
      ids[k] = 0;
      if (field < 0 || scanned.type[field] !== T_STRING) continue;
      const interner = this.interners[k];
      const value = interner.get(b, scanned.start[field], scanned.end[field], scanned.escaped[field] === 1);
      if (interner.lastId < 0) interned = false;
      if (value !== '') {
        values[k] = value;
        ids[k] = interner.lastId;
      }
    }
    const repetition = repetitionLabel(b, scanned);
    if (repetition !== undefined) values[REPETITION] = repetition;
    const key = interned ? `${ids.join(',')}|${repetition ?? ''}` : JSON.stringify(values);
    const timestamp = decodeJsonString(b, scanned.start[F_TIMESTAMP], scanned.end[F_TIMESTAMP], scanned.escaped[F_TIMESTAMP] === 1);
    return { values, key, timestamp };
  }
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
