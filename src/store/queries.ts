/** Read side of the API: images, findings, events, with server-side filters and keyset paging. */
import type { OsInfo, Package, Report, VulnerabilityFinding } from '../core/index.js';
import { sql } from 'kysely';
import { BulwarkError } from '../core/index.js';
import type { Db } from './db.js';
import { decodeCursor, pageOf, type Page } from './paging.js';
import type { ImageTable } from './schema.js';
import { SEVERITY_RANK } from './util.js';

export interface ImageSummary {
  id: string; kind: string; reference: string; repository: string | null;
  os: { family: string; version: string | null; eol: boolean; eolDate: string | null } | null;
  packages: number; vulnerabilities: { critical: number; high: number; medium: number; low: number; unknown: number }; kev: number;
  firstSeen: string; lastScanned: string; dbBuiltAt: string | null;
}

function imageSummary(r: ImageTable): ImageSummary {
  return {
    id: r.id, kind: r.kind, reference: r.reference, repository: r.repository,
    os: r.os_family ? { family: r.os_family, version: r.os_version, eol: !!r.os_eol, eolDate: r.os_eol_date } : null,
    packages: r.package_count, vulnerabilities: { critical: r.critical, high: r.high, medium: r.medium, low: r.low, unknown: r.unknown }, kev: r.kev,
    firstSeen: r.first_seen, lastScanned: r.last_scanned, dbBuiltAt: r.db_built_at,
  };
}

interface ImageFilter {
  q?: string; osFamily?: string; osVersion?: string; eol?: boolean; severity?: string; kev?: boolean; kind?: string;
  limit: number; cursor?: string; count?: boolean;
}

/** Images, most recently scanned first. `severity=high` keeps images with at least one high or critical. */
export async function listImages(db: Db, f: ImageFilter): Promise<Page<ImageSummary>> {
  let q = db.kysely.selectFrom('images').selectAll();
  if (f.q) q = q.where('reference', 'like', `%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
  if (f.osFamily) q = q.where('os_family', '=', f.osFamily);
  if (f.osVersion) q = q.where('os_version', '=', f.osVersion);
  if (f.eol !== undefined) q = q.where('os_eol', '=', f.eol ? 1 : 0);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.kev) q = q.where('kev', '>', 0);
  if (f.severity) {
    const rank = SEVERITY_RANK[f.severity] ?? 0;
    const cols = (['critical', 'high', 'medium', 'low', 'unknown'] as const).filter((c) => (SEVERITY_RANK[c] ?? 0) >= rank);
    q = q.where((eb) => eb.or(cols.map((c) => eb(c, '>', 0))));
  }
  const total = f.count ? Number((await q.clearSelect().select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0) : undefined;
  const after = decodeCursor(f.cursor, 2);
  if (after) q = q.where((eb) => eb(eb.refTuple('last_scanned', 'id'), '<', eb.tuple(String(after[0]), String(after[1]))));
  const rows = await q.orderBy('last_scanned', 'desc').orderBy('id', 'desc').limit(f.limit + 1).execute();
  const page = pageOf(rows, f.limit, imageSummary, (r) => [r.last_scanned, r.id]);
  return total === undefined ? page : { ...page, total };
}

export async function getImage(db: Db, id: string): Promise<ImageSummary | undefined> {
  const r = await db.kysely.selectFrom('images').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? imageSummary(r) : undefined;
}

interface FindingItem {
  imageId: string; reference: string; vulnerability: string; title: string | null;
  package: { name: string; version: string; ecosystem: string; purl: string };
  severity: string; status: string; fixedVersion: string | null; kev: boolean; epss: number | null; state: string;
  firstSeen: string; resolvedAt: string | null;
}

interface FindingFilter {
  severity?: string; state?: string; vulnerability?: string; package?: string; image?: string; kev?: boolean; fixable?: boolean; ecosystem?: string;
  limit: number; cursor?: string; count?: boolean;
}

// The list reads only the findings table: no `state` (the filter fixes it) and no joins. The image reference and
// the advisory title come from `names` (below): the joins were about half of PostgreSQL's work per page, and every
// column costs the pg driver a parse per row.
const FINDING_COLUMNS = [
  'findings.image_id', 'findings.vuln_id', 'findings.purl', 'findings.pkg_name', 'findings.pkg_version', 'findings.ecosystem', 'findings.severity',
  'findings.severity_rank', 'findings.status', 'findings.fixed_version', 'findings.kev', 'findings.epss', 'findings.first_seen', 'findings.resolved_at',
] as const;

/** A list row as the array `Db.selectArrays` returns: FINDING_COLUMNS in order. */
type FindingRow = [
  image_id: string, vuln_id: string, purl: string, pkg_name: string, pkg_version: string, ecosystem: string, severity: string,
  severity_rank: number, status: string, fixed_version: string | null, kev: number, epss: number | null, first_seen: string, resolved_at: string | null,
];

function findingItem(r: FindingRow, state: string, n: Names): FindingItem {
  return {
    imageId: r[0], reference: n.refs.get(r[0]) ?? r[0], vulnerability: r[1], title: n.titles.get(r[1]) ?? null,
    package: { name: r[3], version: r[4], ecosystem: r[5], purl: r[2] },
    severity: r[6], status: r[8], fixedVersion: r[9], kev: !!r[10], epss: r[11], state,
    firstSeen: r[12], resolvedAt: r[13],
  };
}

/**
 * Image references and advisory titles of list rows, per process: a page needs at most 50 of each and the same
 * few recur page after page, so they are looked up once (one `in (…)` query per kind for the ids a page misses)
 * instead of joined into every page. Kept while this process made no write (`Db.writes`) and for at most
 * NAMES_TTL_MS, the staleness the page cache and the token memo also allow for writes of other processes (a
 * worker re-tagging an image, a feed retitling an advisory). Concurrent pages missing the same ids share the
 * lookup.
 */
interface Names { at: number; writes: number; refs: Map<string, string>; titles: Map<string, string | null>; pending: Map<string, Promise<void>> }
const NAMES_TTL_MS = 2000;
const NAMES_MAX = 50_000;
const namesOf = new WeakMap<Db, Names>();

async function names(db: Db, rows: readonly FindingRow[]): Promise<Names> {
  const now = Date.now();
  let n = namesOf.get(db);
  if (!n || now - n.at >= NAMES_TTL_MS || n.writes !== db.writes() || n.refs.size + n.titles.size > NAMES_MAX) {
    n = { at: now, writes: db.writes(), refs: new Map(), titles: new Map(), pending: new Map() };
    namesOf.set(db, n);
  }
  // Nothing is allocated when every id is known (the common case: the same pages again).
  let images: Set<string> | undefined;
  let vulns: Set<string> | undefined;
  let waits: Set<Promise<void>> | undefined;
  for (const r of rows) {
    if (!n.refs.has(r[0])) { const p = n.pending.get(`i${r[0]}`); if (p) (waits ??= new Set()).add(p); else (images ??= new Set()).add(r[0]); }
    if (!n.titles.has(r[1])) { const p = n.pending.get(`v${r[1]}`); if (p) (waits ??= new Set()).add(p); else (vulns ??= new Set()).add(r[1]); }
  }
  if (images || vulns) {
    const cur = n;
    const imageIds = [...(images ?? [])];
    const vulnIds = [...(vulns ?? [])];
    const fetch = async (): Promise<void> => {
      const [refRows, titleRows] = await Promise.all([
        imageIds.length ? db.kysely.selectFrom('images').select(['id', 'reference']).where('id', 'in', imageIds).execute() : [],
        vulnIds.length ? db.kysely.selectFrom('vuln_details').select(['id', 'title']).where('id', 'in', vulnIds).execute() : [],
      ]);
      for (const r of refRows) cur.refs.set(r.id, r.reference);
      for (const r of titleRows) cur.titles.set(r.id, r.title);
      // Ids without a row (no stored advisory text) are remembered too, or every page would ask again.
      for (const id of imageIds) if (!cur.refs.has(id)) cur.refs.set(id, id);
      for (const id of vulnIds) if (!cur.titles.has(id)) cur.titles.set(id, null);
    };
    const p = fetch().finally(() => { for (const id of imageIds) cur.pending.delete(`i${id}`); for (const id of vulnIds) cur.pending.delete(`v${id}`); });
    for (const id of imageIds) cur.pending.set(`i${id}`, p);
    for (const id of vulnIds) cur.pending.set(`v${id}`, p);
    (waits ??= new Set()).add(p);
  }
  if (waits) await Promise.all(waits);
  return n;
}

/** The WHERE terms of a findings list, in the one order both the Kysely build and the parameter list follow. */
function findingTerms(f: FindingFilter): Array<[column: 'severity_rank' | 'vuln_id' | 'pkg_name' | 'ecosystem' | 'image_id', op: '=' | '>=', value: string | number]> {
  const out: ReturnType<typeof findingTerms> = [];
  if (f.severity) out.push(['severity_rank', '>=', SEVERITY_RANK[f.severity] ?? 0]);
  if (f.vulnerability) out.push(['vuln_id', '=', f.vulnerability]);
  if (f.package) out.push(['pkg_name', '=', f.package]);
  if (f.ecosystem) out.push(['ecosystem', '=', f.ecosystem]);
  if (f.image) out.push(['image_id', '=', f.image]);
  return out;
}

function findingsWhere(db: Db, f: FindingFilter) {
  let q = db.kysely.selectFrom('findings').where('findings.state', '=', f.state ?? 'open');
  for (const [col, op, value] of findingTerms(f)) q = q.where(`findings.${col}`, op, value);
  // A literal, not a parameter: SQLite uses the partial `kev = 1` index only when it can prove the term matches.
  if (f.kev) q = q.where('findings.kev', '=', sql.lit(1));
  if (f.fixable) q = q.where('findings.fixed_version', 'is not', null);
  return q;
}

// SQL text per query shape (which filters, whether a cursor, the page size): a list request binds new values to
// the text Kysely compiled the first time instead of building and compiling the query tree again (better-sqlite3
// reuses its prepared statement for the same text; PostgreSQL its named statement). The page size is a literal,
// not a parameter: with `LIMIT $n` PostgreSQL never adopts a generic plan for the statement (it cannot cost an
// unknown limit) and re-plans it on every execution, which took longer than running it. Bounded: shapes × sizes.
const findingShapes = new Map<string, string>();
const MAX_SHAPES = 1000;

/** Findings, most severe first (then by image, id, package, descending): filtered and paged in SQL, never in memory. */
export async function listFindings(db: Db, f: FindingFilter): Promise<Page<FindingItem>> {
  const total = f.count ? Number((await findingsWhere(db, f).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0) : undefined;
  const after = decodeCursor(f.cursor, 4);
  const params: unknown[] = [f.state ?? 'open', ...findingTerms(f).map((t) => t[2])];
  if (after) params.push(Number(after[0]), String(after[1]), String(after[2]), String(after[3]));
  const shape = `${db.dialect} ${findingTerms(f).map((t) => t[0]).join(',')} ${f.kev ? 'k' : ''}${f.fixable ? 'f' : ''}${after ? 'c' : ''} ${f.limit}`;
  let text = findingShapes.get(shape);
  if (!text) {
    let q = findingsWhere(db, f);
    // One direction for every sort column, so the (…, severity_rank, image_id, vuln_id, purl) indexes are read
    // backwards and stop after `limit` rows: no sort of the whole result, whatever the page.
    if (after) {
      q = q.where((eb) => eb(eb.refTuple('findings.severity_rank', 'findings.image_id', 'findings.vuln_id', 'findings.purl'), '<',
        eb.tuple(Number(after[0]), String(after[1]), String(after[2]), String(after[3]))));
    }
    const compiled = q
      .select([...FINDING_COLUMNS])
      .orderBy('findings.severity_rank', 'desc').orderBy('findings.image_id', 'desc').orderBy('findings.vuln_id', 'desc').orderBy('findings.purl', 'desc')
      .limit(sql.lit(f.limit + 1)).compile();
    // The hand-made parameter list must be exactly what Kysely bound, or the cached text would get wrong values.
    if (JSON.stringify(compiled.parameters) !== JSON.stringify(params)) throw new BulwarkError('INTERNAL', `findings query parameters out of step for shape ${shape}`);
    text = compiled.sql;
    if (findingShapes.size >= MAX_SHAPES) findingShapes.delete(findingShapes.keys().next().value!);
    findingShapes.set(shape, text);
  }
  const rows = await db.selectArrays(text, params) as FindingRow[];
  const n = await names(db, rows.length > f.limit ? rows.slice(0, f.limit) : rows);
  // Reads that shared one execution (Db.selectArrays) got the same rows array: they also share the page built from
  // it, as long as the names came from the same memo generation (the text fixes state and limit).
  const shared = (rows as SharedRows)[SHARED_PAGE];
  if (shared && shared.names === n) return total === undefined ? shared.page : { ...shared.page, total };
  const state = f.state ?? 'open';
  const page = pageOf(rows, f.limit, (r) => findingItem(r, state, n), (r) => [r[7], r[0], r[1], r[2]]);
  (rows as SharedRows)[SHARED_PAGE] = { names: n, page };
  return total === undefined ? page : { ...page, total };
}

/**
 * The page built from a rows array (see listFindings), kept on the array itself: shared by the callers, who must
 * not mutate it. Not a WeakMap: an ephemeron per request measurably raised GC time when nothing is shared.
 */
const SHARED_PAGE = Symbol('page');
type SharedRows = FindingRow[] & { [SHARED_PAGE]?: { names: Names; page: Page<FindingItem> } };

/** The stored report of an image, rebuilt: inventory + open findings with their shared text. */
export async function imageReport(db: Db, id: string): Promise<Report | undefined> {
  const inv = await db.kysely.selectFrom('inventories').selectAll().where('image_id', '=', id).executeTakeFirst();
  const img = await db.kysely.selectFrom('images').selectAll().where('id', '=', id).executeTakeFirst();
  if (!inv || !img) return undefined;
  const rows = await db.kysely.selectFrom('findings').leftJoin('vuln_details', 'vuln_details.id', 'findings.vuln_id')
    .selectAll('findings').select('vuln_details.json').where('findings.image_id', '=', id).where('findings.state', '=', 'open')
    .orderBy('findings.severity_rank', 'desc').orderBy('findings.vuln_id').execute();
  const vulnerabilities: VulnerabilityFinding[] = rows.map((r) => ({
    ...(r.json ? JSON.parse(r.json) as Omit<VulnerabilityFinding, 'package' | 'status'> : { id: r.vuln_id, aliases: [], severity: r.severity as VulnerabilityFinding['severity'], source: r.source }),
    id: r.vuln_id, severity: r.severity as VulnerabilityFinding['severity'],
    package: { name: r.pkg_name, version: r.pkg_version, ecosystem: r.ecosystem, purl: r.purl },
    status: r.status as VulnerabilityFinding['status'], ...(r.fixed_version ? { fixedVersion: r.fixed_version } : {}), ...(r.layer ? { layer: r.layer } : {}),
  }));
  const extras = JSON.parse(inv.extras_json) as Partial<Report>;
  const os = inv.os_json ? JSON.parse(inv.os_json) as OsInfo : undefined;
  return {
    schemaVersion: 1, tool: { name: 'bulwark', version: extras.tool?.version ?? 'server' }, createdAt: extras.createdAt ?? img.last_scanned,
    target: extras.target ?? { type: 'sbom', name: img.reference },
    ...extras,
    ...(os ? { os } : {}),
    packages: JSON.parse(inv.packages_json) as Package[],
    vulnerabilities,
    secrets: extras.secrets ?? [], misconfigurations: extras.misconfigurations ?? [], licenses: extras.licenses ?? [],
    warnings: extras.warnings ?? [], scanners: extras.scanners ?? [],
  } as Report;
}

interface EventItem { at: string; imageId: string; reference: string | null; vulnerability: string; purl: string; kind: string; severity: string; kev: boolean; cause: string }

/** Newly affecting / newly fixed findings, newest first. */
export async function listEvents(db: Db, f: { kind?: string; since?: string; severity?: string; limit: number; cursor?: string }): Promise<Page<EventItem>> {
  let q = db.kysely.selectFrom('finding_events').leftJoin('images', 'images.id', 'finding_events.image_id').selectAll('finding_events').select('images.reference');
  if (f.kind) q = q.where('finding_events.kind', '=', f.kind);
  if (f.since) q = q.where('finding_events.at', '>=', f.since);
  if (f.severity) {
    const rank = SEVERITY_RANK[f.severity] ?? 0;
    q = q.where('finding_events.severity', 'in', Object.keys(SEVERITY_RANK).filter((s) => (SEVERITY_RANK[s] ?? 0) >= rank));
  }
  const after = decodeCursor(f.cursor, 2);
  if (after) q = q.where((eb) => eb(eb.refTuple('finding_events.at', 'finding_events.id'), '<', eb.tuple(String(after[0]), String(after[1]))));
  const rows = await q.orderBy('finding_events.at', 'desc').orderBy('finding_events.id', 'desc').limit(f.limit + 1).execute();
  return pageOf(rows, f.limit, (r) => ({ at: r.at, imageId: r.image_id, reference: r.reference, vulnerability: r.vuln_id, purl: r.purl, kind: r.kind, severity: r.severity, kev: !!r.kev, cause: r.cause }), (r) => [r.at, r.id]);
}

type DayCounts = { day: string; critical: number; high: number; medium: number; low: number; unknown: number };

/**
 * Open findings per day and severity: a finding counts on every day between first seen and resolution. Two
 * grouped queries (findings opened per day, resolved per day) and running sums, not one table scan per day.
 */
export async function findingsOverTime(db: Db, f: { days: number; now?: Date }): Promise<DayCounts[]> {
  const now = f.now ?? new Date();
  const dayOf = (i: number): string => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - i)).toISOString().slice(0, 10);
  const perDay = (col: 'first_seen' | 'resolved_at') => db.kysely.selectFrom('findings')
    .select((eb) => ['severity', sql<string>`substr(${sql.ref(col)}, 1, 10)`.as('d'), eb.fn.countAll().as('n')])
    .where('state', '!=', 'suppressed').where(col, 'is not', null)
    .groupBy(['severity', sql`substr(${sql.ref(col)}, 1, 10)`]).execute();
  const [opened, resolved] = await Promise.all([perDay('first_seen'), perDay('resolved_at')]);
  const delta = new Map<string, Record<string, number>>();
  const first = dayOf(f.days - 1);
  // A resolved finding was first seen no later than its resolution, so open(D) = opened by D − resolved by D.
  for (const [rows, sign] of [[opened, 1], [resolved, -1]] as const) {
    for (const r of rows) {
      const d = r.d < first ? '' : r.d;
      const m = delta.get(d) ?? delta.set(d, {}).get(d)!;
      m[r.severity] = (m[r.severity] ?? 0) + sign * Number(r.n);
    }
  }
  const running: Record<string, number> = { ...delta.get('') };
  const out: DayCounts[] = [];
  for (let i = f.days - 1; i >= 0; i--) {
    const day = dayOf(i);
    for (const [sev, n] of Object.entries(delta.get(day) ?? {})) running[sev] = (running[sev] ?? 0) + n;
    out.push({ day, critical: running.critical ?? 0, high: running.high ?? 0, medium: running.medium ?? 0, low: running.low ?? 0, unknown: running.unknown ?? 0 });
  }
  return out;
}

/** Vulnerability text (description, CVSS, references) as stored from the feed that matched it. */
export async function vulnerabilityDetail(db: Db, id: string): Promise<Record<string, unknown> | undefined> {
  const r = await db.kysely.selectFrom('vuln_details').select('json').where('id', '=', id).executeTakeFirst();
  return r ? JSON.parse(r.json) as Record<string, unknown> : undefined;
}

