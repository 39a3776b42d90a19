/** Admission decisions and runtime alerts: newest first, filtered and paged by the server. */
import { api, query, type Page } from '../api.js';
import { h, table, when } from '../dom.js';
import { filterForm, listQuery, pager } from '../list.js';

interface Decision { id: string; at: string; cluster: string; namespace: string | null; kind: string | null; name: string | null; operation: string | null; allowed: boolean; reason: string | null; images: string[] }
interface Alert { id: string; at: string; cluster: string; rule: string; priority: string; namespace: string | null; pod: string | null; container: string | null; image: string | null; output: string }

const noCount = (q: Record<string, unknown>) => { delete q.count; return q as Record<string, string | number | boolean | undefined>; };

export async function decisionsPage(main: HTMLElement, _p: string[], q: URLSearchParams): Promise<void> {
  const page = await api<Page<Decision>>(`/api/decisions${query(noCount(listQuery(q, ['allowed', 'namespace', 'cluster'])))}`);
  main.append(h('h1', {}, 'Admission decisions'),
    filterForm('/decisions', [
      { kind: 'select', name: 'allowed', label: 'Decision', options: [['', 'all'], ['false', 'denied'], ['true', 'allowed']] },
      { kind: 'text', name: 'namespace', label: 'Namespace' }, { kind: 'text', name: 'cluster', label: 'Cluster' },
    ], q, 'Filter decisions'),
    table<Decision>('Admission decisions, newest first', [
      ['When', (d) => when(d.at)], ['Decision', (d) => h('span', { class: d.allowed ? 'ok' : 'denied' }, d.allowed ? 'allowed' : 'denied')],
      ['Object', (d) => `${d.operation ?? ''} ${d.kind ?? ''} ${d.namespace ? `${d.namespace}/` : ''}${d.name ?? ''}`],
      ['Cluster', (d) => d.cluster], ['Images', (d) => d.images.join(', ')], ['Reason', (d) => d.reason ?? ''],
    ], page.items, 'No decision matches.'),
    pager('/decisions', q, page, 'decisions'));
}

export async function alertsPage(main: HTMLElement, _p: string[], q: URLSearchParams): Promise<void> {
  const page = await api<Page<Alert>>(`/api/alerts${query(noCount(listQuery(q, ['priority', 'namespace', 'rule'])))}`);
  main.append(h('h1', {}, 'Runtime alerts'),
    filterForm('/alerts', [
      { kind: 'select', name: 'priority', label: 'Priority', options: [['', 'any'], ['emergency', 'emergency'], ['alert', 'alert'], ['critical', 'critical'], ['error', 'error'], ['warning', 'warning'], ['notice', 'notice'], ['informational', 'informational']] },
      { kind: 'text', name: 'namespace', label: 'Namespace' }, { kind: 'text', name: 'rule', label: 'Rule (exact)' },
    ], q, 'Filter alerts'),
    table<Alert>('Runtime alerts, newest first', [
      ['When', (a) => when(a.at)], ['Priority', (a) => h('span', { class: `prio prio-${a.priority}` }, a.priority)], ['Rule', (a) => a.rule],
      ['Where', (a) => `${a.cluster} ${a.namespace ?? ''}/${a.pod ?? ''} ${a.container ?? ''}`], ['Image', (a) => a.image ?? ''], ['Output', (a) => h('span', { class: 'output' }, a.output)],
    ], page.items, 'No alert matches.'),
    pager('/alerts', q, page, 'alerts'));
}
