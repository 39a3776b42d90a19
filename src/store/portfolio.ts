/**
 * Portfolio questions (Dependency-Track's): which images hold package X in versions Y..Z, where is a CVE and
 * is it fixed anywhere, images by base OS and end-of-life date. Version ranges use the ecosystem's own order
 * (dpkg, rpm, semver…), so the range test runs on the rows the name index selects, not in SQL.
 */
import { compareInEcosystem } from '../scan/index.js';
import type { Db } from './db.js';

interface PackageHit { imageId: string; reference: string; name: string; version: string; ecosystem: string; purl: string }

/**
 * `from`/`to` inclusive; either may be absent. The range test runs once per distinct version (read from the
 * covering name/ecosystem/version index), then only the rows of the versions in range are fetched, sorted and
 * cut in SQL: 10k images holding libc6 are a handful of versions, not 10k comparisons and a sort in memory.
 */
export async function imagesWithPackage(db: Db, q: { name: string; ecosystem?: string; from?: string; to?: string; limit: number }): Promise<{ items: PackageHit[]; truncated: boolean }> {
  let vq = db.kysely.selectFrom('packages').select(['ecosystem', 'version']).distinct().where('name', '=', q.name);
  if (q.ecosystem) vq = vq.where('ecosystem', '=', q.ecosystem);
  const inRange = (await vq.execute()).filter((r) => !(q.from && compareInEcosystem(r.ecosystem, r.version, q.from) < 0) && !(q.to && compareInEcosystem(r.ecosystem, r.version, q.to) > 0));
  if (!inRange.length) return { items: [], truncated: false };
  const byEco = new Map<string, string[]>();
  for (const r of inRange) (byEco.get(r.ecosystem) ?? byEco.set(r.ecosystem, []).get(r.ecosystem)!).push(r.version);
  const rows = await db.kysely.selectFrom('packages').innerJoin('images', 'images.id', 'packages.image_id')
    .select(['packages.image_id', 'images.reference', 'packages.name', 'packages.version', 'packages.ecosystem', 'packages.purl'])
    .where('packages.name', '=', q.name)
    .where((eb) => eb.or([...byEco].map(([eco, versions]) => eb.and([eb('packages.ecosystem', '=', eco), eb('packages.version', 'in', versions)]))))
    .orderBy('images.reference').orderBy('packages.purl').orderBy('packages.image_id')
    .limit(q.limit + 1).execute();
  const items = rows.slice(0, q.limit).map((r) => ({ imageId: r.image_id, reference: r.reference, name: r.name, version: r.version, ecosystem: r.ecosystem, purl: r.purl }));
  return { items, truncated: rows.length > q.limit };
}

interface VulnWhere {
  vulnerability: string;
  /** The ids it is stored under (itself and the advisories that alias it). */
  ids: string[];
  affected: Array<{ imageId: string; reference: string; purl: string; version: string; fixedVersion: string | null; firstSeen: string }>;
  /** Images where it was found and is gone now (upgraded, rebuilt, or the DB says not affected). */
  fixedIn: Array<{ imageId: string; reference: string; purl: string; resolvedAt: string | null }>;
  /** Fixed versions the feeds name for the affected packages. */
  fixVersions: string[];
  suppressed: number;
}

export async function whereIsVulnerability(db: Db, id: string): Promise<VulnWhere> {
  // A CVE may be stored under a GHSA/OSV/DSA id that lists it as an alias.
  const aliased = await db.kysely.selectFrom('vuln_details').select('id').where('json', 'like', `%"${id.replace(/[%_\\"]/g, '')}"%`).execute();
  const ids = [...new Set([id, ...aliased.map((r) => r.id)])];
  const rows = await db.kysely.selectFrom('findings').innerJoin('images', 'images.id', 'findings.image_id')
    .select(['findings.image_id', 'images.reference', 'findings.purl', 'findings.pkg_version', 'findings.fixed_version', 'findings.first_seen', 'findings.resolved_at', 'findings.state'])
    .where('findings.vuln_id', 'in', ids)
    .orderBy('images.reference').execute();
  const out: VulnWhere = { vulnerability: id, ids, affected: [], fixedIn: [], fixVersions: [], suppressed: 0 };
  const fixes = new Set<string>();
  for (const r of rows) {
    if (r.state === 'open') {
      out.affected.push({ imageId: r.image_id, reference: r.reference, purl: r.purl, version: r.pkg_version, fixedVersion: r.fixed_version, firstSeen: r.first_seen });
      if (r.fixed_version) fixes.add(r.fixed_version);
    } else if (r.state === 'fixed') {
      out.fixedIn.push({ imageId: r.image_id, reference: r.reference, purl: r.purl, resolvedAt: r.resolved_at });
    } else out.suppressed++;
  }
  out.fixVersions = [...fixes].sort();
  return out;
}

interface OsGroup { family: string | null; version: string | null; eol: boolean; eolDate: string | null; images: number }

/** Images grouped by base OS release, end-of-life ones first, then by EOL date. */
export async function imagesByOs(db: Db, q: { eolBefore?: string } = {}): Promise<OsGroup[]> {
  let sel = db.kysely.selectFrom('images')
    .select(['os_family', 'os_version', 'os_eol', 'os_eol_date', (eb) => eb.fn.countAll().as('n')])
    .groupBy(['os_family', 'os_version', 'os_eol', 'os_eol_date']);
  if (q.eolBefore) sel = sel.where('os_eol_date', '<=', q.eolBefore);
  const rows = await sel.execute();
  return rows.map((r) => ({ family: r.os_family, version: r.os_version, eol: !!r.os_eol, eolDate: r.os_eol_date, images: Number(r.n) }))
    .sort((a, b) => Number(b.eol) - Number(a.eol) || (a.eolDate ?? '9999').localeCompare(b.eolDate ?? '9999') || (a.family ?? '').localeCompare(b.family ?? ''));
}
