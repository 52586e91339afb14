// Dictionary encoding of the filterable fields. A line's component, host, workload, repetition and phase
// are stored together as one small id (like a Loki stream): a run has few distinct combinations, so each
// line costs two bytes for all five, and a filter is decided once per combination instead of once per line.

export interface LabelSet {
  component?: string;
  host?: string;
  workload?: string;
  repetition?: number;
  phase?: string;
}

/** Id 0 is the empty set, used for malformed lines. */
export class LabelSetTable {
  private readonly sets: LabelSet[] = [{}];
  private readonly ids = new Map<string, number>([[setKey(undefined, undefined, undefined, -1, undefined), 0]]);
  private lastComponent: string | undefined;
  private lastHost: string | undefined;
  private lastWorkload: string | undefined;
  private lastRepetition = -1;
  private lastPhase: string | undefined;
  private lastId = 0;

  get size(): number {
    return this.sets.length;
  }

  get(id: number): LabelSet {
    return this.sets[id];
  }

  /** `repetition` -1 means none. Consecutive lines mostly share their set: that case is a few comparisons. */
  idOf(component: string | undefined, host: string | undefined, workload: string | undefined, repetition: number, phase: string | undefined): number {
    if (
      component === this.lastComponent &&
      host === this.lastHost &&
      workload === this.lastWorkload &&
      repetition === this.lastRepetition &&
      phase === this.lastPhase
    ) {
      return this.lastId;
    }
    const key = setKey(component, host, workload, repetition, phase);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.sets.length;
      const set: LabelSet = {};
      if (component !== undefined) set.component = component;
      if (host !== undefined) set.host = host;
      if (workload !== undefined) set.workload = workload;
      if (repetition >= 0) set.repetition = repetition;
      if (phase !== undefined) set.phase = phase;
      this.sets.push(set);
      this.ids.set(key, id);
    }
    this.lastComponent = component;
    this.lastHost = host;
    this.lastWorkload = workload;
    this.lastRepetition = repetition;
    this.lastPhase = phase;
    this.lastId = id;
    return id;
  }

  idOfSet(set: LabelSet): number {
    return this.idOf(set.component, set.host, set.workload, set.repetition ?? -1, set.phase);
  }

  /** The sets from `from` on, to ship another table's new entries across threads. */
  slice(from: number): LabelSet[] {
    return this.sets.slice(from);
  }
}

function setKey(component: string | undefined, host: string | undefined, workload: string | undefined, repetition: number, phase: string | undefined): string {
  return JSON.stringify([component ?? null, host ?? null, workload ?? null, repetition, phase ?? null]);
}
