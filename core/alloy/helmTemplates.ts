// The Alloy Helm chart renders alloy.configMap.content with Helm's `tpl` before Alloy reads it, so Helm values
// and HelmReleases may hold template actions (`{{ .Release.Namespace }}`). Inside an Alloy string an action is
// masked with letters of the same length (positions stay exact) and the rest is checked; outside strings the
// configuration only exists after rendering, so it is not checked here.

export interface MaskedTemplates {
  /** The text with every action inside a string replaced by `x` characters. */
  text: string;
  /** Offset of the first action outside a string, if any. */
  outside?: number;
}

export function maskHelmTemplates(text: string): MaskedTemplates {
  if (!text.includes('{{')) return { text };
  let masked = '';
  let from = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' && text[i + 1] === '{') {
      const end = text.indexOf('}}', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      if (!quote || text.slice(i, stop).includes('\n')) return { text, outside: i };
      masked += text.slice(from, i) + 'x'.repeat(stop - i);
      from = stop;
      i = stop - 1;
      continue;
    }
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote || (c === '\n' && quote === '"')) quote = undefined;
    } else if (c === '"' || c === '`') {
      quote = c;
    } else if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    }
  }
  return { text: masked + text.slice(from) };
}
