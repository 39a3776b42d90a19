/**
 * What the attack graph needs from the store: the stored report of each image a cluster runs (looked up by
 * digest, or by the reference it was scanned under), and the cluster's workload objects as uploaded by
 * `bulwark graph --server URL --upload CLUSTER` (kept in the key-value `meta` table, one row per cluster:
 * no schema change; payloads of Secrets and ConfigMaps were removed before they got here).
 */
import type { Report } from '../core/index.js';
import type { Db } from './db.js';
import { imageReport } from './queries.js';

const DIGEST = /@(sha256:[0-9a-f]{64})$/;
const objectsKey = (cluster: string) => `graph_objects:${cluster}`;

/** Docker Hub short names are stored as scanned; try the spellings a pod spec may use for the same image. */
function spellings(ref: string): string[] {
  const out = [ref];
  const first = ref.split('/')[0]!;
  const hasRegistry = ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) out.push(ref.includes('/') ? `docker.io/${ref}` : `docker.io/library/${ref}`);
  if (ref.startsWith('docker.io/library/')) out.push(ref.slice('docker.io/library/'.length));
  else if (ref.startsWith('docker.io/')) out.push(ref.slice('docker.io/'.length));
  if (!/[:@][^/]+$/.test(ref)) out.push(...out.map((r) => `${r}:latest`));
  return out;
}

async function imageIdFor(db: Db, ref: string): Promise<string | undefined> {
  const digest = DIGEST.exec(ref)?.[1];
  if (digest) {
    const hit = await db.kysely.selectFrom('images').select('id').where('id', '=', digest).executeTakeFirst();
    if (hit) return hit.id;
  }
  const names = spellings(ref.replace(DIGEST, ''));
  const byRef = await db.kysely.selectFrom('image_refs').select('image_id').where('reference', 'in', names).orderBy('seen_at', 'desc').executeTakeFirst();
  if (byRef) return byRef.image_id;
  const byImage = await db.kysely.selectFrom('images').select('id').where('reference', 'in', names).orderBy('last_scanned', 'desc').executeTakeFirst();
  return byImage?.id;
}

/** Each found report carries the workload's reference as its target name, so the graph joins it to the containers. */
export async function reportsForImages(db: Db, refs: readonly string[]): Promise<{ reports: Report[]; missing: string[] }> {
  const reports: Report[] = [];
  const missing: string[] = [];
  const cache = new Map<string, Report | undefined>();
  for (const ref of new Set(refs)) {
    const id = await imageIdFor(db, ref);
    if (id && !cache.has(id)) cache.set(id, await imageReport(db, id));
    const r = id ? cache.get(id) : undefined;
    if (r) reports.push({ ...r, target: { ...r.target, name: ref } });
    else missing.push(ref);
  }
  return { reports, missing };
}

export async function saveClusterObjects(db: Db, cluster: string, objects: readonly unknown[]): Promise<void> {
  const value = JSON.stringify(objects);
  await db.kysely.insertInto('meta').values({ key: objectsKey(cluster), value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}

export async function loadClusterObjects(db: Db, cluster: string): Promise<unknown[] | undefined> {
  const row = await db.kysely.selectFrom('meta').select('value').where('key', '=', objectsKey(cluster)).executeTakeFirst();
  return row ? JSON.parse(row.value) as unknown[] : undefined;
}
