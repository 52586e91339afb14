// The labels of Prometheus-style scrape configs in YAML (Promtail's, and Prometheus' relabelling of Kubernetes
// service discovery): each `relabel_configs` rule's target_label; Promtail's `static_configs` labels, with
// `filename`, which Promtail adds to the lines of a `__path__` target; and its `pipeline_stages` (`labels` and
// `static_labels` make stream labels, `structured_metadata` structured metadata, each under its `match` selector).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isMap, isScalar, isSeq, parseAllDocuments, YAMLMap } from 'yaml';
import { quoteLogQLString } from '../logql/build/logqlString';
import type { LabelProducer } from '../labelModel/labelModel';
import { relabelRuleNames } from './relabelNames';

/** A cheap test: could this YAML hold a scrape config's labels? */
export function mayHoldScrapeLabels(text: string): boolean {
  return /^\s*-?\s*(relabel_configs|static_configs|pipeline_stages):/m.test(text);
}

const STAGES: Record<string, LabelProducer['as']> = { labels: 'stream', static_labels: 'stream', structured_metadata: 'structured_metadata' };

function scalarText(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

class Collector {
  readonly producers: LabelProducer[] = [];
  private readonly text: string;

  constructor(
    private readonly file: string,
    private readonly document: TextDocument,
  ) {
    this.text = document.getText();
  }

  add(name: string, node: unknown, kind: LabelProducer['kind'], as: LabelProducer['as'], detail: string, selectors: string[] = [], more: Partial<LabelProducer> = {}): void {
    if (!name || name.startsWith('__') || !isScalar(node) || !node.range) return;
    const [start, end] = node.range;
    const quoted = this.text[start] === '"' || this.text[start] === "'";
    const selector = selectors.at(-1);
    this.producers.push({
      name,
      kind,
      as,
      file: this.file,
      range: { start: this.document.positionAt(start + (quoted ? 1 : 0)), end: this.document.positionAt(end - (quoted ? 1 : 0)) },
      detail: `${detail}${selectors.length ? ` (under ${selectors.map((s) => `match ${s}`).join(' > ')})` : ''}`,
      ...(selector !== undefined ? { selector } : {}),
      ...more,
    });
  }

  walk(node: unknown, owner: string): void {
    if (isSeq(node)) {
      for (const item of node.items) this.walk(item, owner);
      return;
    }
    if (!isMap(node)) return;
    const job = scalarText((node as YAMLMap).get('job_name', true));
    const here = job === undefined ? owner : ` of scrape config "${job}"`;
    for (const pair of node.items) {
      const key = scalarText(pair.key);
      if (key === 'relabel_configs' && isSeq(pair.value)) for (const rule of pair.value.items) this.rule(rule, here);
      else if (key === 'static_configs' && isSeq(pair.value)) for (const target of pair.value.items) this.target(target, here);
      else if (key === 'pipeline_stages' && isSeq(pair.value)) this.stages(pair.value.items, here, []);
      else this.walk(pair.value, here);
    }
  }

  private rule(item: unknown, owner: string): void {
    if (!isMap(item)) return;
    const target = item.get('target_label', true);
    const action = item.get('action', true);
    // A key left out takes the default; a value that is no string is unknown here (null).
    const setting = (key: string) => (item.has(key) ? (scalarText(item.get(key, true)) ?? null) : undefined);
    const names = relabelRuleNames({ action: scalarText(action), targetLabel: scalarText(target), regex: setting('regex'), replacement: setting('replacement') });
    if (!names) return;
    if ('fixed' in names) {
      this.add(names.fixed, target, 'kubernetes', 'stream', `a relabel rule (target_label) in relabel_configs${owner}`);
      return;
    }
    const templated = scalarText(target)?.includes('$');
    const template = templated ? scalarText(target)! : (setting('replacement') ?? '$1');
    this.add(template, templated ? target : action, 'kubernetes', 'stream', `${names.what} in relabel_configs${owner}`, [], { namePattern: names.pattern });
  }

  private target(item: unknown, owner: string): void {
    const labels = isMap(item) ? item.get('labels', true) : undefined;
    if (!isMap(labels)) return;
    for (const pair of labels.items) {
      const name = scalarText(pair.key) ?? '';
      if (name === '__path__') this.add('filename', pair.key, 'promtail', 'stream', `Promtail (the path of the file it reads)${owner}`);
      else this.add(name, pair.key, 'promtail', 'stream', `a static_configs label${owner}`);
    }
  }

  private stages(items: unknown[], owner: string, selectors: string[]): void {
    for (const stage of items) {
      if (!isMap(stage)) continue;
      for (const pair of stage.items) {
        const key = scalarText(pair.key) ?? '';
        const as = STAGES[key];
        if (as && isMap(pair.value)) {
          for (const label of pair.value.items) this.add(scalarText(label.key) ?? '', label.key, 'promtail', as, `the ${key} stage of pipeline_stages${owner}`, selectors);
        } else if (EXTRACTING[key] && isMap(pair.value)) {
          this.extracted(key, pair.value, owner, selectors);
        } else if (key === 'match' && isMap(pair.value)) {
          const selector = scalarText(pair.value.get('selector', true));
          const nested = pair.value.get('stages', true);
          if (isSeq(nested)) this.stages(nested.items, owner, selector === undefined ? selectors : [...selectors, selector]);
        }
      }
    }
  }


  /** Names a parsing stage extracts: labels only if a later stage makes them so (the model compares). */
  private extracted(stage: string, settings: YAMLMap, owner: string, selectors: string[]): void {
    const fromLine = !settings.has('source');
    const detail = `the ${stage} stage of pipeline_stages${owner}`;
    if (stage === 'regex') {
      const node = settings.get('expression', true);
      const expression = scalarText(node);
      if (expression === undefined) return;
      const parser = fromLine ? { parser: `regexp ${quoteLogQLString(expression, 'the regex stage expression')}` } : {};
      for (const m of expression.matchAll(/\(\?P?<(\w+)>/g)) this.add(m[1], node, 'promtail', 'extracted', detail, selectors, parser);
      return;
    }
    const fields = settings.get(EXTRACTING[stage], true);
    if (!isMap(fields)) return;
    for (const field of fields.items) {
      const name = scalarText(field.key) ?? '';
      const from = scalarText(field.value);
      // The same name from the same key: LogQL's parser extracts it without parameters.
      const same = from === undefined || from === '' || from === name;
      this.add(name, field.key, 'promtail', 'extracted', detail, selectors, fromLine && same ? { parser: stage } : {});
    }
  }
}

/** Stages that extract names from the line, with the key that lists them (regex: its named groups). */
const EXTRACTING: Record<string, string> = { regex: 'expression', json: 'expressions', logfmt: 'mapping' };

export function promtailLabels(file: string, document: TextDocument): LabelProducer[] {
  const collector = new Collector(file, document);
  for (const doc of parseAllDocuments(document.getText())) if ('contents' in doc) collector.walk(doc.contents, '');
  return collector.producers;
}
