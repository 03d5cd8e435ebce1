/**
 * A tiny element builder. Text always goes in as text (never innerHTML), so a camera, label or
 * rule name can never become markup: together with the CSP this is the console's injection
 * defence.
 */
type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces everything inside `parent`. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A score as a percentage; small ones keep a decimal so they do not all read 0 %. */
export function percent(score: unknown): string {
  const value = Number(score ?? 0) * 100;
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} %`;
}

export function clockTime(iso: unknown): string {
  if (typeof iso !== 'string') return '—';
  return new Date(iso).toLocaleTimeString();
}
