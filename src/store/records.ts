/**
 * Append-style records other components post: Kubernetes posture snapshots, admission decisions, runtime
 * alerts; and the audit log of admin actions. Each keeps its raw JSON (redacted) plus indexed columns.
 */
import { redactText, type Report } from '../core/index.js';
import type { Db } from './db.js';
import { decodeCursor, pageOf, type Page } from './paging.js';
import { chunks, isoNow, newId } from './util.js';

const clean = (v: unknown): string => redactText(JSON.stringify(v));

export interface Workload { namespace: string; kind?: string; name?: string; images: string[] }

/** A `bulwark k8s` JSON report (+ optional workload → image list) for a cluster. */
export async function addSnapshot(db: Db, cluster: string, report: Report, workloads: readonly Workload[] = []): Promise<{ id: string; namespaces: number }> {
  const now = isoNow();
  const ns: Record<string, Record<string, number>> = {};
  for (const m of report.misconfigurations ?? []) {
    const n = m.resource?.namespace ?? '(cluster)';
    const c = (ns[n] ??= { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 });
    c[m.severity] = (c[m.severity] ?? 0) + 1;
  }
  const id = newId();
  await db.kysely.transaction().execute(async (trx) => {
    await trx.insertInto('cluster_snapshots').values({
      id, cluster, received_at: now, resources: report.kubernetes?.resources ?? 0, findings: report.misconfigurations?.length ?? 0,
      namespaces_json: JSON.stringify(ns), report_json: clean(report),
    }).execute();
    const refs = workloads.flatMap((w) => w.images.map((reference) => ({ reference, cluster, namespace: w.namespace, seen_at: now })));
    for (const part of chunks(refs, 4)) {
      await trx.insertInto('image_namespaces').values(part).onConflict((oc) => oc.columns(['reference', 'cluster', 'namespace']).doUpdateSet({ seen_at: now })).execute();
    }
  });
  return { id, namespaces: Object.keys(ns).length };
}

export async function listClusters(db: Db): Promise<Array<{ cluster: string; lastSnapshot: string; snapshotId: string; resources: number; findings: number; namespaces: Record<string, Record<string, number>> }>> {
  const rows = await db.kysely.selectFrom('cluster_snapshots').select(['id', 'cluster', 'received_at', 'resources', 'findings', 'namespaces_json'])
    .where(({ eb, selectFrom }) => eb('received_at', '=', selectFrom('cluster_snapshots as s2').select((e) => e.fn.max('s2.received_at').as('m')).whereRef('s2.cluster', '=', 'cluster_snapshots.cluster')))
    .orderBy('cluster').execute();
  return rows.map((r) => ({ cluster: r.cluster, lastSnapshot: r.received_at, snapshotId: r.id, resources: r.resources, findings: r.findings, namespaces: JSON.parse(r.namespaces_json) as Record<string, Record<string, number>> }));
}

export async function getSnapshot(db: Db, id: string): Promise<Report | undefined> {
  const r = await db.kysely.selectFrom('cluster_snapshots').select('report_json').where('id', '=', id).executeTakeFirst();
  return r ? JSON.parse(r.report_json) as Report : undefined;
}

export interface DecisionInput {
  at?: string; cluster?: string; namespace?: string; kind?: string; name?: string; operation?: string; allowed: boolean; reason?: string; images?: string[];
  [k: string]: unknown;
}

export async function addDecisions(db: Db, list: readonly DecisionInput[], defaultCluster: string): Promise<number> {
  const now = isoNow();
  const rows = list.map((d) => ({
    id: newId(), at: d.at ?? now, cluster: d.cluster ?? defaultCluster, namespace: d.namespace ?? null, kind: d.kind ?? null, name: d.name ?? null,
    operation: d.operation ?? null, allowed: d.allowed ? 1 : 0, reason: d.reason ?? null, images_json: JSON.stringify(d.images ?? []), json: clean(d),
  }));
  const refs = list.flatMap((d) => (d.namespace ? (d.images ?? []).map((reference) => ({ reference, cluster: d.cluster ?? defaultCluster, namespace: d.namespace!, seen_at: now })) : []));
  await db.kysely.transaction().execute(async (trx) => {
    for (const part of chunks(rows, 11)) await trx.insertInto('decisions').values(part).execute();
    for (const part of chunks(refs, 4)) {
      await trx.insertInto('image_namespaces').values(part).onConflict((oc) => oc.columns(['reference', 'cluster', 'namespace']).doUpdateSet({ seen_at: now })).execute();
    }
  });
  return rows.length;
}

export async function listDecisions(db: Db, f: { allowed?: boolean; namespace?: string; cluster?: string; limit: number; cursor?: string }): Promise<Page<Record<string, unknown>>> {
  let q = db.kysely.selectFrom('decisions').selectAll();
  if (f.allowed !== undefined) q = q.where('allowed', '=', f.allowed ? 1 : 0);
  if (f.namespace) q = q.where('namespace', '=', f.namespace);
  if (f.cluster) q = q.where('cluster', '=', f.cluster);
  const after = decodeCursor(f.cursor, 2);
  if (after) q = q.where((eb) => eb(eb.refTuple('at', 'id'), '<', eb.tuple(String(after[0]), String(after[1]))));
  const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(f.limit + 1).execute();
  return pageOf(rows, f.limit, (r) => ({
    id: r.id, at: r.at, cluster: r.cluster, namespace: r.namespace, kind: r.kind, name: r.name, operation: r.operation, allowed: !!r.allowed, reason: r.reason,
    images: JSON.parse(r.images_json) as string[],
  }), (r) => [r.at, r.id]);
}

export interface AlertInput {
  time?: string; at?: string; rule: string; priority?: string; output?: string; cluster?: string;
  namespace?: string; pod?: string; container?: string; image?: string;
  output_fields?: Record<string, unknown>;
  [k: string]: unknown;
}

/** Falco-style alert lines: top-level fields, or Falco's `output_fields` (k8s.ns.name, k8s.pod.name…). */
export async function addAlerts(db: Db, list: readonly AlertInput[], defaultCluster: string): Promise<number> {
  const now = isoNow();
  const field = (a: AlertInput, ...keys: string[]): string | null => {
    for (const k of keys) {
      const v = k.includes('.') ? a.output_fields?.[k] : a[k];
      if (typeof v === 'string' && v) return v;
    }
    return null;
  };
  const rows = list.map((a) => ({
    id: newId(), at: a.at ?? a.time ?? now, cluster: a.cluster ?? defaultCluster, rule: a.rule, priority: (a.priority ?? 'warning').toLowerCase(),
    namespace: field(a, 'namespace', 'k8s.ns.name'), pod: field(a, 'pod', 'k8s.pod.name'), container: field(a, 'container', 'container.name'),
    image: field(a, 'image', 'container.image.repository', 'container.image'), output: redactText(a.output ?? a.rule), json: clean(a),
  }));
  for (const part of chunks(rows, 11)) await db.kysely.insertInto('alerts').values(part).execute();
  return rows.length;
}

export async function listAlerts(db: Db, f: { priority?: string; namespace?: string; rule?: string; limit: number; cursor?: string }): Promise<Page<Record<string, unknown>>> {
  let q = db.kysely.selectFrom('alerts').select(['id', 'at', 'cluster', 'rule', 'priority', 'namespace', 'pod', 'container', 'image', 'output']);
  if (f.priority) q = q.where('priority', '=', f.priority);
  if (f.namespace) q = q.where('namespace', '=', f.namespace);
  if (f.rule) q = q.where('rule', '=', f.rule);
  const after = decodeCursor(f.cursor, 2);
  if (after) q = q.where((eb) => eb(eb.refTuple('at', 'id'), '<', eb.tuple(String(after[0]), String(after[1]))));
  const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(f.limit + 1).execute();
  return pageOf(rows, f.limit, (r) => ({ ...r }), (r) => [r.at, r.id]);
}

export async function audit(db: Db, tokenId: string | null, action: string, target?: string, detail?: unknown): Promise<void> {
  await db.kysely.insertInto('audit_log').values({
    id: newId(), at: isoNow(), token_id: tokenId, action, target: target ?? null, detail: detail === undefined ? null : clean(detail),
  }).execute();
}

export async function listAudit(db: Db, f: { limit: number; cursor?: string }): Promise<Page<Record<string, unknown>>> {
  let q = db.kysely.selectFrom('audit_log').selectAll();
  const after = decodeCursor(f.cursor, 2);
  if (after) q = q.where((eb) => eb(eb.refTuple('at', 'id'), '<', eb.tuple(String(after[0]), String(after[1]))));
  const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(f.limit + 1).execute();
  return pageOf(rows, f.limit, (r) => ({ id: r.id, at: r.at, tokenId: r.token_id, action: r.action, target: r.target, detail: r.detail ? JSON.parse(r.detail) as unknown : null }), (r) => [r.at, r.id]);
}
