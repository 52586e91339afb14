// The LogQL syntax tree from Grafana's own grammar (@grafana/lezer-logql), and small helpers to walk it.
// The parser recovers from errors, so a broken query still yields a tree whose error nodes carry positions.
import { parser } from '@grafana/lezer-logql';
import { logqlNestingBeyond } from './nesting';

export type LogQLTree = ReturnType<typeof parser.parse>;
export type SyntaxNode = LogQLTree['topNode'];

/**
 * The tree of `text`; an empty tree for a query nested deeper than the grammar can build (nesting.ts), so that
 * every feature reading trees sees nothing there instead of overflowing the stack.
 */
export function parseLogQL(text: string): LogQLTree {
  return parser.parse(logqlNestingBeyond(text) === undefined ? text : '');
}

export function isError(node: SyntaxNode): boolean {
  return node.type.isError;
}

export function children(node: SyntaxNode): SyntaxNode[] {
  const result: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) result.push(c);
  return result;
}

export function child(node: SyntaxNode, name: string): SyntaxNode | null {
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name === name) return c;
  return null;
}

/**
 * The `item` nodes of a list the grammar nests to the left (`Matchers` of `Matcher`, `Labels` of `Identifier`,
 * `OrFilter` of `String`, `PipelineExpr` of `PipelineStage`), in order.
 */
export function nestedItems(node: SyntaxNode, list: string, item: string): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const collect = (n: SyntaxNode) => {
    for (const c of children(n)) {
      if (c.name === item) found.push(c);
      else if (c.name === list) collect(c);
    }
  };
  collect(node);
  return found;
}

/** The nearest ancestor (or the node itself) with one of the names. */
export function ancestor(node: SyntaxNode | null, ...names: string[]): SyntaxNode | null {
  for (let n = node; n; n = n.parent) if (names.includes(n.name)) return n;
  return null;
}

/** Every node in document order, error nodes included. */
export function allNodes(tree: LogQLTree): SyntaxNode[] {
  const nodes: SyntaxNode[] = [];
  tree.iterate({ enter: (ref) => void nodes.push(ref.node) });
  return nodes;
}

/**
 * The error nodes and the nodes with one of the names, in document order. Node objects are created only for
 * those (validating thousands of queries a second, allocating one per token would dominate).
 */
export function nodesNamed(tree: LogQLTree, names: ReadonlySet<string>): SyntaxNode[] {
  const nodes: SyntaxNode[] = [];
  tree.iterate({
    enter: (ref) => {
      if (ref.type.isError || names.has(ref.name)) nodes.push(ref.node);
    },
  });
  return nodes;
}
