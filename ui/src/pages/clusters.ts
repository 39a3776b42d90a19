/** Clusters: posture per namespace from the latest `bulwark k8s --server` snapshot, and the attack-path view. */
import { api } from '../api.js';
import { counts, h, severity, table, when } from '../dom.js';
import { attackPaths } from './attack-paths.js';

interface Cluster { cluster: string; lastSnapshot: string; snapshotId: string; resources: number; findings: number; namespaces: Record<string, Record<string, number>> }
interface Misconfig { id: string; severity: string; title: string; message: string; group?: string; resource?: { kind: string; namespace?: string; name: string }; field?: string }

const sum = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);

export async function clustersPage(main: HTMLElement): Promise<void> {
  const { items } = await api<{ items: Cluster[] }>('/api/clusters');
  main.append(h('h1', {}, 'Clusters'),
    table<Cluster>('Clusters and their latest posture snapshot', [
      ['Cluster', (c) => h('a', { href: `/clusters/${encodeURIComponent(c.cluster)}` }, c.cluster)],
      ['Namespaces', (c) => String(Object.keys(c.namespaces).length)], ['Resources', (c) => String(c.resources)],
      ['Findings', (c) => counts(Object.values(c.namespaces).reduce((acc, n) => { for (const [k, v] of Object.entries(n)) acc[k] = (acc[k] ?? 0) + v; return acc; }, {} as Record<string, number>))],
      ['Last snapshot', (c) => when(c.lastSnapshot)],
    ], items, 'No cluster has sent a snapshot yet: run `bulwark k8s --cluster --server URL`.'));
}

export async function clusterPage(main: HTMLElement, [name]: string[], q: URLSearchParams): Promise<void> {
  const { items } = await api<{ items: Cluster[] }>('/api/clusters');
  const c = items.find((x) => x.cluster === name);
  if (!c) {
    main.append(h('h1', {}, `Cluster ${name}`), h('p', {}, 'No posture snapshot for this cluster. '), await attackPaths(name!));
    return;
  }
  const snap = await api<{ misconfigurations: Misconfig[] }>(`/api/snapshots/${encodeURIComponent(c.snapshotId)}`);
  const ns = q.get('namespace');
  const nsRows = Object.entries(c.namespaces).sort((a, b) => sum(b[1]) - sum(a[1]));
  const shown = snap.misconfigurations.filter((m) => !ns || (m.resource?.namespace ?? '(cluster)') === ns);
  main.append(
    h('h1', {}, `Cluster ${c.cluster}`),
    h('p', {}, `Snapshot of ${c.resources} resources, received `, when(c.lastSnapshot), '.'),
    h('section', { 'aria-labelledby': 'ns-h' }, h('h2', { id: 'ns-h' }, 'Posture per namespace'),
      table<[string, Record<string, number>]>('Misconfiguration findings per namespace', [
        ['Namespace', ([n]) => h('a', { href: `/clusters/${encodeURIComponent(c.cluster)}?namespace=${encodeURIComponent(n)}#findings-h`, 'aria-current': n === ns ? 'true' : undefined }, n)],
        ['Findings', ([, v]) => String(sum(v))], ['By severity', ([, v]) => counts(v)],
      ], nsRows, 'No finding: every check passed.')),
    h('section', { 'aria-labelledby': 'findings-h' },
      h('h2', { id: 'findings-h', tabindex: -1 }, ns ? `Findings in ${ns} (${shown.length})` : `All findings (${shown.length})`),
      ns ? h('p', {}, h('a', { href: `/clusters/${encodeURIComponent(c.cluster)}` }, 'Show every namespace')) : null,
      table<Misconfig>('Posture findings', [
        ['Check', (m) => m.id], ['Severity', (m) => severity(m.severity)],
        ['Resource', (m) => (m.resource ? `${m.resource.kind} ${m.resource.namespace ? `${m.resource.namespace}/` : ''}${m.resource.name}` : '')],
        ['Title', (m) => m.title], ['Detail', (m) => h('span', {}, m.message, m.field ? h('code', { class: 'sub' }, m.field) : null)],
      ], shown.slice(0, 500), 'No finding.'),
      shown.length > 500 ? h('p', { class: 'muted' }, `First 500 of ${shown.length}; pick a namespace above to narrow.`) : null),
    await attackPaths(c.cluster),
  );
}
