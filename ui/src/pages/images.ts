/** Images: filtered and paged by the server (keyset paging), so it stays fast with tens of thousands. */
import { api, query, type ImageSummary, type Page } from '../api.js';
import { counts, h, table, when } from '../dom.js';
import { filterForm, listQuery, pager, type Field } from '../list.js';

const SEV_OPTIONS: Array<[string, string]> = [['', 'any'], ['critical', 'critical'], ['high', 'high or above'], ['medium', 'medium or above'], ['low', 'low or above']];

const FIELDS: Field[] = [
  { kind: 'text', name: 'q', label: 'Reference contains', placeholder: 'registry/repo:tag' },
  { kind: 'select', name: 'severity', label: 'Findings', options: SEV_OPTIONS },
  { kind: 'text', name: 'os', label: 'OS family', placeholder: 'debian' },
  { kind: 'check', name: 'kev', label: 'Known exploited (KEV)' },
  { kind: 'check', name: 'eol', label: 'End-of-life OS' },
];

export async function imagesPage(main: HTMLElement, _p: string[], q: URLSearchParams): Promise<void> {
  const page = await api<Page<ImageSummary>>(`/api/images${query(listQuery(q, ['q', 'severity', 'os', 'kev', 'eol', 'kind']))}`);
  main.append(
    h('h1', {}, 'Images'),
    filterForm('/images', FIELDS, q, 'Filter images'),
    table<ImageSummary>('Images, most recently scanned first', [
      ['Image', (i) => h('a', { href: `/images/${encodeURIComponent(i.id)}` }, i.reference)],
      ['OS', (i) => (i.os ? h('span', {}, `${i.os.family} ${i.os.version ?? ''}`, i.os.eol ? h('span', { class: 'badge warn' }, ' EOL') : null) : '—')],
      ['Packages', (i) => i.packages.toLocaleString('en')],
      ['Vulnerabilities', (i) => counts(i.vulnerabilities)],
      ['KEV', (i) => (i.kev ? h('span', { class: 'kev' }, String(i.kev)) : '0')],
      ['Last scanned', (i) => when(i.lastScanned)],
    ], page.items, 'No image matches these filters.'),
    pager('/images', q, page, 'images'),
  );
}
