// A LogQL query held in a YAML scalar, in any style: plain, 'single', "double", literal `|` or folded `>`.
// The yaml package parses the scalar; here each character of its value is traced back to the source through
// the style's folding, escapes and indentation. The result is checked against the parsed value, and a scalar
// we cannot trace exactly is mapped as a whole rather than with guessed positions.
import { Scalar, stringify } from 'yaml';
import type { ValidateOptions } from '../problems';
import { coarseQuery, EmbeddedQuery, HostEncoding } from './embeddedQuery';

interface Traced {
  text: string;
  offsets: number[];
}

const DOUBLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

/**
 * Flow scalars (plain and quoted): a line break between text becomes a space, each empty line a newline, and
 * the blanks around line breaks disappear. `escapes` handles `\` sequences of double-quoted scalars.
 */
function traceFlow(source: string, base: number, quote: '' | "'" | '"'): Traced {
  const start = quote ? 1 : 0;
  const end = quote ? source.length - 1 : source.length;
  let text = '';
  const offsets: number[] = [];
  // Escaped characters and content before them must survive the trimming of trailing blanks.
  let keep = 0;
  let i = start;
  while (i < end) {
    const c = source[i];
    if (c === '\n' || c === '\r') {
      while (text.length > keep && (text.endsWith(' ') || text.endsWith('\t'))) {
        text = text.slice(0, -1);
        offsets.pop();
      }
      const breakAt = i;
      let empty = 0;
      i += c === '\r' && source[i + 1] === '\n' ? 2 : 1;
      for (;;) {
        let j = i;
        while (j < end && (source[j] === ' ' || source[j] === '\t')) j++;
        if (source[j] === '\n' || source[j] === '\r') {
          empty++;
          i = j + (source[j] === '\r' && source[j + 1] === '\n' ? 2 : 1);
        } else {
          i = j;
          break;
        }
      }
      if (empty === 0) {
        text += ' ';
        offsets.push(base + breakAt);
      } else {
        for (let k = 0; k < empty; k++) {
          text += '\n';
          offsets.push(base + breakAt);
        }
      }
      keep = text.length;
      continue;
    }
    if (quote === "'" && c === "'" && source[i + 1] === "'") {
      text += "'";
      offsets.push(base + i);
      i += 2;
      keep = text.length;
      continue;
    }
    if (quote === '"' && c === '\\') {
      const e = source[i + 1];
      if (e === '\n' || e === '\r') {
        // An escaped line break joins the lines without a space.
        i += e === '\r' && source[i + 2] === '\n' ? 3 : 2;
        while (i < end && (source[i] === ' ' || source[i] === '\t')) i++;
        keep = text.length;
        continue;
      }
      const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      const decoded = hex ? String.fromCodePoint(parseInt(source.slice(i + 2, i + 2 + hex), 16)) : DOUBLE_ESCAPES[e];
      if (decoded === undefined) return { text: '\u0000invalid', offsets: [] };
      for (let k = 0; k < decoded.length; k++) offsets.push(base + i);
      text += decoded;
      i += 2 + hex;
      keep = text.length;
      continue;
    }
    text += c;
    offsets.push(base + i);
    i++;
  }
  offsets.push(base + end);
  return { text, offsets };
}

/** Literal (`|`) and folded (`>`) block scalars with automatic indentation and any chomping. */
function traceBlock(body: string, base: number, header: string): Traced | undefined {
  if (/\d/.test(header)) return undefined;
  const folded = header.startsWith('>');
  const chomp = header.includes('-') ? 'strip' : header.includes('+') ? 'keep' : 'clip';
  const lines: Array<{ at: number; text: string; breakAt: number }> = [];
  let at = 0;
  while (at < body.length) {
    const nl = body.indexOf('\n', at);
    const stop = nl < 0 ? body.length : nl;
    lines.push({ at, text: body.slice(at, stop).replace(/\r$/, ''), breakAt: stop });
    at = stop + 1;
  }
  const first = lines.find((l) => l.text.trim() !== '');
  if (!first) return { text: '', offsets: [base + body.length] };
  const indent = first.text.length - first.text.trimStart().length;
  let lastContent = -1;
  lines.forEach((l, i) => {
    if (l.text.trim() !== '') lastContent = i;
  });
  let text = '';
  const offsets: number[] = [];
  let previousContent: { moreIndented: boolean } | undefined;
  let emptyRun: number[] = [];
  for (let i = 0; i <= lastContent; i++) {
    const line = lines[i];
    const content = line.text.slice(indent);
    if (line.text.trim() === '') {
      emptyRun.push(line.breakAt);
      continue;
    }
    const moreIndented = content.startsWith(' ') || content.startsWith('\t');
    if (previousContent) {
      // The break that ended the previous content line, then one per empty line.
      const breaks = [lines[i - 1 - emptyRun.length].breakAt, ...emptyRun];
      if (folded && !previousContent.moreIndented && !moreIndented) {
        if (emptyRun.length === 0) {
          text += ' ';
          offsets.push(base + breaks[0]);
        } else {
          for (const b of emptyRun) {
            text += '\n';
            offsets.push(base + b);
          }
        }
      } else {
        for (const b of breaks) {
          text += '\n';
          offsets.push(base + b);
        }
      }
    }
    emptyRun = [];
    for (let k = 0; k < content.length; k++) offsets.push(base + line.at + indent + k);
    text += content;
    previousContent = { moreIndented };
  }
  const finalBreak = lines[lastContent].breakAt;
  if (chomp !== 'strip' && finalBreak < body.length) {
    text += '\n';
    offsets.push(base + finalBreak);
    if (chomp === 'keep') {
      for (const l of lines.slice(lastContent + 1)) {
        if (l.breakAt < body.length) {
          text += '\n';
          offsets.push(base + l.breakAt);
        }
      }
    }
  }
  offsets.push(base + (chomp === 'strip' ? finalBreak : body.length));
  return { text, offsets };
}

const DOUBLE: HostEncoding = {
  inPlace: (piece) => JSON.stringify(piece).slice(1, -1),
  whole: (query) => JSON.stringify(query),
};

const SINGLE: HostEncoding = {
  inPlace: (piece) => (/[\n\r]/.test(piece) ? undefined : piece.replace(/'/g, "''")),
  whole: (query) => JSON.stringify(query),
};

/** A plain scalar stays plain only if YAML would read the new value back unchanged. */
const PLAIN: HostEncoding = {
  inPlace: (piece, whole) => (!/[\n\r]/.test(whole) && stringify(whole).trim() === whole ? piece : undefined),
  whole: (query) => JSON.stringify(query),
};

function blockEncoding(folded: boolean, indent: string): HostEncoding {
  return {
    inPlace: (piece) => (/[\n\r]/.test(piece) ? (folded ? undefined : piece.replace(/\r?\n/g, '\n' + indent)) : piece),
    whole: (query) => JSON.stringify(query),
  };
}

export function yamlScalarQuery(scalar: Scalar, options: ValidateOptions): EmbeddedQuery | undefined {
  const token = scalar.srcToken;
  const value = scalar.value;
  if (!token || typeof value !== 'string' || !scalar.range) return undefined;
  const host = { start: scalar.range[0], end: scalar.range[1] };
  let traced: Traced | undefined;
  let encoding: HostEncoding;
  if (token.type === 'block-scalar') {
    const props = token.props as Array<{ type: string; offset: number; source: string }>;
    const header = props.find((p) => p.type === 'block-scalar-header')?.source ?? '|';
    const last = props[props.length - 1];
    const bodyStart = last.offset + last.source.length;
    traced = traceBlock(token.source, bodyStart, header);
    const firstLine = token.source.split('\n').find((l) => l.trim() !== '') ?? '';
    encoding = blockEncoding(header.startsWith('>'), firstLine.slice(0, firstLine.length - firstLine.trimStart().length));
  } else if (token.type === 'scalar' || token.type === 'single-quoted-scalar' || token.type === 'double-quoted-scalar') {
    const quote = token.type === 'scalar' ? '' : token.type === 'single-quoted-scalar' ? "'" : '"';
    traced = traceFlow(token.source, token.offset, quote);
    encoding = quote === '' ? PLAIN : quote === "'" ? SINGLE : DOUBLE;
  } else {
    return undefined;
  }
  if (!traced || traced.text !== value) return coarseQuery(value, host, DOUBLE, options);
  return new EmbeddedQuery(traced.text, traced.offsets, host, encoding, options);
}
