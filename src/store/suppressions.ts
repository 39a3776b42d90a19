/**
 * Suppressions written from the UI/API, exported as an OpenVEX document (so `bulwark image --vex` applies the
 * same decisions in CI). A suppression marks matching open findings `suppressed` at once and in every later
 * scan or re-evaluation; deleting it reopens them.
 */
import type { Db } from './db.js';
import type { SuppressionTable } from './schema.js';
import { isoNow, newId } from './util.js';

/** OpenVEX justifications for `not_affected`. */
export const JUSTIFICATIONS = [
  'component_not_present', 'vulnerable_code_not_present', 'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary', 'inline_mitigations_already_exist',
] as const;

interface SuppressionInput { vulnerability: string; purl?: string; imageId?: string; justification: string; statement?: string }

async function recount(db: Db, imageIds: readonly string[]): Promise<void> {
  for (const id of imageIds) {
    const rows = await db.kysely.selectFrom('findings').select(['severity', 'kev']).where('image_id', '=', id).where('state', '=', 'open').execute();
    const c: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
    for (const r of rows) c[r.severity] = (c[r.severity] ?? 0) + 1;
    await db.kysely.updateTable('images').set({ critical: c.critical!, high: c.high!, medium: c.medium!, low: c.low!, unknown: c.unknown!, kev: rows.filter((r) => r.kev).length }).where('id', '=', id).execute();
  }
}

export async function addSuppression(db: Db, s: SuppressionInput, by: string | null): Promise<{ id: string; findings: number }> {
  const id = newId();
  await db.kysely.insertInto('suppressions').values({
    id, vuln_id: s.vulnerability, purl: s.purl ?? null, image_id: s.imageId ?? null, justification: s.justification, statement: s.statement ?? '', created_at: isoNow(), created_by: by,
  }).execute();
  let q = db.kysely.updateTable('findings').set({ state: 'suppressed' }).where('vuln_id', '=', s.vulnerability).where('state', '=', 'open');
  if (s.imageId) q = q.where('image_id', '=', s.imageId);
  if (s.purl) q = q.where('purl', 'like', `${s.purl.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
  const affected = await db.kysely.selectFrom('findings').select('image_id').distinct().where('vuln_id', '=', s.vulnerability).where('state', '=', 'open').execute();
  const r = await q.executeTakeFirst();
  await recount(db, affected.map((a) => a.image_id));
  return { id, findings: Number(r.numUpdatedRows) };
}

export async function deleteSuppression(db: Db, id: string): Promise<boolean> {
  const s = await db.kysely.selectFrom('suppressions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s) return false;
  await db.kysely.deleteFrom('suppressions').where('id', '=', id).execute();
  // Reopen what this rule (and no other) suppressed.
  const others = await db.kysely.selectFrom('suppressions').selectAll().where('vuln_id', '=', s.vuln_id).execute();
  const rows = await db.kysely.selectFrom('findings').select(['image_id', 'purl']).where('vuln_id', '=', s.vuln_id).where('state', '=', 'suppressed').execute();
  const reopen = rows.filter((r) => !others.some((o) => (!o.image_id || o.image_id === r.image_id) && (!o.purl || r.purl.startsWith(o.purl))));
  for (const r of reopen) {
    await db.kysely.updateTable('findings').set({ state: 'open' }).where('image_id', '=', r.image_id).where('vuln_id', '=', s.vuln_id).where('purl', '=', r.purl).execute();
  }
  await recount(db, [...new Set(reopen.map((r) => r.image_id))]);
  return true;
}

export async function listSuppressions(db: Db): Promise<SuppressionTable[]> {
  return db.kysely.selectFrom('suppressions').selectAll().orderBy('created_at').execute();
}

/** OpenVEX 0.2.0: one `not_affected` statement per suppression. */
export async function openVex(db: Db, author: string): Promise<Record<string, unknown>> {
  const rows = await listSuppressions(db);
  const ts = rows.at(-1)?.created_at ?? isoNow();
  return {
    '@context': 'https://openvex.dev/ns/v0.2.0',
    '@id': `https://bulwark.local/vex/${ts}`,
    author, timestamp: ts, version: 1,
    statements: rows.map((r) => ({
      vulnerability: { name: r.vuln_id },
      ...(r.purl ? { products: [{ '@id': r.purl }] } : r.image_id ? { products: [{ '@id': r.image_id }] } : {}),
      status: 'not_affected', justification: r.justification, ...(r.statement ? { impact_statement: r.statement } : {}), timestamp: r.created_at,
    })),
  };
}
