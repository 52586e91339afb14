// lb requires remote host names to be unique across `remote_hosts`.
import type { Node } from 'jsonc-parser';
import { child, RuleReporter } from './ruleContext';

export function checkRemoteHosts(remoteHosts: Node | undefined, reporter: RuleReporter): void {
  if (remoteHosts?.type !== 'array') return;
  const firstIndex = new Map<string, number>();
  (remoteHosts.children ?? []).forEach((host, index) => {
    const name = child(host, 'name');
    if (name?.type !== 'string') return;
    const value = String(name.value).trim();
    const previous = firstIndex.get(value);
    if (previous === undefined) firstIndex.set(value, index);
    else reporter.error(name, 'duplicate-host-name', `Remote host name "${value}" is already used by remote_hosts[${previous}]: lb requires unique names.`);
  });
}
