/**
 * The one place findings of an image change: a scan, an upload or a re-evaluation hands over the complete
 * current vulnerability list, and this diff records what became newly affecting and what got fixed (with
 * timestamps and events), keeps first-seen dates, and applies suppressions. Replacing the whole list is what
 * makes a retried job idempotent: the same input gives the same rows, never duplicates.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { VulnerabilityFinding } from '../core/index.js';
import type { FindingTable, Schema, SuppressionTable } from './schema.js';
import { chunks, insertRows, newId, SEVERITY_RANK, sha256 } from './util.js';

export interface Change { imageId: string; vulnId: string; purl: string; pkgName: string; pkgVersion: string; severity: string; kev: boolean; fixedVersion: string | null; kind: 'new' | 'fixed' }

const key = (vulnId: string, purl: string): string => `${vulnId}\u0000${purl}`;

/** Highest severity wins when two feeds report the same id for the same package. */
function dedupe(vulns: readonly VulnerabilityFinding[]): Map<string, VulnerabilityFinding> {
  const out = new Map<string, VulnerabilityFinding>();
  for (const v of vulns) {
    const k = key(v.id, v.package.purl);
    const prev = out.get(k);
    if (!prev || (SEVERITY_RANK[v.severity] ?? 0) > (SEVERITY_RANK[prev.severity] ?? 0)) out.set(k, v);
  }
  return out;
}

/** The one suppression predicate (ingest, re-evaluation, adding and deleting a rule): same id, image and purl prefix. */
export function suppressedBy(rules: readonly SuppressionTable[], imageId: string, vulnId: string, purl: string): boolean {
  return rules.some((s) => (s.vuln_id === vulnId) && (!s.image_id || s.image_id === imageId) && (!s.purl || purl.startsWith(s.purl)));
}

function row(imageId: string, v: VulnerabilityFinding, state: string, now: string): FindingTable {
  return {
    image_id: imageId, vuln_id: v.id, purl: v.package.purl, pkg_name: v.package.name, pkg_version: v.package.version,
    ecosystem: v.package.ecosystem, severity: v.severity, severity_rank: SEVERITY_RANK[v.severity] ?? 0, status: v.status,
    fixed_version: v.fixedVersion ?? null, kev: v.kev ? 1 : 0, epss: v.epss?.probability ?? null, layer: v.layer ?? null,
    source: v.source, state, first_seen: now, resolved_at: null,
  };
}

/** The shared text of a finding, stored once per vulnerability id. */
function detail(v: VulnerabilityFinding): string {
  const { package: _p, status: _s, fixedVersion: _f, layer: _l, ...rest } = v;
  return JSON.stringify(rest);
}

interface Plan { inserts: FindingTable[]; updates: Array<{ r: FindingTable; set: Partial<FindingTable> }>; changes: Change[] }

const DIFF_COLUMNS = ['severity', 'severity_rank', 'status', 'fixed_version', 'kev', 'epss', 'layer', 'source', 'pkg_name', 'pkg_version', 'state'] as const;

const changeOf = (imageId: string, v: VulnerabilityFinding, kind: 'new' | 'fixed'): Change => ({
  imageId, vulnId: v.id, purl: v.package.purl, pkgName: v.package.name, pkgVersion: v.package.version, severity: v.severity, kev: !!v.kev, fixedVersion: v.fixedVersion ?? null, kind,
});

/** Compares the current list with the stored rows: inserts, column updates, and the new/fixed changes. */
function plan(imageId: string, current: Map<string, VulnerabilityFinding>, existing: readonly FindingTable[], suppressions: readonly SuppressionTable[], now: string): Plan {
  const byKey = new Map(existing.map((r) => [key(r.vuln_id, r.purl), r]));
  const out: Plan = { inserts: [], updates: [], changes: [] };
  for (const [k, v] of current) {
    const state = suppressedBy(suppressions, imageId, v.id, v.package.purl) ? 'suppressed' : 'open';
    const old = byKey.get(k);
    const fresh = row(imageId, v, state, now);
    if (!old) out.inserts.push(fresh);
    else {
      const set: Partial<FindingTable> = {};
      for (const c of DIFF_COLUMNS) if (old[c] !== fresh[c]) (set as Record<string, unknown>)[c] = fresh[c];
      // Fixed earlier and matched again: it affects the image anew (a DB correction or a downgrade).
      if (old.state === 'fixed') { set.first_seen = now; set.resolved_at = null; }
      if (Object.keys(set).length) out.updates.push({ r: old, set });
    }
    if (state === 'open' && (!old || old.state === 'fixed')) out.changes.push(changeOf(imageId, v, 'new'));
  }
  for (const [k, old] of byKey) {
    if (current.has(k) || old.state === 'fixed') continue;
    out.updates.push({ r: old, set: { state: 'fixed', resolved_at: now } });
    if (old.state === 'open') {
      out.changes.push({ imageId, vulnId: old.vuln_id, purl: old.purl, pkgName: old.pkg_name, pkgVersion: old.pkg_version, severity: old.severity, kev: !!old.kev, fixedVersion: old.fixed_version, kind: 'fixed' });
    }
  }
  return out;
}

function countsOf(imageId: string, current: Map<string, VulnerabilityFinding>, suppressions: readonly SuppressionTable[]): Record<string, number> {
  const counts: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0, kev: 0 };
  for (const v of current.values()) {
    if (suppressedBy(suppressions, imageId, v.id, v.package.purl)) continue;
    counts[v.severity] = (counts[v.severity] ?? 0) + 1;
    if (v.kev) counts.kev! += 1;
  }
  return counts;
}

/** What a match produced for an image, as one digest: equal digests mean the stored rows need no change. */
function matchHash(current: Map<string, VulnerabilityFinding>): string {
  const parts: string[] = [];
  for (const k of [...current.keys()].sort()) {
    const v = current.get(k)!;
    parts.push(JSON.stringify([k, v.package.name, v.package.version, v.package.ecosystem, v.severity, v.status, v.fixedVersion ?? null, !!v.kev, v.epss?.probability ?? null, v.layer ?? null, v.source]));
  }
  return sha256(parts.join('\n'));
}

// Detail text this process last wrote per vulnerability id: a re-evaluation of 10k images does not rewrite
// the same text once per shard (bounded; another process writing newer text for the same id is harmless).
const lastDetail = new Map<string, string>();

export interface ImageFindings { imageId: string; vulns: readonly VulnerabilityFinding[] }
interface Applied { imageId: string; counts: Record<string, number>; hash: string; changed: boolean }

/**
 * The diff for many images in one transaction: existing rows read per chunk of images, inserts and events
 * written as multi-row statements, updates one statement per image and column set. An image whose match
 * digest equals `previousHash` (the last applied one) is skipped: its rows already say exactly this.
 */
export async function applyFindingsMany(
  trx: Transaction<Schema>, items: readonly ImageFindings[], suppressions: readonly SuppressionTable[], now: string,
  cause: 'scan' | 'reevaluate', previousHash: ReadonlyMap<string, string | null> = new Map(),
): Promise<{ changes: Change[]; applied: Applied[] }> {
  const applied: Applied[] = [];
  const work: Array<{ imageId: string; current: Map<string, VulnerabilityFinding> }> = [];
  const details = new Map<string, string>();
  const titles = new Map<string, string | null>();
  for (const it of items) {
    const current = dedupe(it.vulns);
    const hash = matchHash(current);
    const changed = previousHash.get(it.imageId) !== hash;
    applied.push({ imageId: it.imageId, counts: countsOf(it.imageId, current, suppressions), hash, changed });
    if (changed) work.push({ imageId: it.imageId, current });
    for (const v of current.values()) if (!details.has(v.id)) { details.set(v.id, detail(v)); titles.set(v.id, v.title ?? null); }
  }
  const existing = new Map<string, FindingTable[]>(work.map((w) => [w.imageId, []]));
  for (const ids of chunks(work.map((w) => w.imageId), 1)) {
    const rows = await trx.selectFrom('findings').selectAll().where('image_id', 'in', ids).execute();
    for (const r of rows) existing.get(r.image_id)!.push(r);
  }
  const inserts: FindingTable[] = [];
  const changes: Change[] = [];
  for (const w of work) {
    const p = plan(w.imageId, w.current, existing.get(w.imageId)!, suppressions, now);
    inserts.push(...p.inserts);
    changes.push(...p.changes);
    // One statement per distinct column set (a DB update moves many findings of an image the same way).
    const bySet = new Map<string, { set: Partial<FindingTable>; keys: string[] }>();
    for (const u of p.updates) {
      const k = JSON.stringify(u.set);
      (bySet.get(k) ?? bySet.set(k, { set: u.set, keys: [] }).get(k)!).keys.push(`${u.r.vuln_id} ${u.r.purl}`);
    }
    for (const { set, keys } of bySet.values()) {
      for (const part of chunks(keys, 1)) {
        await trx.updateTable('findings').set(set).where('image_id', '=', w.imageId)
          .where(sql<string>`(${sql.ref('vuln_id')} || ' ' || ${sql.ref('purl')})`, 'in', part).execute();
      }
    }
  }
  await insertRows(trx, 'findings', inserts);
  const fresh = [...details].filter(([id, json]) => lastDetail.get(id) !== json).map(([id, json]) => ({ id, json, title: titles.get(id) ?? null }));
  for (const part of chunks(fresh, 3)) {
    await trx.insertInto('vuln_details').values(part)
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ json: eb.ref('excluded.json'), title: eb.ref('excluded.title') }))).execute();
  }
  if (lastDetail.size > 200_000) lastDetail.clear();
  // Remembered only once the transaction commits: a rolled-back write must be written again next time.
  const remember = (): void => { for (const r of fresh) lastDetail.set(r.id, r.json); };
  afterCommit(trx, remember);
  const events = changes.map((c) => ({ id: newId(), at: now, image_id: c.imageId, vuln_id: c.vulnId, purl: c.purl, kind: c.kind, severity: c.severity, kev: c.kev ? 1 : 0, cause }));
  await insertRows(trx, 'finding_events', events);
  return { changes, applied };
}

const commitHooks = new WeakMap<object, Array<() => void>>();
function afterCommit(trx: object, fn: () => void): void {
  (commitHooks.get(trx) ?? commitHooks.set(trx, []).get(trx)!).push(fn);
}

/** Runs `fn` in a transaction, then the after-commit hooks the diff registered (details written for good). */
export async function inTransaction<T>(db: Kysely<Schema>, fn: (trx: Transaction<Schema>) => Promise<T>): Promise<T> {
  let hooks: Array<() => void> = [];
  const out = await db.transaction().execute(async (trx) => {
    const r = await fn(trx);
    hooks = commitHooks.get(trx) ?? [];
    return r;
  });
  for (const h of hooks) h();
  return out;
}
