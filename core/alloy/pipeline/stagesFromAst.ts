// Turns the loki.process blocks of a parsed Alloy configuration into the stage data the engine runs: every
// `stage.X` block with its attributes evaluated. Only constant values can be evaluated here (no environment,
// no other component's exports); a stage that needs more is reported, never run with a guessed value.
import { lastAtMost } from '../../sorted/lastAtMost';
import { blocks, type AlloyFile, type BlockStmt, type Expr, type Range } from '../ast';
import type { StageSpec } from './model';

export interface StageSite {
  /** `stage.regex` */
  name: string;
  /** The block's name, where the preview points at it. */
  range: Range;
}

export interface ProcessComponent {
  label?: string;
  block: BlockStmt;
  stages: StageSpec[];
  /** Where each stage id (see StageSpec.id) is written. */
  sites: Map<string, StageSite>;
  /** Values that cannot be evaluated without running Alloy; the preview refuses to run while there are any. */
  problems: Array<{ message: string; range: Range }>;
}

/** 1-based line of an offset, for the stage ids shown to the user. */
export type LineOf = (offset: number) => number;

export function lineCounter(text: string): LineOf {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => lastAtMost(starts, offset) + 1;
}

/** The loki.process components at the top level of a file, in order. */
export function processComponents(file: AlloyFile, lineOf: LineOf): ProcessComponent[] {
  return blocks(file.body)
    .filter((b) => b.name === 'loki.process')
    .map((block) => {
      const component: ProcessComponent = { label: block.label, block, stages: [], sites: new Map(), problems: [] };
      component.stages = stagesOf(block, component, lineOf);
      return component;
    });
}

function stagesOf(parent: BlockStmt, component: ProcessComponent, lineOf: LineOf): StageSpec[] {
  const specs: StageSpec[] = [];
  for (const block of blocks(parent.body)) {
    if (block.nameParts.length !== 2 || block.nameParts[0] !== 'stage') continue;
    let id = `${block.name} (line ${lineOf(block.nameRange.start)})`;
    for (let n = 2; component.sites.has(id); n++) id = `${block.name} (line ${lineOf(block.nameRange.start)}, #${n})`;
    component.sites.set(id, { name: block.name, range: block.nameRange });
    const config: Record<string, unknown> = {};
    for (const stmt of block.body) {
      if (stmt.type !== 'attribute') continue;
      const value = evaluate(stmt.value, component);
      if (value !== UNKNOWN) config[stmt.name.name] = value;
    }
    const spec: StageSpec = { type: block.nameParts[1], id, config };
    if (block.name === 'stage.match') spec.stages = stagesOf(block, component, lineOf);
    specs.push(spec);
  }
  return specs;
}

const UNKNOWN = Symbol('unknown');

/** The value of a constant expression, as Alloy computes it; UNKNOWN (with a problem recorded) otherwise. */
function evaluate(expr: Expr, component: ProcessComponent): unknown {
  switch (expr.type) {
    case 'literal':
      return expr.value;
    case 'paren':
      return evaluate(expr.inner, component);
    case 'array': {
      const values = expr.elements.map((e) => evaluate(e, component));
      return values.includes(UNKNOWN) ? UNKNOWN : values;
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const field of expr.fields) {
        const value = evaluate(field.value, component);
        if (value === UNKNOWN) return UNKNOWN;
        out[field.name.name] = value;
      }
      return out;
    }
    case 'unary': {
      const value = evaluate(expr.value, component);
      if (expr.op === '-' && typeof value === 'number') return -value;
      if (expr.op === '!' && typeof value === 'boolean') return !value;
      break;
    }
  }
  component.problems.push({
    message: 'the preview evaluates constant values only (no environment, functions or other components\' exports)',
    range: expr.range,
  });
  return UNKNOWN;
}
