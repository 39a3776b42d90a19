/**
 * Suppressions written from the UI/API, exported as an OpenVEX document that `bulwark image --vex` applies as
 * the server does: package scope (product = purl prefix), image scope (product = the image digest, to a scan of
 * that image only), everywhere (no product).
 * A suppression marks matching open findings `suppressed` at once and in every later scan or re-evaluation;
 * deleting it reopens them.
 */
import type { Db } from './db.js';
import type { SuppressionTable } from './schema.js';
import { suppressedBy } from './findings-diff.js';
import { chunks, isoNow, newId } from './util.js';

/** OpenVEX justifications for `not_affected`. */
export const JUSTIFICATIONS = [
  'component_not_present', 'vulnerable_code_not_present', 'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary', 'inline_mitigations_already_exist',
] as const;

interface SuppressionInput { vulnerability: string; purl?: string; imageId?: string; justification: string; statement?: string }

/** Severity counts of the images' open findings, read in one query per chunk of images. */
async function recount(db: Db, imageIds: readonly string[]): Promise<void> {
  for (const ids of chunks(imageIds, 1)) {
    const rows = await db.kysely.selectFrom('findings').select(['image_id', 'severity', 'kev']).where('image_id', 'in', ids).where('state', '=', 'open').execute();
    const counts = new Map(ids.map((id) => [id, { critical: 0, high: 0, medium: 0, low: 0, unknown: 0, kev: 0 } as Record<string, number>]));
    for (const r of rows) {
      const c = counts.get(r.image_id)!;
      c[r.severity] = (c[r.severity] ?? 0) + 1;
      if (r.kev) c.kev! += 1;
    }
    for (const [id, c] of counts) {
      await db.kysely.updateTable('images').set({ critical: c.critical!, high: c.high!, medium: c.medium!, low: c.low!, unknown: c.unknown!, kev: c.kev! }).where('id', '=', id).execute();
    }
  }
}

/**
 * Moves the given findings of one vulnerability to `state`: one statement per package purl (a vulnerability
 * hits few distinct purls, shared by many images) rather than one per finding.
 */
async function setState(db: Db, vulnId: string, rows: ReadonlyArray<{ image_id: string; purl: string }>, state: 'open' | 'suppressed'): Promise<void> {
  const byPurl = new Map<string, string[]>();
  for (const r of rows) (byPurl.get(r.purl) ?? byPurl.set(r.purl, []).get(r.purl)!).push(r.image_id);
  for (const [purl, imageIds] of byPurl) {
    for (const ids of chunks(imageIds, 1)) {
      await db.kysely.updateTable('findings').set({ state }).where('vuln_id', '=', vulnId).where('purl', '=', purl).where('image_id', 'in', ids).execute();
    }
  }
}

const imagesOf = (rows: ReadonlyArray<{ image_id: string }>): string[] => [...new Set(rows.map((r) => r.image_id))];

export async function addSuppression(db: Db, s: SuppressionInput, by: string | null): Promise<{ id: string; findings: number }> {
  const rule: SuppressionTable = {
    id: newId(), vuln_id: s.vulnerability, purl: s.purl ?? null, image_id: s.imageId ?? null, justification: s.justification, statement: s.statement ?? '', created_at: isoNow(), created_by: by,
  };
  await db.kysely.insertInto('suppressions').values(rule).execute();
  // Matched here with the same predicate ingest and re-evaluation use, so no later scan disagrees with it.
  let q = db.kysely.selectFrom('findings').select(['image_id', 'purl']).where('vuln_id', '=', s.vulnerability).where('state', '=', 'open');
  if (s.imageId) q = q.where('image_id', '=', s.imageId);
  const hit = (await q.execute()).filter((r) => suppressedBy([rule], r.image_id, rule.vuln_id, r.purl));
  await setState(db, rule.vuln_id, hit, 'suppressed');
  await recount(db, imagesOf(hit));
  return { id: rule.id, findings: hit.length };
}

export async function deleteSuppression(db: Db, id: string): Promise<boolean> {
  const s = await db.kysely.selectFrom('suppressions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s) return false;
  await db.kysely.deleteFrom('suppressions').where('id', '=', id).execute();
  // Reopen what this rule (and no other) suppressed.
  const others = await db.kysely.selectFrom('suppressions').selectAll().where('vuln_id', '=', s.vuln_id).execute();
  const rows = await db.kysely.selectFrom('findings').select(['image_id', 'purl']).where('vuln_id', '=', s.vuln_id).where('state', '=', 'suppressed').execute();
  const reopen = rows.filter((r) => !suppressedBy(others, r.image_id, s.vuln_id, r.purl));
  await setState(db, s.vuln_id, reopen, 'open');
  await recount(db, imagesOf(reopen));
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
      // Image scope: the image's digest, with the package as a subcomponent when the rule names one too.
      ...(r.image_id ? { products: [{ '@id': r.image_id, ...(r.purl ? { subcomponents: [{ '@id': r.purl }] } : {}) }] } : r.purl ? { products: [{ '@id': r.purl }] } : {}),
      status: 'not_affected', justification: r.justification, ...(r.statement ? { impact_statement: r.statement } : {}), timestamp: r.created_at,
    })),
  };
}
