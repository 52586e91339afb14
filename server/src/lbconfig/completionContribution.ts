// Completions the schema alone cannot give: built-in plugin names for `plugin`, and whole workload entries
// named after each built-in plugin inside `workloads`.
import type { JSONWorkerContribution } from 'vscode-json-languageservice';
import { CompletionItemKind, InsertTextFormat } from 'vscode-languageserver/node';
import { BUILTIN_PLUGINS } from '../../../core/config/schemas';

export const lbCompletionContribution: JSONWorkerContribution = {
  getInfoContribution: () => Promise.resolve([]),
  collectDefaultCompletions: () => Promise.resolve(),
  collectPropertyCompletions(_uri, location, _word, addValue, isLast, result) {
    if (location.length === 1 && location[0] === 'workloads') {
      for (const plugin of BUILTIN_PLUGINS) {
        const value = addValue
          ? `: {\n\t"plugin": "${plugin}",\n\t"intensity": "\${2|user_defined,low,medium,high|}",\n\t"options": {$0}\n}${isLast ? '' : ','}`
          : '';
        result.add({
          label: plugin,
          kind: CompletionItemKind.Module,
          insertText: `"\${1:${plugin}}"${value}`,
          insertTextFormat: InsertTextFormat.Snippet,
          filterText: `"${plugin}"`,
          documentation: `A workload running lb's built-in ${plugin} plugin.`,
          detail: 'workload',
        });
      }
    }
    return Promise.resolve();
  },
  collectValueCompletions(_uri, location, propertyKey, result) {
    const inWorkload = location.length === 2 && location[0] === 'workloads';
    if (inWorkload && propertyKey === 'plugin') {
      for (const plugin of BUILTIN_PLUGINS) {
        result.add({ label: plugin, kind: CompletionItemKind.EnumMember, insertText: `"${plugin}"`, filterText: `"${plugin}"`, detail: 'built-in plugin' });
      }
    }
    return Promise.resolve();
  },
};
