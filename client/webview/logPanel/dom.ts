// Builds DOM nodes without HTML parsing: text always goes in as text nodes, so log content can never become
// markup. Attributes are set one by one (never a `style` attribute: the CSP forbids inline styles).
type Child = Node | string | null | undefined | false;

export interface ElementOptions {
  className?: string;
  attrs?: Record<string, string | number | boolean | undefined>;
  text?: string;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  for (const [name, value] of Object.entries(options.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  if (options.text !== undefined) node.textContent = options.text;
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A 16x16 icon from fixed path data (our own constants, never data from logs). */
export function icon(paths: readonly string[]): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'icon');
  for (const d of paths) {
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', d);
    svg.appendChild(path);
  }
  return svg;
}

export const ICONS = {
  previous: ['M8 3.3 2.6 8.7l1 1L8 5.3l4.4 4.4 1-1z'],
  next: ['M8 12.7 2.6 7.3l1-1L8 10.7l4.4-4.4 1 1z'],
  follow: ['M7.3 1.5h1.4v8.1l3-3 1 1L8 12.3 3.3 7.6l1-1 3 3z', 'M2.5 13.2h11v1.3h-11z'],
  external: [
    'M9 2h5v5h-1.3V4.2L7.5 9.5l-1-1 5.3-5.2H9z',
    'M3 4h4v1.3H4.3v7.4h7.4V10H13v4H3z',
  ],
  info: [
    'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13zm0 1.3a5.2 5.2 0 1 1 0 10.4A5.2 5.2 0 0 1 8 2.8z',
    'M7.3 7h1.4v4.6H7.3zM7.3 4.4h1.4v1.4H7.3z',
  ],
  help: [
    'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13zm0 1.3a5.2 5.2 0 1 1 0 10.4A5.2 5.2 0 0 1 8 2.8z',
    'M7.3 10.5h1.4v1.4H7.3zM8 4.2c1.4 0 2.5.9 2.5 2.2 0 1-.6 1.5-1.2 1.9-.4.3-.6.5-.6 1V9.6H7.3v-.4c0-1 .5-1.4 1-1.8.5-.3.8-.5.8-1 0-.5-.5-.9-1.1-.9-.7 0-1.1.4-1.2 1H5.5C5.6 5.1 6.6 4.2 8 4.2z',
  ],
  close: ['M4.1 3.2 8 7.1l3.9-3.9.9.9L8.9 8l3.9 3.9-.9.9L8 8.9l-3.9 3.9-.9-.9L7.1 8 3.2 4.1z'],
  copy: ['M5 1.5h8.5V11H12V3H5z', 'M2.5 4.5h8v10h-8zm1.3 1.3v7.4h5.4V5.8z'],
  filter: ['M1.5 2.5h13L9.5 8.5v5l-3-1.5V8.5z'],
  chevron: ['M3.6 5.8 8 10.2l4.4-4.4.9.9L8 12 2.7 6.7z'],
} as const;
