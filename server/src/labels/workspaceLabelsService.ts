// Keeps the workspace label model current in the language server: the workspace folders' files read after
// start-up (in the background: the server answers before), again when folders are added or the file settings
// change, lb's own configs in its user folder (platform.json, config.json), watched files as they change on disk,
// open documents as they are edited (the editor's text wins over the disk's), and the label names the configured
// Loki saw in the last 24 hours. Whenever the label set changes, `onChange` re-validates the open documents.
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  Connection,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { loadAlloyParser } from '../../../core/alloy/syntaxWasm';
import type { ClassifyOptions } from '../../../core/documents/kind';
import { uriToPath } from '../../../core/documents/kind';
import { insideFolder, LabelFileOptions, WorkspaceLabels } from '../../../core/labels/workspaceLabels';
import type { Logger } from '../../../core/logging/logger';
import { moduleLogger } from '../../../core/logging/logger';
import { lokiLabels, lokiLabelValues } from '../../../core/loki/api';
import type { LokiConnection } from '../../../core/loki/connection';
import { connectionKey } from '../logql/labelSource';
import { mayProduceLabels, readBounded, readLabelFiles } from './workspaceFiles';

const LOKI_TTL_MS = 30_000;
const LOKI_TIMEOUT_MS = 3_000;
const LOOKBACK_MS = 24 * 3600_000;
/** A hover waits this long for Loki's values of a label, then shows the producers alone. */
const HOVER_BUDGET_MS = 1_000;
/** How long the first validations wait for the workspace's files before going ahead without them. */
const SCAN_WAIT_MS = 2_000;

export interface LabelServiceHost {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  logger(): Logger;
  /** The label set changed: open documents should be validated again. */
  onChange(): void;
  /** The file settings (lbObs.config globs) of a folder or file URI. */
  classifySettings(scopeUri: string): Promise<ClassifyOptions>;
  /** lb's user config folder (`$XDG_CONFIG_HOME/lb` or `~/.config/lb`). */
  lbConfigDir: string;
}

/** How the client watches files for us. */
export interface WatchSupport {
  files: boolean;
  /** Patterns based outside the workspace (lb's user config folder). */
  relativePatterns: boolean;
}

/** lb's configs in its user folder, read whatever their content: lb reads them by these names. */
const LB_USER_CONFIGS: Record<string, NonNullable<LabelFileOptions['kind']>> = { 'platform.json': 'lb-platform-config', 'config.json': 'lb-run-config' };

export class WorkspaceLabelsService {
  readonly model = new WorkspaceLabels();
  private scan: Promise<void> | undefined;
  private folders: string[] = [];
  private readonly pendingDocs = new Map<string, NodeJS.Immediate>();
  private loki: { key: string; fetchedAt: number; inFlight?: Promise<void> } | undefined;

  constructor(private readonly host: LabelServiceHost) {
    host.documents.onDidChangeContent((e) => this.documentChanged(e.document));
    host.documents.onDidClose((e) => void this.reread(uriToPath(e.document.uri)));
    host.connection.onDidChangeWatchedFiles((params) => {
      for (const change of params.changes) {
        const file = uriToPath(change.uri);
        if (!change.uri.startsWith('file:') || !(mayProduceLabels(file) || this.userConfigKind(file)) || this.host.documents.get(change.uri)) continue;
        if (change.type === FileChangeType.Deleted) this.changed(this.model.removeDocument(file));
        else void this.reread(file);
      }
    });
  }

  /** Registers the file watchers (when the client lets servers do so) and reads the workspace in the background. */
  start(folders: readonly string[], watch: WatchSupport): void {
    if (watch.files) {
      const lbUserConfigs = { baseUri: pathToFileURL(this.host.lbConfigDir).toString(), pattern: `{${Object.keys(LB_USER_CONFIGS).join(',')}}` };
      void this.host.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{alloy,yaml,yml,json}' }, ...(watch.relativePatterns ? [{ globPattern: lbUserConfigs }] : [])],
      });
    }
    this.folders = [...folders];
    this.read([...folders], true);
  }

  /** Workspace folders were added or removed: the added ones are read, the removed ones' labels forgotten. */
  foldersChanged(added: readonly string[], removed: readonly string[]): void {
    this.folders = [...this.folders.filter((f) => !removed.includes(f)), ...added];
    this.changed(removed.map((folder) => this.model.removeUnder(folder)).some(Boolean));
    if (added.length > 0) this.read([...added], false);
  }

  /** The file settings changed (which files are lb configs): every folder is read again. */
  settingsChanged(): void {
    this.read([...this.folders], false);
  }

  /** Reads folders (and lb's user configs) in the background; a later read waits for the one before. */
  private read(folders: string[], withUserConfigs: boolean): void {
    const previous = this.scan ?? Promise.resolve();
    this.scan = previous.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(async () => {
      const before = this.model.version;
      try {
        if (withUserConfigs) for (const name of Object.keys(LB_USER_CONFIGS)) await this.reread(path.join(this.host.lbConfigDir, name), false);
        await readLabelFiles(folders, async (file, text) => {
          if (!this.host.documents.get(pathToFileURL(file).toString())) await this.apply(file, text);
        });
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
    if (previous) clearImmediate(previous);
    this.pendingDocs.set(
      doc.uri,
      setImmediate(() => {
        this.pendingDocs.delete(doc.uri);
        const current = this.host.documents.get(doc.uri);
        if (current) void this.apply(uriToPath(doc.uri), current.getText()).then((changed) => this.changed(changed));
      }),
    );
  }

  private async reread(file: string, notify = true): Promise<void> {
    if (!mayProduceLabels(file)) return;
    const text = await readBounded(file);
    const changed = text === undefined ? this.model.removeDocument(file) : await this.apply(file, text);
    if (notify) this.changed(changed);
  }

  /**
   * Alloy's parser is loaded before the first Alloy text is read (without it an Alloy file produces nothing). A
   * file is classified with the settings of the workspace folder that holds it.
   */
  private async apply(file: string, text: string): Promise<boolean> {
    if (/\.(alloy|ya?ml)$/i.test(file)) await loadAlloyParser();
    const kind = this.userConfigKind(file);
    if (kind) return this.model.setDocument(file, text, { kind });
    const folder = this.folders.find((f) => insideFolder(file, f));
    return this.model.setDocument(file, text, { classify: await this.host.classifySettings(pathToFileURL(folder ?? file).toString()) });
  }

  /** The kind of one of lb's configs in its user folder; undefined for any other file. */
  private userConfigKind(file: string): LabelFileOptions['kind'] {
    return path.dirname(file) === this.host.lbConfigDir ? LB_USER_CONFIGS[path.basename(file)] : undefined;
  }

  private changed(changed: boolean): void {
    if (changed) this.host.onChange();
  }
}
