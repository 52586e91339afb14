// Reads lb's terminal output line by line and picks out the errors that concern its run config: pydantic v2
// validation errors (lb loads the config with `model_validate_json`, so a syntax error arrives as pydantic's
// `json_invalid` with `line N column M`), "Unknown workload: X" and "No workloads selected to run.".
// pydantic prints the path of each error (`loc`) but never the file; core/tasks/configPosition.ts finds it.
//
// pydantic v2's format (pydantic_core's ValidationError.__str__):
//   <N> validation error(s) for <Title>          (after "ValidationError: " in a traceback)
//   <loc, items joined by ".", an item holding a "." in backticks>     (no line when the loc is empty)
//     <message> [type=<type>, input_value=<repr, cut to 50 bytes>, input_type=<type>]
//       For further information visit https://errors.pydantic.dev/<version>/v/<type>
// lb prints with rich, which can colour the text and, at a narrow width, wrap a long message line.
import { stripVTControlCharacters } from 'util';

export interface LbProblem {
  /** pydantic's `loc` (keys and list indexes as printed); empty when the error names no field. */
  loc: string[];
  /** For `json_invalid`: the 1-based line and the 1-based column counted in UTF-8 bytes, as pydantic reports them. */
  jsonPosition?: { line: number; column: number };
  message: string;
  /** pydantic's error type (`greater_than`, `missing`, `json_invalid`, ...), or `lb` for lb's own messages. */
  code: string;
}

const HEADER = /(?:^|[\s:])(\d+) validation errors? for [A-Za-z_][\w.-]*(?:\[.*\])?$/;
const DETAIL = /^ {2}\S/;
// The link line; rich, wrapping at the terminal's width, may put the address on a line of its own.
const MORE_INFO = /^ {4}For further information visit\b/;
const MORE_INFO_ADDRESS = /^https:\/\/errors\.pydantic\.dev\/\S*$/;
// The first ` [type=` that the rest of the line fits: the input value after it is the config's text and may hold anything.
const DETAIL_PARTS = /^(.*?) \[type=([\w-]+)(?:, .*)?\]$/s;
const JSON_POSITION = / at line (\d+) column (\d+)$/;
const UNKNOWN_WORKLOAD = /(?:^|[^\w])Unknown workload: (.+)$/;
const NO_WORKLOADS = /(?:^|[^\w])No workloads selected to run\.$/;
/** A message line rich wrapped is continued on at most this many lines. */
const MAX_CONTINUATION_LINES = 8;

interface Block {
  remaining: number;
  loc?: string[];
  problems: LbProblem[];
  /** A message line whose `[type=...]` has not ended yet (wrapped by the terminal width). */
  open?: { text: string; loc: string[]; lines: number };
  /** The link line ended before its address (wrapped). */
  link?: boolean;
}

/** The loc line split into items: `workloads.fio.options` -> 3 items; `` workloads.`a.b`.plugin `` -> `a.b` is one item. */
export function parseLoc(text: string): string[] {
  const items: string[] = [];
  let rest = text;
  while (rest.length) {
    let item: string;
    const quoted = rest.startsWith('`') ? /^`(.*?)`(?=\.|$)/.exec(rest) : null;
    if (quoted) {
      item = quoted[1];
      rest = rest.slice(quoted[0].length);
    } else {
      const dot = rest.indexOf('.');
      item = dot < 0 ? rest : rest.slice(0, dot);
      rest = dot < 0 ? '' : rest.slice(dot);
    }
    items.push(item);
    if (rest.startsWith('.')) {
      rest = rest.slice(1);
      if (!rest) items.push('');
    }
  }
  return items;
}

/** What the terminal shows of a line: no colours or cursor codes, only the text after the last carriage return. */
export function visibleText(line: string): string {
  const text = stripVTControlCharacters(line).replace(/\r+$/, '');
  return text.slice(text.lastIndexOf('\r') + 1).trimEnd();
}

/** `<message> [type=<type>, ...]` -> message and type; undefined while the bracket has not ended. */
function splitDetail(text: string): { message: string; code: string } | undefined {
  const parts = DETAIL_PARTS.exec(text.trim());
  return parts ? { message: parts[1], code: parts[2] } : undefined;
}

function problemOf(text: string, loc: string[]): LbProblem {
  // A line cut off before its bracket ended (lb stopped) still names its type.
  const cut = /^(.*?) \[type=([\w-]+)/s.exec(text.trim());
  const detail = splitDetail(text) ?? (cut ? { message: cut[1], code: cut[2] } : { message: text.trim(), code: 'unknown' });
  const problem: LbProblem = { loc, message: detail.message, code: detail.code };
  const position = detail.code === 'json_invalid' ? JSON_POSITION.exec(detail.message) : null;
  if (position) problem.jsonPosition = { line: Number(position[1]), column: Number(position[2]) };
  return problem;
}

/** Feed it lb's output one line at a time (one parser per stream); it returns the problems each line completes. */
export class LbOutputParser {
  private block: Block | undefined;

  push(rawLine: string): LbProblem[] {
    const line = visibleText(rawLine);
    const header = HEADER.exec(line);
    if (header) {
      const done = this.end();
      this.block = { remaining: Number(header[1]), problems: [] };
      return done;
    }
    if (this.block) {
      const consumed = this.inBlock(this.block, line);
      if (consumed) return consumed === 'done' ? this.end() : [];
      const done = this.end();
      return [...done, ...this.outsideBlock(line)];
    }
    return this.outsideBlock(line);
  }

  /** The problems of a block the output stopped in (lb exited, the stream ended). */
  end(): LbProblem[] {
    const block = this.block;
    this.block = undefined;
    if (!block) return [];
    if (block.open) block.problems.push(problemOf(block.open.text, block.open.loc));
    return block.problems;
  }

  /** 'more': the line belongs to the block; 'done': it ends the block; undefined: it is not part of it. */
  private inBlock(block: Block, line: string): 'more' | 'done' | undefined {
    if (block.open) {
      const continues = line && !DETAIL.test(line) && !MORE_INFO.test(line) && block.open.lines < MAX_CONTINUATION_LINES;
      if (continues) {
        block.open.text += ` ${line.trim()}`;
        block.open.lines++;
        if (splitDetail(block.open.text)) this.closeOpen(block);
        return 'more';
      }
      this.closeOpen(block);
    }
    if (MORE_INFO.test(line)) {
      block.link = !MORE_INFO_ADDRESS.test(line.trim().split(' ').pop() ?? '');
      return block.remaining === 0 && !block.link ? 'done' : 'more';
    }
    if (block.link && MORE_INFO_ADDRESS.test(line)) {
      block.link = false;
      return block.remaining === 0 ? 'done' : 'more';
    }
    if (DETAIL.test(line) && block.remaining > 0) {
      const loc = block.loc ?? [];
      block.loc = undefined;
      block.remaining--;
      if (splitDetail(line)) block.problems.push(problemOf(line, loc));
      else block.open = { text: line, loc, lines: 0 };
      return 'more';
    }
    if (/^\S/.test(line) && block.remaining > 0) {
      block.loc = parseLoc(line);
      return 'more';
    }
    return undefined;
  }

  private closeOpen(block: Block): void {
    if (!block.open) return;
    block.problems.push(problemOf(block.open.text, block.open.loc));
    block.open = undefined;
  }

  private outsideBlock(line: string): LbProblem[] {
    const unknown = UNKNOWN_WORKLOAD.exec(line);
    if (unknown) {
      const name = unknown[1].trim();
      return [{ loc: ['workloads', name], message: `Unknown workload: ${name}`, code: 'lb' }];
    }
    if (NO_WORKLOADS.test(line)) return [{ loc: ['workloads'], message: 'No workloads selected to run.', code: 'lb' }];
    return [];
  }
}

/** The text for the Problems panel: pydantic's message after the field it concerns (lb's own messages as they are). */
export function problemMessage(problem: LbProblem): string {
  if (problem.code === 'lb' || problem.loc.length === 0) return problem.message;
  return `${problem.loc.map((item) => (item.includes('.') ? `\`${item}\`` : item)).join('.')}: ${problem.message}`;
}
