/**
 * DOM building without innerHTML: every value reaches the page as a text node or an attribute, so nothing
 * stored in the server (image names, finding text, alert output) can inject markup.
 */
export type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';
export function svg(tag: string, attrs: Record<string, string | number> = {}, ...children: (SVGElement | Text)[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.appendChild(c);
  return el;
}

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'unknown'] as const;

export function severity(s: string): HTMLElement {
  return h('span', { class: `sev sev-${SEVERITIES.includes(s as never) ? s : 'unknown'}` }, s.toUpperCase());
}

export function when(iso: string | null | undefined): HTMLElement | string {
  if (!iso) return '—';
  const d = new Date(iso);
  return h('time', { datetime: iso, title: iso }, Number.isNaN(d.getTime()) ? iso : d.toISOString().replace('T', ' ').slice(0, 16));
}

/** A data table with a caption and column headers (scope=col) so screen readers announce cells. */
export function table<T>(caption: string, columns: Array<[string, (row: T) => Child]>, rows: readonly T[], empty = 'Nothing to show.'): HTMLElement {
  if (!rows.length) return h('p', { class: 'empty' }, empty);
  return h('div', { class: 'table-wrap' }, h('table', {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, columns.map(([name]) => h('th', { scope: 'col' }, name)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, columns.map(([, cell]) => h('td', {}, cell(r))))))));
}

/** Counts per severity as compact badges (zeros left out). */
export function counts(c: Partial<Record<string, number>>): HTMLElement {
  const parts = SEVERITIES.filter((s) => (c[s] ?? 0) > 0).map((s) => h('span', { class: `count sev-${s}`, title: `${c[s]} ${s}` }, `${s[0]!.toUpperCase()} ${c[s]}`));
  return h('span', { class: 'counts' }, parts.length ? parts : h('span', { class: 'muted' }, 'none'));
}

export function short(digestOrId: string): string {
  return /^sha256:[0-9a-f]{64}$/.test(digestOrId) ? `${digestOrId.slice(0, 19)}…` : digestOrId;
}
