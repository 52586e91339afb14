// Keeps the workspace label model current in the language server: the workspace folders' files read after
// start-up (in the background: the server answers before), again when folders are added or the file settings
// change, lb's own configs (core/labels/labelSources.ts: its user folder's platform.json and config.json, the run
// config $LB_CONFIG_PATH or its pointer file names), watched files as they change on disk (the pointer and its
// target too), open documents as they are edited (the editor's text wins over the disk's), and the label names the
// configured Loki saw in the last 24 hours. Whenever the label set changes, `onChange` re-validates the open
// documents.
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  Connection,
  DidChangeWatchedFilesNotification,
  Disposable,
  FileChangeType,
  TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { loadAlloyParser } from '../../../core/alloy/syntaxWasm';
import type { ClassifyOptions } from '../../../core/documents/kind';
import { uriToPath } from '../../../core/documents/kind';
import { LB_CONFIG_POINTER, LB_USER_CONFIGS, LbConfigKind, LbConfigScope, mayProduceLabels, readBounded, readLabelSources } from '../../../core/labels/labelSources';
import { insideFolder, WorkspaceLabels } from '../../../core/labels/workspaceLabels';
import type { Logger } from '../../../core/logging/logger';
import { moduleLogger } from '../../../core/logging/logger';
import { lokiLabels, lokiLabelValues } from '../../../core/loki/api';
import type { LokiConnection } from '../../../core/loki/connection';
import { connectionKey } from '../logql/labelSource';

const LOKI_TTL_MS = 30_000;
const LOKI_TIMEOUT_MS = 3_000;
const LOOKBACK_MS = 24 * 3600_000;
/** A hover waits this long for Loki's values of a label, then shows the producers alone. */
const HOVER_BUDGET_MS = 1_000;
/** How long the first validations wait for the workspace's files before going ahead without them. */
const SCAN_WAIT_MS = 2_000;
/** An edited document's labels are read again once its text has not changed for this long. */
const EDIT_PAUSE_MS = 200;

export interface LabelServiceHost {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  logger(): Logger;
  /** The label set changed: open documents should be validated again. */
  onChange(): void;
  /** The file settings (lbObs.config globs) of a folder or file URI. */
  classifySettings(scopeUri: string): Promise<ClassifyOptions>;
  /** Where lb's own configs are (its user folder, $LB_CONFIG_PATH); relative paths go against each workspace folder. */
  lb: Omit<LbConfigScope, 'relativeTo'>;
}

/** How the client watches files for us. */
export interface WatchSupport {
  files: boolean;
  /** Patterns based outside the workspace (lb's user config folder). */
  relativePatterns: boolean;
}

export class WorkspaceLabelsService {
  readonly model = new WorkspaceLabels();
  private scan: Promise<void> | undefined;
  private folders: string[] = [];
  private readonly pendingDocs = new Map<string, NodeJS.Timeout>();
  private loki: { key: string; fetchedAt: number; inFlight?: Promise<void> } | undefined;
  /** lb's own configs (its user folder's, the run config it is pointed at), with their kind, as last read. */
  private lbSources = new Map<string, LbConfigKind>();
  private watch: WatchSupport = { files: false, relativePatterns: false };
  private lbTargetWatch: Promise<Disposable> | undefined;

  constructor(private readonly host: LabelServiceHost) {
    host.documents.onDidChangeContent((e) => this.documentChanged(e.document));
    host.documents.onDidClose((e) => void this.reread(uriToPath(e.document.uri)));
    host.connection.onDidChangeWatchedFiles((params) => {
      for (const change of params.changes) {
        const file = uriToPath(change.uri);
        if (!change.uri.startsWith('file:') || this.host.documents.get(change.uri)) continue;
        if (this.isLbFile(file)) this.read([], false);
        else if (!mayProduceLabels(file)) continue;
        else if (change.type === FileChangeType.Deleted) this.changed(this.model.removeDocument(file));
        else void this.reread(file);
      }
    });
  }

  /** Registers the file watchers (when the client lets servers do so) and reads the workspace in the background. */
  start(folders: readonly string[], watch: WatchSupport): void {
    this.watch = watch;
    if (watch.files) {
      const lbUserFiles = { baseUri: pathToFileURL(this.host.lb.lbConfigDir).toString(), pattern: `{${[...Object.keys(LB_USER_CONFIGS), LB_CONFIG_POINTER].join(',')}}` };
      void this.host.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{alloy,yaml,yml,json}' }, ...(watch.relativePatterns ? [{ globPattern: lbUserFiles }] : [])],
      });
    }
    this.folders = [...folders];
    this.read([...folders], true);
  }

  /** Workspace folders were added or removed: the added ones are read, the removed ones' labels forgotten. */
  foldersChanged(added: readonly string[], removed: readonly string[]): void {
    this.folders = [...this.folders.filter((f) => !removed.includes(f)), ...added];
    this.changed(removed.map((folder) => this.model.removeUnder(folder)).some(Boolean));
    // Relative paths lb is pointed at are resolved against the folders: read lb's configs again too.
    this.read([...added], false);
  }

  /** The file settings changed (which files are lb configs): every folder is read again. */
  settingsChanged(): void {
    this.read([...this.folders], false);
  }

  /**
   * Reads lb's configs and the folders' files in the background; a later read waits for the one before. lb's
   * configs no longer pointed at are forgotten (or read as any other file where they are in the workspace), and the
   * pointed ones outside lb's user folder are watched.
   */
  private read(folders: string[], first: boolean): void {
    const previous = this.scan ?? Promise.resolve();
    this.scan = previous.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(async () => {
      const before = this.model.version;
      try {
        const earlier = this.lbSources;
        this.lbSources = await readLabelSources(folders, this.lbScope(), async (file, text, kind) => {
          if (this.host.documents.get(pathToFileURL(file).toString())) return;
          if (text === undefined) this.model.removeDocument(file);
          else await this.apply(file, text, kind ?? 'classify');
        });
        for (const file of earlier.keys()) {
          if (this.lbSources.has(file)) continue;
          if (this.folders.some((f) => insideFolder(file, f)) || this.host.documents.get(pathToFileURL(file).toString())) await this.reread(file, false);
          else this.model.removeDocument(file);
        }
        if (first || [...this.lbSources.keys()].join('\n') !== [...earlier.keys()].join('\n')) this.watchLbTargets();
      } catch (err) {
        moduleLogger(this.host.logger(), 'labels').error({ err }, 'reading the workspace labels failed');
      }
      this.changed(this.model.version !== before);
    });
  }

  /** Resolves when the workspace files have been read, or after a short wait (validation then goes ahead). */
  async ready(): Promise<void> {
    if (!this.scan) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.scan, new Promise((resolve) => (timer = setTimeout(resolve, SCAN_WAIT_MS)))]);
    clearTimeout(timer);
  }

  /**
   * Brings Loki's label names up to date (at most every 30 s per connection), in the background: until the
   * first answer the model knows Loki is pending, so no label is reported unknown meanwhile.
   */
  refreshLoki(loki: LokiConnection | undefined): void {
    if (!loki) {
      this.loki = undefined;
      const names = this.model.setLokiLabels(undefined);
      this.changed(this.model.setLokiPending(false) || names);
      return;
    }
    const key = connectionKey(loki);
    if (this.loki?.key === key && (this.loki.inFlight || Date.now() - this.loki.fetchedAt < LOKI_TTL_MS)) return;
    if (this.loki?.key !== key) this.model.setLokiPending(true);
    const state: { key: string; fetchedAt: number; inFlight?: Promise<void> } = { key, fetchedAt: 0 };
    this.loki = state;
    const before = this.model.version;
    const end = Date.now();
    state.inFlight = lokiLabels(loki, { start: end - LOOKBACK_MS, end, signal: AbortSignal.timeout(LOKI_TIMEOUT_MS) })
      .then(
        (names) => void this.model.setLokiLabels(names),
        (err: Error) => {
          moduleLogger(this.host.logger(), 'labels').warn(`Loki's label names could not be read: ${err.message}`);
          this.model.setLokiLabels(undefined);
        },
      )
      .finally(() => {
        state.fetchedAt = Date.now();
        state.inFlight = undefined;
        if (this.loki !== state) return;
        this.model.setLokiPending(false);
        this.changed(this.model.version !== before);
      });
  }

  /**
   * How many values Loki has for a label in the last 24 hours; undefined without a Loki, or when it does not
   * answer within the hover's budget.
   */
  async lokiValueCount(loki: LokiConnection | undefined, name: string): Promise<number | undefined> {
    if (!loki) return undefined;
    const end = Date.now();
    try {
      return (await lokiLabelValues(loki, name, { start: end - LOOKBACK_MS, end, signal: AbortSignal.timeout(HOVER_BUDGET_MS) })).length;
    } catch {
      return undefined;
    }
  }

  private documentChanged(doc: TextDocument): void {
    if (!doc.uri.startsWith('file:')) return;
    const previous = this.pendingDocs.get(doc.uri);
    if (previous) clearTimeout(previous);
    // Once typing pauses: reading a document's labels on every keystroke delayed its own diagnostics.
    this.pendingDocs.set(doc.uri, setTimeout(() => void this.readEdited(doc.uri), EDIT_PAUSE_MS));
  }

  private async readEdited(uri: string): Promise<void> {
    this.pendingDocs.delete(uri);
    const current = this.host.documents.get(uri);
    if (current) this.changed(await this.apply(uriToPath(uri), current.getText()));
  }

  /** Reads the edits still waiting for a pause now (a hover or definition asks about the text as it is). */
  async current(): Promise<void> {
    const waiting = [...this.pendingDocs.entries()];
    for (const [, timer] of waiting) clearTimeout(timer);
    await Promise.all(waiting.map(([uri]) => this.readEdited(uri)));
  }

  private lbScope(): LbConfigScope {
    return { ...this.host.lb, relativeTo: this.folders };
  }

  /** lb's user folder (watched by its own pattern) and the run configs lb is pointed at. */
  private isLbFile(file: string): boolean {
    return path.dirname(file) === this.host.lb.lbConfigDir || this.lbSources.has(file);
  }

  /** Watches the run configs lb is pointed at outside its user folder (one registration, replaced as they change). */
  private watchLbTargets(): void {
    if (!this.watch.files || !this.watch.relativePatterns) return;
    const previous = this.lbTargetWatch;
    if (previous) void previous.then((d) => d.dispose());
    const targets = [...this.lbSources.keys()].filter((f) => path.dirname(f) !== this.host.lb.lbConfigDir);
    this.lbTargetWatch = targets.length
      ? this.host.connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: targets.map((file) => ({ globPattern: { baseUri: pathToFileURL(path.dirname(file)).toString(), pattern: path.basename(file) } })),
        })
      : undefined;
  }

  private async reread(file: string, notify = true): Promise<void> {
    if (!mayProduceLabels(file) && !this.lbSources.has(file)) return;
    const text = await readBounded(file);
    const changed = text === undefined ? this.model.removeDocument(file) : await this.apply(file, text);
    if (notify) this.changed(changed);
  }

  /**
   * Alloy's parser is loaded before the first Alloy text is read (without it an Alloy file produces nothing). One
   * of lb's configs is read as its kind (by default, as last found); any other file is classified with the settings
   * of the workspace folder that holds it.
   */
  private async apply(file: string, text: string, kind: LbConfigKind | 'classify' | undefined = this.lbSources.get(file)): Promise<boolean> {
    if (/\.(alloy|ya?ml)$/i.test(file)) await loadAlloyParser();
    if (kind && kind !== 'classify') return this.model.setDocument(file, text, { kind });
    const folder = this.folders.find((f) => insideFolder(file, f));
    return this.model.setDocument(file, text, { classify: await this.host.classifySettings(pathToFileURL(folder ?? file).toString()) });
  }

  private changed(changed: boolean): void {
    if (changed) this.host.onChange();
  }
}
