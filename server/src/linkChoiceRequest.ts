// Answers the extension's `lbObs/linkChoice`: the form of an Airflow or Flyte link from the workspace label model
// and Loki's label names (asked first when a Loki is configured), with the reason the extension shows.
import { pathToFileURL } from 'url';
import { Connection, ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { chooseAirflowMode, chooseFlyteWorkflowLabel } from '../../core/links/linkMode';
import { Invalid } from '../../core/rpc/checks';
import { linkChoiceRequest } from '../../protocol/languageServer';
import { checkLinkChoiceParams, LINK_CHOICE_REQUEST, LinkChoiceParams, LinkChoiceResult } from '../../protocol/linkChoice';
import type { WorkspaceLabelsService } from './labels/workspaceLabelsService';
import type { SettingsCache } from './settings';

/** Loki's answer is awaited at most this long (the service's own request times out after 3 s). */
const LOKI_WAIT_MS = 4_000;
const POLL_MS = 50;

async function lokiSettled(labels: WorkspaceLabelsService): Promise<void> {
  const deadline = Date.now() + LOKI_WAIT_MS;
  while (labels.model.lokiPending && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
}

function checked(raw: unknown): LinkChoiceParams {
  try {
    return checkLinkChoiceParams(raw, 'params');
  } catch (err) {
    if (err instanceof Invalid) throw new ResponseError(ErrorCodes.InvalidParams, `${LINK_CHOICE_REQUEST}: ${err.message}`);
    throw err;
  }
}

export function registerLinkChoiceRequest(connection: Connection, labels: WorkspaceLabelsService, settings: SettingsCache, workspaceFolders: () => string[]): void {
  connection.onRequest(linkChoiceRequest, async (raw): Promise<LinkChoiceResult> => {
    const params = checked(raw);
    const folders = workspaceFolders();
    const scope = params.resource ?? (folders[0] === undefined ? undefined : pathToFileURL(folders[0]).toString());
    if (scope !== undefined) labels.refreshLoki((await settings.get(scope)).loki);
    await labels.ready();
    // A pipeline edited a moment ago decides the link as it now reads.
    await labels.current();
    await lokiSettled(labels);
    const knowledge = { labels: labels.model, root: folders[0] };
    return params.link === 'airflow' ? chooseAirflowMode(params.needed, knowledge, undefined, params.fallback) : chooseFlyteWorkflowLabel(knowledge, undefined, params.fallback);
  });
}
