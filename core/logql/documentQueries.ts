// The LogQL queries of a document, by kind: shared by the validators and the language server's features, so
// that hover, completion and fixes see exactly the queries that diagnostics were computed for.
import type { DocumentKind } from '../documents/kind';
import { dashboardQueries } from './embedded/dashboardQueries';
import type { EmbeddedQuery } from './embedded/embeddedQuery';
import { logqlFileQueries } from './embedded/logqlFile';
import { provisioningQueries } from './embedded/provisioningQueries';

export function queriesInDocument(kind: DocumentKind, text: string): EmbeddedQuery[] {
  switch (kind) {
    case 'logql':
      return logqlFileQueries(text);
    case 'grafana-dashboard':
      return dashboardQueries(text);
    case 'grafana-provisioning':
      return provisioningQueries(text);
    default:
      return [];
  }
}

/** The query containing a document offset (its end included, where completion happens while typing). */
export function queryAt(queries: EmbeddedQuery[], docOffset: number): { query: EmbeddedQuery; offset: number } | undefined {
  for (const query of queries) {
    const offset = query.fromDocument(docOffset);
    if (offset !== undefined && query.exact) return { query, offset };
  }
  return undefined;
}
