// The workspace label model: which label names reach Loki, who produces each and how (stream label or structured
// metadata), from every source in the workspace (lb configs, Alloy pipelines, Promtail's scrape configs, Kubernetes
// discovery relabelling in Alloy or in `relabel_configs`) and the names Loki has seen. The language server keeps it current
// as files change; the LogQL label warnings, hover, Go to Definition and the link builder read it.
import * as path from 'path';
import { RE2JS } from 're2js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ClassifyOptions, classifyDocument } from '../documents/kind';
import { tooLargeToCheck } from '../documents/sizeLimit';
import { alloyLabels } from './alloyLabels';
import { lbConfigLabels } from './lbLabels';
import type { LabelModel, LabelProducer } from '../labelModel/labelModel';
import { mayHoldScrapeLabels, promtailLabels } from './promtailLabels';

export type { LabelProducer, LabelSourceKind } from '../labelModel/labelModel';

/** Whether `file` is `folder` or inside it: the one test of the model, its service and the label hover. */
export function insideFolder(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/** How a file is read: the classify settings of its folder, or a kind known from where it is (lb's own config folder). */
export interface LabelFileOptions {
  classify?: ClassifyOptions;
  kind?: 'lb-run-config' | 'lb-platform-config';
}

/**
 * The producers a document holds, by its kind; none for documents that produce no labels; undefined when an
 * Alloy configuration does not parse (being typed, or read while being written).
 */
function producersOf(file: string, text: string, options: LabelFileOptions): LabelProducer[] | undefined {
  if (tooLargeToCheck(text)) return [];
  const kind = options.kind ?? classifyDocument(file, text, options.classify ?? {});
  if (kind === 'unknown' && /\.ya?ml$/i.test(file) && mayHoldScrapeLabels(text)) return promtailLabels(file, TextDocument.create(file, 'yaml', 0, text));
  if (kind !== 'lb-run-config' && kind !== 'lb-platform-config' && kind !== 'alloy' && kind !== 'alloy-yaml') return [];
  const document = TextDocument.create(file, kind === 'alloy' ? 'alloy' : kind === 'alloy-yaml' ? 'yaml' : 'json', 0, text);
  return kind === 'alloy' || kind === 'alloy-yaml' ? alloyLabels(file, document, kind === 'alloy-yaml') : lbConfigLabels(file, document);
}

const SOURCE_NAMES: Record<LabelProducer['kind'], string> = { lb: 'lb', alloy: 'Alloy', promtail: 'Promtail', kubernetes: 'Kubernetes discovery', loki: 'Loki' };

export class WorkspaceLabels implements LabelModel {
  private readonly byFile = new Map<string, LabelProducer[]>();
  private lokiNames: ReadonlySet<string> | undefined;
  private pending = false;
  private changes = 0;
  private cached: { version: number; stream: string[]; all: string[] } | undefined;
  private readonly patterns = new Map<string, RE2JS | undefined>();

  /** Increases whenever the label set changes. */
  get version(): number {
    return this.changes;
  }

  /**
   * (Re)reads one file; true when the label set changed. An Alloy file with syntax errors keeps the labels of its
   * last good version, so that typing in a pipeline does not make every query's labels unknown for a moment.
   */
  setDocument(file: string, text: string, options: LabelFileOptions = {}): boolean {
    const before = this.byFile.get(file) ?? [];
    const producers = producersOf(file, text, options) ?? before;
    if (producers.length === 0) this.byFile.delete(file);
    else this.byFile.set(file, producers);
    return this.changedIf(diagnosticFacts(before) !== diagnosticFacts(producers));
  }

  removeDocument(file: string): boolean {
    return this.changedIf(this.byFile.delete(file));
  }

  /** Forgets every file under a folder (a workspace folder closed); true when the label set changed. */
  removeUnder(folder: string): boolean {
    const gone = [...this.byFile.keys()].filter((file) => insideFolder(file, folder));
    for (const file of gone) this.byFile.delete(file);
    return this.changedIf(gone.length > 0);
  }

  /** The label names Loki saw in the last 24 hours; undefined when no Loki is configured or it did not answer. */
  setLokiLabels(names: readonly string[] | undefined): boolean {
    const next = names === undefined ? undefined : new Set(names);
    const same = next === this.lokiNames || (next !== undefined && this.lokiNames !== undefined && next.size === this.lokiNames.size && [...next].every((n) => this.lokiNames!.has(n)));
    this.lokiNames = next;
    return this.changedIf(!same);
  }

  /**
   * A Loki is configured but has not answered yet: until it does, a label absent from the workspace may be one
   * Loki knows, so none is reported as unknown.
   */
  setLokiPending(pending: boolean): boolean {
    const changed = this.pending !== pending;
    this.pending = pending;
    return this.changedIf(changed);
  }

  get lokiPending(): boolean {
    return this.pending;
  }

  /** Whether Loki's label names are known (a configured Loki answered). */
  get lokiKnown(): boolean {
    return this.lokiNames !== undefined;
  }

  /** Whether anything tells which labels exist: a source in the workspace or Loki's answer. */
  hasSources(): boolean {
    return this.byFile.size > 0 || this.lokiNames !== undefined;
  }

  /**
   * Who produces `name`: the sources that name it, the rules that may produce it (named `name` here, with their
   * `namePattern`), and Loki.
   */
  producers(name: string): LabelProducer[] {
    const found = [...this.byFile.values()].flatMap((list) =>
      list.flatMap((p) => (p.namePattern === undefined ? (p.name === name ? [p] : []) : this.mayName(p.namePattern, name) ? [{ ...p, name }] : [])),
    );
    if (this.lokiNames?.has(name)) found.push({ name, kind: 'loki', as: 'stream', detail: 'seen by Loki in the last 24 hours' });
    return found;
  }

  /** Whether a rule whose names are known only when it runs (a labelmap rule) may produce `name`. */
  mayProduce(name: string): boolean {
    return [...this.byFile.values()].some((list) => list.some((p) => p.namePattern !== undefined && this.mayName(p.namePattern, name)));
  }

  private mayName(pattern: string, name: string): boolean {
    if (!this.patterns.has(pattern)) {
      let compiled: RE2JS | undefined;
      try {
        compiled = RE2JS.compile(pattern);
      } catch {
        // A group's pattern that RE2 refuses alone: the rule may give any name.
      }
      this.patterns.set(pattern, compiled);
    }
    return this.patterns.get(pattern)?.matches(name) ?? true;
  }

  /** The producers one file holds. */
  producersIn(file: string): readonly LabelProducer[] {
    return this.byFile.get(file) ?? [];
  }

  /** Every name produced as a stream label by some source, or seen by Loki (not those a rule may produce: mayProduce). */
  streamLabelNames(): string[] {
    return this.names('stream');
  }

  /** Every name produced by some source, as a stream label or structured metadata, or seen by Loki. */
  allLabelNames(): string[] {
    return this.names('all');
  }

  /** Where labels come from, for messages: `lb (benchmark_config.json), Alloy (pipeline.alloy), Loki`. */
  sourceSummary(): string {
    const files = new Map<string, Set<string>>();
    for (const [file, list] of this.byFile) {
      for (const p of list) {
        const kind = SOURCE_NAMES[p.kind];
        if (!files.has(kind)) files.set(kind, new Set());
        files.get(kind)!.add(path.basename(file));
      }
    }
    const parts = Object.values(SOURCE_NAMES)
      .filter((kind) => files.has(kind))
      .map((kind) => `${kind} (${[...files.get(kind)!].sort().join(', ')})`);
    if (this.lokiNames) parts.push("Loki's labels of the last 24 hours");
    return parts.join(', ');
  }

  /** Computed once per version: every query of every checked document asks. */
  private names(keep: 'stream' | 'all'): string[] {
    if (this.cached?.version !== this.changes) {
      const stream = new Set(this.lokiNames ?? []);
      const all = new Set(this.lokiNames ?? []);
      for (const list of this.byFile.values()) {
        for (const p of list) {
          // A rule's template is no name; a name only extracted never reaches Loki.
          if (p.namePattern !== undefined || p.as === 'extracted') continue;
          all.add(p.name);
          if (p.as === 'stream') stream.add(p.name);
        }
      }
      this.cached = { version: this.changes, stream: [...stream].sort(), all: [...all].sort() };
    }
    return [...this.cached[keep]];
  }

  private changedIf(changed: boolean): boolean {
    if (changed) this.changes++;
    return changed;
  }
}

/**
 * What other documents' diagnostics may say of a file's producers: everything but where on its line a name is (a
 * message names a producer's file and line). Typing that only moves names along their lines (most keystrokes in a
 * pipeline) is then no change, and the documents that hold LogQL are not checked again for it; hover and definition
 * read the positions kept, which are always the latest.
 */
function diagnosticFacts(producers: readonly LabelProducer[]): string {
  return JSON.stringify(producers.map(({ range, ...facts }) => ({ ...facts, line: range?.start.line })));
}
