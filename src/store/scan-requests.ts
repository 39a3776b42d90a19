/** Status of scan requests (queued → running → done | failed), whichever queue runs them. */
import type { Db } from './db.js';

interface ScanRequestInfo { id: string; reference: string; status: string; imageId: string | null; error: string | null; attempts: number; createdAt: string; updatedAt: string }

const info = (r: { id: string; reference: string; status: string; image_id: string | null; error: string | null; attempts: number; created_at: string; updated_at: string }): ScanRequestInfo => ({
  id: r.id, reference: r.reference, status: r.status, imageId: r.image_id, error: r.error, attempts: r.attempts, createdAt: r.created_at, updatedAt: r.updated_at,
});

export async function getScanRequest(db: Db, id: string): Promise<ScanRequestInfo | undefined> {
  const r = await db.kysely.selectFrom('scan_requests').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? info(r) : undefined;
}

export async function listScanRequests(db: Db, limit: number): Promise<ScanRequestInfo[]> {
  return (await db.kysely.selectFrom('scan_requests').selectAll().orderBy('created_at', 'desc').limit(limit).execute()).map(info);
}
