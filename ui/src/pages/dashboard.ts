/** Dashboard: portfolio totals, risk over time, and the images that became affected (or fixed) recently. */
import { api, query, type ImageSummary, type Page } from '../api.js';
import { riskChart, type DayCounts } from '../chart.js';
import { h, severity, short, table, when } from '../dom.js';

interface EventItem { at: string; imageId: string; reference: string | null; vulnerability: string; purl: string; kind: string; severity: string; kev: boolean; cause: string }

const total = (q: Record<string, string | boolean>) => api<Page<ImageSummary>>(`/api/images${query({ ...q, limit: 1, count: true })}`).then((p) => p.total ?? 0);

function tile(label: string, value: number, href: string): HTMLElement {
  return h('li', { class: 'tile' }, h('a', { href }, h('span', { class: 'value' }, value.toLocaleString('en')), h('span', { class: 'label' }, label)));
}

export async function dashboardPage(main: HTMLElement): Promise<void> {
  const since = new Date(Date.now() - 7 * 86400_000).toISOString();
  const [all, critical, kev, eol, over, news, fixed] = await Promise.all([
    total({}), total({ severity: 'critical' }), total({ kev: true }), total({ eol: true }),
    api<{ days: DayCounts[] }>('/api/stats/findings-over-time?days=30'),
    api<Page<EventItem>>(`/api/events${query({ kind: 'new', since, limit: 200 })}`),
    api<Page<EventItem>>(`/api/events${query({ kind: 'fixed', since, limit: 20 })}`),
  ]);
  // Newly affected images: one row per image, its newest and most severe new finding first.
  const byImage = new Map<string, { imageId: string; reference: string; at: string; items: EventItem[] }>();
  for (const e of news.items) {
    const row = byImage.get(e.imageId) ?? { imageId: e.imageId, reference: e.reference ?? e.imageId, at: e.at, items: [] };
    row.items.push(e);
    byImage.set(e.imageId, row);
  }
  const affected = [...byImage.values()];
  main.append(
    h('h1', {}, 'Dashboard'),
    h('ul', { class: 'tiles', 'aria-label': 'Portfolio totals' },
      tile('images', all, '/images'), tile('with critical findings', critical, '/images?severity=critical'),
      tile('with known-exploited (KEV) findings', kev, '/images?kev=true'), tile('on an end-of-life OS', eol, '/images?eol=true')),
    h('section', { 'aria-labelledby': 'risk-h' }, h('h2', { id: 'risk-h' }, 'Risk over time'), riskChart(over.days)),
    h('section', { 'aria-labelledby': 'new-h' }, h('h2', { id: 'new-h' }, 'Newly affected images (last 7 days)'),
      table<(typeof affected)[number]>('Images with findings that appeared in the last 7 days', [
        ['Image', (r) => h('a', { href: `/images/${encodeURIComponent(r.imageId)}` }, r.reference)],
        ['New findings', (r) => String(r.items.length)],
        ['Most recent', (r) => h('span', {}, severity(r.items[0]!.severity), ' ', h('a', { href: `/findings?vulnerability=${encodeURIComponent(r.items[0]!.vulnerability)}` }, r.items[0]!.vulnerability), r.items[0]!.kev ? h('span', { class: 'kev' }, ' KEV') : null)],
        ['Cause', (r) => r.items[0]!.cause === 'reevaluate' ? 'new advisory (re-evaluation)' : 'new scan'],
        ['When', (r) => when(r.at)],
      ], affected, 'No image became affected in the last 7 days.')),
    h('section', { 'aria-labelledby': 'fixed-h' }, h('h2', { id: 'fixed-h' }, 'Recently fixed'),
      table<EventItem>('Findings resolved in the last 7 days', [
        ['Image', (e) => h('a', { href: `/images/${encodeURIComponent(e.imageId)}` }, e.reference ?? short(e.imageId))],
        ['Vulnerability', (e) => e.vulnerability], ['Severity', (e) => severity(e.severity)], ['When', (e) => when(e.at)],
      ], fixed.items, 'Nothing was fixed in the last 7 days.')),
  );
}
