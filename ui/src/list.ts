/**
 * A filtered, server-paged list page: the filters live in the URL query (bookmarkable, back button works),
 * the form is a plain GET form, and paging is keyset paging (First / Next page links carrying the cursor).
 */
import type { Page } from './api.js';
import { h, type Child } from './dom.js';
import { navigate } from './router.js';

export type Field =
  | { kind: 'text'; name: string; label: string; placeholder?: string }
  | { kind: 'select'; name: string; label: string; options: Array<[string, string]> }
  | { kind: 'check'; name: string; label: string };

export function filterForm(path: string, fields: Field[], query: URLSearchParams, label: string): HTMLFormElement {
  const controls = fields.map((f) => {
    const id = `f-${f.name}`;
    const value = query.get(f.name) ?? '';
    if (f.kind === 'check') {
      return h('div', { class: 'field check' }, h('input', { type: 'checkbox', id, name: f.name, value: 'true', checked: value === 'true' }), h('label', { for: id }, f.label));
    }
    const input = f.kind === 'select'
      ? h('select', { id, name: f.name }, f.options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)))
      : h('input', { type: 'search', id, name: f.name, value, placeholder: f.placeholder, autocomplete: 'off' });
    return h('div', { class: 'field' }, h('label', { for: id }, f.label), input);
  });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': label, method: 'get', action: path },
    controls, h('div', { class: 'field actions' }, h('button', { type: 'submit' }, 'Apply filters'), h('a', { href: path, class: 'button secondary' }, 'Clear')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (typeof v === 'string' && v) q.set(k, v);
    const s = q.toString();
    navigate(s ? `${path}?${s}` : path);
  });
  return form;
}

export function pager(path: string, query: URLSearchParams, page: Page<unknown>, what: string): HTMLElement {
  const first = new URLSearchParams(query);
  first.delete('cursor');
  const next = new URLSearchParams(query);
  if (page.next) next.set('cursor', page.next);
  const onFirst = !query.get('cursor');
  const parts: Child[] = [
    page.total !== undefined ? h('span', { class: 'total' }, `${page.total.toLocaleString('en')} ${what}`) : null,
    onFirst ? null : h('a', { href: `${path}${first.size ? `?${first}` : ''}`, class: 'button secondary' }, 'First page'),
    page.next ? h('a', { href: `${path}?${next}`, class: 'button', rel: 'next' }, 'Next page') : h('span', { class: 'muted' }, 'Last page'),
  ];
  return h('nav', { class: 'pager', 'aria-label': `${what} pages` }, parts);
}

/** The API query for a list page: the URL's filters plus paging. */
export function listQuery(query: URLSearchParams, names: string[], limit = 50): Record<string, string | number | boolean | undefined> {
  const out: Record<string, string | number | boolean | undefined> = { limit };
  for (const n of names) { const v = query.get(n); if (v) out[n] = v; }
  const cursor = query.get('cursor');
  if (cursor) out.cursor = cursor;
  else out.count = true; // the total once, on the first page (counting on every page costs a scan)
  return out;
}
