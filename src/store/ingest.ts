/**
 * Ingest of scan results: a Bulwark JSON report or an SBOM becomes one image row (keyed by digest), its
 * inventory (kept for re-evaluation), package rows (portfolio queries) and findings (through the diff).
 * Everything for one image is written in one transaction, so a crash leaves the old state or the new one.
 */
import { redact, redactText, type OsInfo, type Package, type Report, type VulnerabilityFinding } from '../core/index.js';
import { osEndOfLife, redactReport, sbomInventory, type Matcher } from '../scan/index.js';
import type { Db } from './db.js';
import { applyFindings, type Change } from './findings-diff.js';
import { chunks, isoNow, sha256 } from './util.js';

interface IngestResult { imageId: string; created: boolean; packages: number; findings: number; changes: Change[]; warnings: string[] }

interface IngestInput {
  id: string;
  kind: 'image' | 'sbom';
  reference: string;
  repository?: string;
  os?: OsInfo;
  packages: Package[];
  vulnerabilities: VulnerabilityFinding[];
  extras: Partial<Report>;
  dbBuiltAt?: string;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Content identity of an inventory without a digest: the same packages on the same OS are the same thing. */
function inventoryId(packages: readonly Package[], os?: OsInfo): string {
  const purls = packages.map((p) => p.purl).sort();
  return `sbom:sha256:${sha256(JSON.stringify([os?.family ?? '', os?.version ?? '', purls]))}`;
}

async function store(db: Db, input: IngestInput, cause: 'scan' | 'reevaluate'): Promise<IngestResult> {
  const now = isoNow();
  const eol = input.os ? osEndOfLife(input.os) : { eol: false };
  return db.kysely.transaction().execute(async (trx) => {
    const prev = await trx.selectFrom('images').select(['id', 'first_seen']).where('id', '=', input.id).executeTakeFirst();
    const suppressions = await trx.selectFrom('suppressions').selectAll().execute();
    const { changes, counts } = await applyFindings(trx, input.id, input.vulnerabilities, suppressions, now, cause);
    const image = {
      kind: input.kind, reference: input.reference, repository: input.repository ?? null,
      os_family: input.os?.family ?? null, os_version: input.os?.version ?? null, os_eol: eol.eol ? 1 : 0, os_eol_date: eol.date ?? null,
      package_count: input.packages.length, critical: counts.critical!, high: counts.high!, medium: counts.medium!, low: counts.low!,
      unknown: counts.unknown!, kev: counts.kev!, last_scanned: now, db_built_at: input.dbBuiltAt ?? null,
    };
    if (prev) await trx.updateTable('images').set(image).where('id', '=', input.id).execute();
    else await trx.insertInto('images').values({ id: input.id, first_seen: now, ...image }).onConflict((oc) => oc.column('id').doUpdateSet(image)).execute();
    await trx.insertInto('image_refs').values({ reference: input.reference, image_id: input.id, seen_at: now })
      .onConflict((oc) => oc.columns(['reference', 'image_id']).doUpdateSet({ seen_at: now })).execute();
    const inventory = { os_json: input.os ? JSON.stringify(input.os) : null, packages_json: JSON.stringify(input.packages), extras_json: JSON.stringify(input.extras) };
    await trx.insertInto('inventories').values({ image_id: input.id, ...inventory }).onConflict((oc) => oc.column('image_id').doUpdateSet(inventory)).execute();
    await trx.deleteFrom('packages').where('image_id', '=', input.id).execute();
    const rows = input.packages.map((p) => ({ image_id: input.id, name: p.name, version: p.version, ecosystem: p.ecosystem, type: p.type, purl: p.purl }));
    for (const part of chunks(rows, 6)) await trx.insertInto('packages').values(part).execute();
    return { imageId: input.id, created: !prev, packages: input.packages.length, findings: input.vulnerabilities.length, changes, warnings: [] };
  });
}

/** Secrets stay masked and free text passes the report redaction, whatever the uploader did. */
function redacted(report: Report): Report {
  const r = redactReport(structuredClone(report), redactText);
  for (const s of r.secrets ?? []) if (!/\*{3}/.test(s.match)) s.match = redact(s.match);
  return r;
}

/**
 * A Bulwark JSON report. With a matcher (the server's vulnerability DB) the packages are matched again so
 * every stored image is judged by the same database; without one the report's own findings are kept.
 */
export async function ingestReport(db: Db, raw: Report, opts: { matcher?: Matcher; reference?: string } = {}): Promise<IngestResult> {
  const report = redacted(raw);
  const img = report.target.image;
  const digest = img?.manifestDigest ?? img?.configDigest;
  const id = digest && DIGEST.test(digest) ? digest : inventoryId(report.packages, report.os);
  let vulns = report.vulnerabilities;
  if (opts.matcher?.database) {
    const m = await opts.matcher.match({ packages: report.packages, ...(report.os ? { os: report.os } : {}) });
    vulns = m.vulnerabilities;
  }
  const { packages: _p, vulnerabilities: _v, ...extras } = report;
  const repository = img?.name?.repository;
  return store(db, {
    id, kind: report.target.type === 'image' ? 'image' : 'sbom', reference: opts.reference ?? img?.reference ?? report.target.name,
    ...(repository ? { repository } : {}), ...(report.os ? { os: report.os } : {}), packages: report.packages, vulnerabilities: vulns, extras,
    ...(opts.matcher?.database?.builtAt ? { dbBuiltAt: opts.matcher.database.builtAt } : report.database?.builtAt ? { dbBuiltAt: report.database.builtAt } : {}),
  }, 'scan');
}

/** A CycloneDX or SPDX JSON SBOM: packages matched by the server's database (if any). */
export async function ingestSbom(db: Db, bytes: Buffer | string, opts: { matcher?: Matcher; reference?: string; digest?: string } = {}): Promise<IngestResult> {
  const inv = sbomInventory(bytes, 'uploaded SBOM');
  const subjectDigest = inv.subject?.version && DIGEST.test(inv.subject.version) ? inv.subject.version : undefined;
  const digest = opts.digest && DIGEST.test(opts.digest) ? opts.digest : subjectDigest;
  const id = digest ?? inventoryId(inv.packages, inv.os);
  const m = opts.matcher?.database ? await opts.matcher.match(inv) : { vulnerabilities: [], warnings: opts.matcher?.warning ? [opts.matcher.warning] : [] };
  const reference = opts.reference ?? (inv.subject ? `${inv.subject.name}${inv.subject.version && !subjectDigest ? `:${inv.subject.version}` : ''}` : id);
  const r = await store(db, {
    id, kind: 'sbom', reference, ...(inv.os ? { os: inv.os } : {}), packages: inv.packages, vulnerabilities: m.vulnerabilities,
    extras: { warnings: inv.warnings, scanners: opts.matcher?.database ? ['vuln'] : [] },
    ...(opts.matcher?.database?.builtAt ? { dbBuiltAt: opts.matcher.database.builtAt } : {}),
  }, 'scan');
  return { ...r, warnings: [...inv.warnings, ...m.warnings] };
}
