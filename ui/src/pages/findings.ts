/**
 * Findings across the portfolio, filtered and paged by the server, with suppression: a suppression is a VEX
 * `not_affected` statement (OpenVEX, downloadable at /api/vex for `bulwark image --vex`).
 */
import { api, query, type FindingItem, type Page } from '../api.js';
import { h, severity, table, when } from '../dom.js';
import { filterForm, listQuery, pager, type Field } from '../list.js';
import { render, setFlash } from '../router.js';
import { suppressDialog } from './suppress.js';

const FIELDS: Field[] = [
  { kind: 'select', name: 'severity', label: 'Severity', options: [['', 'any'], ['critical', 'critical'], ['high', 'high or above'], ['medium', 'medium or above'], ['low', 'low or above']] },
  { kind: 'select', name: 'state', label: 'State', options: [['', 'open'], ['suppressed', 'suppressed'], ['fixed', 'fixed']] },
  { kind: 'text', name: 'vulnerability', label: 'Vulnerability ID', placeholder: 'CVE-2024-…' },
  { kind: 'text', name: 'package', label: 'Package name' },
  { kind: 'text', name: 'image', label: 'Image digest / id' },
  { kind: 'check', name: 'kev', label: 'Known exploited (KEV)' },
  { kind: 'check', name: 'fixable', label: 'Fix available' },
];

interface Suppression { id: string; vuln_id: string; purl: string | null; image_id: string | null; justification: string; statement: string; created_at: string }

export async function findingsPage(main: HTMLElement, _p: string[], q: URLSearchParams): Promise<void> {
  const [page, sup] = await Promise.all([
    api<Page<FindingItem>>(`/api/findings${query(listQuery(q, ['severity', 'state', 'vulnerability', 'package', 'image', 'kev', 'fixable', 'ecosystem']))}`),
    api<{ items: Suppression[] }>('/api/suppressions'),
  ]);
  const state = q.get('state') || 'open';
  main.append(
    h('h1', {}, 'Findings'),
    filterForm('/findings', FIELDS, q, 'Filter findings'),
    table<FindingItem>(`${state[0]!.toUpperCase()}${state.slice(1)} vulnerability findings, most severe first`, [
      ['Vulnerability', (f) => h('span', {}, h('a', { href: `/findings?vulnerability=${encodeURIComponent(f.vulnerability)}` }, f.vulnerability), f.title ? h('span', { class: 'sub' }, f.title) : null)],
      ['Severity', (f) => [severity(f.severity), f.kev ? h('span', { class: 'kev' }, ' KEV') : null]],
      ['Package', (f) => `${f.package.name} ${f.package.version}`],
      ['Fixed in', (f) => (f.fixedVersion ? h('code', {}, f.fixedVersion) : h('span', { class: 'muted' }, f.status.replace(/_/g, ' ')))],
      ['Image', (f) => h('a', { href: `/images/${encodeURIComponent(f.imageId)}` }, f.reference)],
      ['First seen', (f) => when(f.firstSeen)],
      ['', (f) => (f.state === 'open' ? h('button', { type: 'button', class: 'small', 'aria-label': `Suppress ${f.vulnerability} in ${f.package.name} (${f.reference})`, onclick: (e: Event) => suppressDialog(f, e.currentTarget as HTMLElement) }, 'Suppress…') : f.state)],
    ], page.items, 'No finding matches these filters.'),
    pager('/findings', q, page, 'findings'),
    h('section', { 'aria-labelledby': 'vex-h' },
      h('h2', { id: 'vex-h' }, `Suppressions (${sup.items.length})`),
      h('p', {}, 'Every suppression is a VEX ', h('code', {}, 'not_affected'), ' statement. ',
        h('a', { href: '/api/vex', download: 'bulwark.openvex.json', id: 'vex-download' }, 'Download the OpenVEX document'),
        '. Suppressions scoped to a package also apply in CI through ', h('code', {}, 'bulwark image --vex'), '.'),
      table<Suppression>('Suppression rules', [
        ['Vulnerability', (s) => s.vuln_id], ['Scope', (s) => s.image_id ? `image ${s.image_id.slice(0, 19)}…` : s.purl ? s.purl : 'everywhere'],
        ['Justification', (s) => s.justification.replace(/_/g, ' ')], ['Statement', (s) => s.statement], ['Created', (s) => when(s.created_at)],
        ['', (s) => h('button', { type: 'button', class: 'small secondary', 'aria-label': `Delete the suppression of ${s.vuln_id}`, onclick: async () => { await api(`/api/suppressions/${encodeURIComponent(s.id)}`, { method: 'DELETE' }); setFlash(`Deleted the suppression of ${s.vuln_id}; its findings are open again.`); await render(); } }, 'Delete')],
      ], sup.items, 'No suppression yet.')),
  );
}
