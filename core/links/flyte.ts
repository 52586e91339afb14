// Flyte executions: parse an execution id or a pasted Flyte console URL, name a task's pod the way
// flytepropeller does, and build the "All workflow logs" and per-pod LogQL from configurable templates.
import { LinkInputError } from '../logql/build/inputError';
import { expandLogQLTemplate } from './logqlTemplate';

export interface FlyteExecution {
  name: string;
  project?: string;
  domain?: string;
}

export interface FlyteQueryOptions {
  /** Label holding the pod's app/name prefix, `${label}` in the workflow template (default `app`). */
  workflowLabel: string;
  /** Selector of all of an execution's pods; placeholders `${label}`, `${execution}`, `${project}`, `${domain}`. */
  workflowSelector: string;
  /** Selector of one task pod; placeholders `${pod}`, `${execution}`, `${node}`, `${retry}`, `${project}`, `${domain}`. */
  podSelector: string;
}

export const FLYTE_DEFAULTS: FlyteQueryOptions = {
  workflowLabel: 'app',
  workflowSelector: '{${label}=~"${execution}.*"}',
  podSelector: '{pod="${pod}"}',
};

/** An execution name, `ex:<project>:<domain>:<name>`, or a console URL with `/projects/P/domains/D/executions/E`. */
export function parseFlyteExecution(input: string): FlyteExecution {
  const text = input.trim();
  if (/^https?:\/\//i.test(text)) return parseConsoleUrl(text);
  const urn = /^ex:([^:\s]+):([^:\s]+):([^:\s]+)$/.exec(text);
  if (urn) return { project: urn[1], domain: urn[2], name: urn[3] };
  if (!text || /[\s/]/.test(text)) {
    throw new LinkInputError(`"${input}" is neither a Flyte execution id nor a Flyte console URL`);
  }
  return { name: text };
}

function parseConsoleUrl(text: string): FlyteExecution {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new LinkInputError(`"${text}" is not a valid URL`);
  }
  const segments = url.pathname.split('/').filter(Boolean).map(decodeSegment);
  const after = (key: string) => {
    const i = segments.indexOf(key);
    return i >= 0 ? segments[i + 1] : undefined;
  };
  const name = after('executions');
  if (!name) throw new LinkInputError(`Flyte console URL ${text} has no /executions/<name> part`);
  return { name, project: after('projects'), domain: after('domains') };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new LinkInputError(`Flyte console URL path segment "${segment}" is not valid percent-encoding`);
  }
}

// flytepropeller names a task's pod FixedLengthUniqueIDForParts(50, execution, unique node id, retry):
// the parts joined by `-`, or, when that is longer, "f" + base32 of its FNV-1a 32-bit hash.
const POD_NAME_MAX = 50;
const FLYTE_BASE32 = 'abcdefghijklmnopqrstuvwxyz123456';

function fnv1a32(bytes: Buffer): Buffer {
  let hash = 0x811c9dc5;
  for (const b of bytes) hash = Math.imul(hash ^ b, 0x01000193) >>> 0;
  const out = Buffer.alloc(4);
  out.writeUInt32BE(hash);
  return out;
}

function base32NoPadding(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += FLYTE_BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += FLYTE_BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Flyte's FixedLengthUniqueID (flyteplugins encoding package). */
export function flyteFixedLengthId(id: string, maxLength: number): string {
  if (Buffer.byteLength(id) <= maxLength) return id;
  return `f${base32NoPadding(fnv1a32(Buffer.from(id, 'utf8')))}`;
}

export function flytePodName(execution: string, nodeId: string, retry: number): string {
  if (!Number.isInteger(retry) || retry < 0) throw new LinkInputError(`retry attempt must be a non-negative integer (got ${retry})`);
  return flyteFixedLengthId([execution, nodeId, String(retry)].join('-'), POD_NAME_MAX);
}

function executionValues(exec: FlyteExecution): Record<string, string | undefined> {
  return { execution: exec.name, project: exec.project, domain: exec.domain };
}

/** "All workflow logs": every pod of the execution. */
export function flyteWorkflowQuery(exec: FlyteExecution, options: FlyteQueryOptions): string {
  return expandLogQLTemplate(options.workflowSelector, 'Flyte workflow selector template', {
    labelNames: { label: options.workflowLabel },
    values: executionValues(exec),
  });
}

/** The logs of one task attempt: the pod flytepropeller created for node `nodeId`, attempt `retry`. */
export function flyteTaskQuery(exec: FlyteExecution, nodeId: string, retry: number, options: FlyteQueryOptions): string {
  if (!nodeId) throw new LinkInputError('a Flyte node id is needed for a task link (e.g. n0)');
  return expandLogQLTemplate(options.podSelector, 'Flyte pod selector template', {
    values: { ...executionValues(exec), node: nodeId, retry: String(retry), pod: flytePodName(exec.name, nodeId, retry) },
  });
}
