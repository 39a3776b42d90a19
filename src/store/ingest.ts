/**
 * Ingest of scan results: a Bulwark JSON report or an SBOM becomes one image row (keyed by digest), its
 * inventory (kept for re-evaluation), package rows (portfolio queries) and findings (through the diff).
 * Everything for one image is written in one transaction, so a crash leaves the old state or the new one.
 */
import { redact, redactText, type OsInfo, type Package, type Report, type VulnerabilityFinding } from '../core/index.js';
import { osEndOfLife, redactReport, sbomInventory, type Matcher, type MatchMemo } from '../scan/index.js';
import type { Db } from './db.js';
import { applyFindingsMany, inTransaction, type Change } from './findings-diff.js';
import { chunks, insertRows, isoNow, sha256 } from './util.js';

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

/**
 * Writes many images in one transaction (the bulk path; an API upload is a batch of one): findings through the
 * shared diff, packages as multi-row inserts. A batch holding the same image twice is split so the later wins.
 */
async function storeMany(db: Db, inputs: readonly IngestInput[], cause: 'scan' | 'reevaluate'): Promise<IngestResult[]> {
  const out: IngestResult[] = [];
  let batch: IngestInput[] = [];
  const flush = async (): Promise<void> => { if (batch.length) out.push(...await storeBatch(db, batch, cause)); batch = []; };
  for (const input of inputs) {
    if (batch.some((b) => b.id === input.id)) await flush();
    batch.push(input);
  }
  await flush();
  return out;
}

async function storeBatch(db: Db, inputs: readonly IngestInput[], cause: 'scan' | 'reevaluate'): Promise<IngestResult[]> {
  const now = isoNow();
  return inTransaction(db.kysely, async (trx) => {
    const ids = inputs.map((i) => i.id);
    const prev = new Map<string, string | null>();
    for (const part of chunks(ids, 1)) {
      for (const r of await trx.selectFrom('images').select(['id', 'match_hash']).where('id', 'in', part).execute()) prev.set(r.id, r.match_hash);
    }
    const suppressions = await trx.selectFrom('suppressions').selectAll().execute();
    const { changes, applied } = await applyFindingsMany(trx, inputs.map((i) => ({ imageId: i.id, vulns: i.vulnerabilities })), suppressions, now, cause, prev);
    for (const part of chunks(ids, 1)) await trx.deleteFrom('packages').where('image_id', 'in', part).execute();
    const packages: Array<{ image_id: string; name: string; version: string; ecosystem: string; type: string; purl: string }> = [];
    const results = inputs.map((input, i) => {
      const a = applied[i]!;
      const eol = input.os ? osEndOfLife(input.os) : { eol: false };
      const c = a.counts;
      const image = {
        kind: input.kind, reference: input.reference, repository: input.repository ?? null,
        os_family: input.os?.family ?? null, os_version: input.os?.version ?? null, os_eol: eol.eol ? 1 : 0, os_eol_date: eol.date ?? null,
        package_count: input.packages.length, critical: c.critical!, high: c.high!, medium: c.medium!, low: c.low!,
        unknown: c.unknown!, kev: c.kev!, last_scanned: now, db_built_at: input.dbBuiltAt ?? null, match_hash: a.hash,
      };
      for (const p of input.packages) packages.push({ image_id: input.id, name: p.name, version: p.version, ecosystem: p.ecosystem, type: p.type, purl: p.purl });
      return { input, image, created: !prev.has(input.id) };
    });
    for (const { input, image, created } of results) {
      if (!created) await trx.updateTable('images').set(image).where('id', '=', input.id).execute();
      else await trx.insertInto('images').values({ id: input.id, first_seen: now, ...image }).onConflict((oc) => oc.column('id').doUpdateSet(image)).execute();
      await trx.insertInto('image_refs').values({ reference: input.reference, image_id: input.id, seen_at: now })
        .onConflict((oc) => oc.columns(['reference', 'image_id']).doUpdateSet({ seen_at: now })).execute();
      const inventory = { os_json: input.os ? JSON.stringify(input.os) : null, packages_json: JSON.stringify(input.packages), extras_json: JSON.stringify(input.extras) };
      await trx.insertInto('inventories').values({ image_id: input.id, ...inventory }).onConflict((oc) => oc.column('image_id').doUpdateSet(inventory)).execute();
    }
    await insertRows(trx, 'packages', packages);
    return results.map(({ input, created }) => ({
      imageId: input.id, created, packages: input.packages.length, findings: input.vulnerabilities.length,
      changes: changes.filter((c) => c.imageId === input.id), warnings: [],
    }));
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
  const [r] = await storeMany(db, [{
    id, kind: report.target.type === 'image' ? 'image' : 'sbom', reference: opts.reference ?? img?.reference ?? report.target.name,
    ...(repository ? { repository } : {}), ...(report.os ? { os: report.os } : {}), packages: report.packages, vulnerabilities: vulns, extras,
    ...(opts.matcher?.database?.builtAt ? { dbBuiltAt: opts.matcher.database.builtAt } : report.database?.builtAt ? { dbBuiltAt: report.database.builtAt } : {}),
  }], 'scan');
  return r!;
}

interface SbomUpload { bytes: Buffer | string; reference?: string; digest?: string }

/** A CycloneDX or SPDX JSON SBOM: packages matched by the server's database (if any). */
export async function ingestSbom(db: Db, bytes: Buffer | string, opts: { matcher?: Matcher; reference?: string; digest?: string } = {}): Promise<IngestResult> {
  const { matcher, ...upload } = opts;
  const [r] = await ingestSboms(db, [{ bytes, ...upload }], matcher ? { matcher } : {});
  return r!;
}

/**
 * Many SBOMs at once (bulk import, benchmarks): each distinct package matched once across the batch (and across
 * batches with a shared `memo`), all written in one transaction. Same rows as one `ingestSbom` per document.
 */
export async function ingestSboms(db: Db, uploads: readonly SbomUpload[], opts: { matcher?: Matcher; memo?: MatchMemo } = {}): Promise<IngestResult[]> {
  const invs = uploads.map((u) => sbomInventory(u.bytes, 'uploaded SBOM'));
  let matched: VulnerabilityFinding[][] | undefined;
  let warnings = opts.matcher?.database || !opts.matcher?.warning ? [] : [opts.matcher.warning];
  if (opts.matcher?.database && invs.length === 1 && !opts.memo) {
    // One upload: the detectors' own warnings (an OS release the feeds do not cover…) go back to the uploader.
    const m = await opts.matcher.match(invs[0]!);
    matched = [m.vulnerabilities];
    warnings = m.warnings;
  } else if (opts.matcher?.database) matched = await opts.matcher.matchMany(invs, opts.memo);
  const inputs = invs.map((inv, i): IngestInput => {
    const u = uploads[i]!;
    const subjectDigest = inv.subject?.version && DIGEST.test(inv.subject.version) ? inv.subject.version : undefined;
    const digest = u.digest && DIGEST.test(u.digest) ? u.digest : subjectDigest;
    const id = digest ?? inventoryId(inv.packages, inv.os);
    const reference = u.reference ?? (inv.subject ? `${inv.subject.name}${inv.subject.version && !subjectDigest ? `:${inv.subject.version}` : ''}` : id);
    return {
      id, kind: 'sbom', reference, ...(inv.os ? { os: inv.os } : {}), packages: inv.packages, vulnerabilities: matched?.[i] ?? [],
      extras: { warnings: inv.warnings, scanners: opts.matcher?.database ? ['vuln'] : [] },
      ...(opts.matcher?.database?.builtAt ? { dbBuiltAt: opts.matcher.database.builtAt } : {}),
    };
  });
  const stored = await storeMany(db, inputs, 'scan');
  return stored.map((r, i) => ({ ...r, warnings: [...invs[i]!.warnings, ...warnings] }));
}
