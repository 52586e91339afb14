// What the pipeline preview exchanges with its engine (run.go of wasm/alloy): the stages of one loki.process
// block as data, the sample entries, and per entry what Alloy would send on (or which stage dropped it).

/** One `stage.X` block: its type (`regex`), an id naming it for the user, its attributes by Alloy's names. */
export interface StageSpec {
  type: string;
  id: string;
  config: Record<string, unknown>;
  /** stage.match's own stages. */
  stages?: StageSpec[];
}

export interface SampleEntry {
  line: string;
  labels?: Record<string, string>;
  /** RFC 3339 with nanoseconds; the engine's clock when absent (as loki.source.file stamps lines it reads). */
  timestamp?: string;
}

export interface PipelineRequest {
  stages: StageSpec[];
  entries: SampleEntry[];
  /** Stands for the wall clock (RFC 3339); the real clock when absent. */
  now?: string;
}

export interface MetadataPair {
  name: string;
  value: string;
}

export type ExtractedValue = string | number | boolean | null;

export interface EntryResult {
  line: string;
  labels: Record<string, string>;
  structuredMetadata: MetadataPair[];
  timestamp: string;
  extracted: Record<string, ExtractedValue>;
  /** The id of the stage that dropped the entry. */
  droppedBy?: string;
  /** The reason Alloy counts the drop under (loki_process_dropped_lines_total). */
  dropReason?: string;
  /** The id of the stage holding the entry to send it joined with a later one (stage.cri's partial lines). */
  heldBy?: string;
  /** Stages the entry passed that the engine does not run (the entry went on unchanged). */
  notSimulated?: string[];
}

export interface PipelineResponse {
  /** A configuration Alloy would refuse when building the pipeline: no entry is run. */
  error?: { stage?: string; message: string };
  /** Ids of the stages the engine does not run. */
  notSimulated: string[];
  results: EntryResult[];
}
