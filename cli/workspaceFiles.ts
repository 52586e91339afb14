// The files and folders named on a command line read as one workspace: each file's document and kind, the
// parsers its kinds need loaded, and the workspace label model (core/labels) built from the files named and the
// label sources the language server reads (core/labels/labelSources.ts: the folders' files, lb's own configs).
import * as os from 'os';
import * as path from 'path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ALLOY_KINDS, loadAlloyParser } from '../core/alloy/syntaxWasm';
import { classifyDocument, DocumentKind } from '../core/documents/kind';
import { lbPlatformConfigPath } from '../core/config/lbPaths';
import { readLabelSources } from '../core/labels/labelSources';
import { WorkspaceLabels } from '../core/labels/workspaceLabels';
import { KINDS_WITH_LOGQL } from '../core/logql/lokiParser';
import { CliError } from './cliError';
import { readFileDocument } from './fileDocument';
import { ExpandedArguments, expandArguments, LANGUAGE_BY_EXTENSION, NamedFile, skippedLine } from './folderFiles';
import type { CliIo } from './io';
import { loadLokiParserFor } from './lokiParser';

export interface WorkspaceFile {
  named: NamedFile;
  doc: TextDocument;
  kind: DocumentKind;
}

export interface Workspace {
  expanded: ExpandedArguments;
  /** Files named on the command line, and the recognised files under the folders named. */
  files: WorkspaceFile[];
  labels: WorkspaceLabels;
  /** Whether a file or folder could not be read (reported on stderr): the command's I/O error. */
  readFailed: boolean;
}

/** Reads what `args` names; files that cannot be read are reported with their path on stderr, never thrown. */
export async function readWorkspace(args: string[], io: CliIo, command: string): Promise<Workspace> {
  const expanded = expandArguments(args, io);
  for (const skipped of expanded.skipped) io.stderr(skippedLine(command, skipped));
  const files: WorkspaceFile[] = [];
  let readFailed = expanded.skipped.some((s) => s.error);
  for (const named of expanded.files) {
    const language = LANGUAGE_BY_EXTENSION[path.extname(named.file).toLowerCase()] ?? 'plaintext';
    let doc: TextDocument;
    try {
      doc = readFileDocument(named.file, language, io, command);
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      io.stderr(`${err.message}\n`);
      readFailed = true;
      continue;
    }
    const kind = classifyDocument(doc.uri, doc.getText(), {}, doc.languageId);
    // Files under a folder that are none of the kinds lb-obs checks are simply not part of the workspace.
    if (kind !== 'unknown' || !named.inFolder) files.push({ named, doc, kind });
  }
  if (files.some((f) => KINDS_WITH_LOGQL.has(f.kind))) await loadLokiParserFor(command, io);
  if (files.some((f) => ALLOY_KINDS.has(f.kind))) await loadAlloyParser();
  const labels = await workspaceLabels(expanded, files, io);
  return { expanded, files, labels, readFailed };
}

/** The label sources of the folders named, lb's own configs (relative paths from the current directory) and the files named. */
async function workspaceLabels(expanded: ExpandedArguments, files: WorkspaceFile[], io: CliIo): Promise<WorkspaceLabels> {
  const labels = new WorkspaceLabels();
  const homeDir = io.env.HOME ?? os.homedir();
  const scope = { lbConfigDir: path.dirname(lbPlatformConfigPath(homeDir, io.env.XDG_CONFIG_HOME)), lbConfigPath: io.env.LB_CONFIG_PATH, homeDir, relativeTo: [io.cwd] };
  await readLabelSources(expanded.folders, scope, async (file, text, kind) => {
    if (text !== undefined) labels.setDocument(file, text, kind ? { kind } : {});
  });
  for (const f of files) if (!f.named.inFolder) labels.setDocument(f.named.absolute, f.doc.getText());
  return labels;
}
