/**
 * `registry report`: hygiene of a registry from its live listing plus the local state (tag history,
 * scan summaries, pull times), and a retention policy evaluated as a dry run. Deletion happens only when
 * the caller passes `apply` (the CLI requires --apply and --yes): manifest DELETE by digest, which also
 * removes every tag pointing at it, so a digest is deleted only when all of its tags in that repository
 * are due for deletion.
 */
import { isBulwarkError, silentLogger, type Logger } from '../core/index.js';
import { RegistryClient } from '../oci/index.js';
import { parseTarget, type RegistryListing, type TaggedImage } from './enumerate.js';
import { pool } from './pool.js';
import type { RegistryPolicy } from './policy.js';
import { clientAccess, listRegistry, type RegistryAccess } from './scan.js';
import type { RegistryStore } from './store.js';

type HygieneKind = 'stale' | 'never-pulled' | 'mutable-tag' | 'untagged' | 'unsigned' | 'critical' | 'kev' | 'eol-os' | 'oversized' | 'not-scanned';

interface HygieneItem {
  kind: HygieneKind;
  repository: string;
  tag?: string;
  digest: string;
  detail: string;
}

interface Deletion {
  repository: string;
  digest: string;
  /** Tags that go with it ([] for an untagged manifest). */
  tags: string[];
  reason: string;
  /** Set after --apply: deleted, already gone, or the error. */
  outcome?: 'deleted' | 'gone' | string;
}

export interface RegistryReport {
  host: string;
  prefix?: string;
  generatedAt: string;
  policy: { source: string; staleDays: number; maxImageBytes: number; retention: Record<string, unknown> };
  /** Checks that could not be made, and why (never a silent pass). */
  notEvaluated: string[];
  /** How signatures were looked for. */
  signatureCheck: string;
  items: HygieneItem[];
  counts: Partial<Record<HygieneKind, number>>;
  retention: { applied: boolean; deletions: Deletion[]; kept: number };
}

interface ReportOptions extends RegistryAccess {
  policy: RegistryPolicy;
  store: RegistryStore;
  /** Delete for real (the CLI passes this only with --apply --yes). */
  apply?: boolean;
  concurrency?: number;
  pageSize?: number;
  platform?: string;
  signal?: AbortSignal;
  logger?: Logger;
  now?: () => Date;
}

const DAY = 86_400_000;
const SIGNATURE_ARTIFACTS = /sigstore\.bundle|notary\.signature|cosign|simplesigning/;

interface TagFacts {
  t: TaggedImage & { digest: string };
  /** Newest push (notification) or else the image's `created`. */
  when?: number;
  signed: boolean;
  deployed: boolean;
}

/** Digests with a cosign `.sig` tag, else a signature among their referrers (API or tag schema). Presence only: no trust policy here. */
async function signedDigests(client: RegistryClient, listing: RegistryListing, concurrency: number): Promise<Set<string>> {
  const signed = new Set<string>();
  for (const [repo, set] of listing.signatures) for (const d of set) signed.add(`${repo}@${d}`);
  const todo = [...new Map(listing.tags.filter((t) => t.digest && !signed.has(`${t.repository}@${t.digest}`)).map((t) => [`${t.repository}@${t.digest}`, t])).values()];
  await pool(todo, concurrency, async (t) => {
    try {
      const r = await client.referrers(t.repository, t.digest as string);
      if (r.descriptors.some((d) => SIGNATURE_ARTIFACTS.test(`${d.artifactType ?? ''} ${d.mediaType}`))) signed.add(`${t.repository}@${t.digest}`);
    } catch (e) {
      if (!isBulwarkError(e)) throw e;
    }
  });
  return signed;
}

function pushTimes(store: RegistryStore, host: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const h of store.tagHistory(host)) {
    const k = `${h.repository}:${h.tag}@${h.digest}`;
    if (h.pushedAt && (out.get(k) ?? '') < h.pushedAt) out.set(k, h.pushedAt);
  }
  return out;
}

function isDeployed(t: TaggedImage & { digest: string }, lastPull: Map<string, string>, policy: RegistryPolicy, now: number): boolean {
  const r = policy.retention;
  if (r.deployed.some((d) => d === `${t.repository}:${t.tag}` || d === `${t.repository}@${t.digest}` || d.endsWith(`/${t.repository}:${t.tag}`) || d.endsWith(`/${t.repository}@${t.digest}`))) return true;
  const pulled = lastPull.get(`${t.repository}@${t.digest}`);
  return pulled !== undefined && now - Date.parse(pulled) <= r.deployedDays * DAY;
}

function tagItems(f: TagFacts, o: ReportOptions, host: string, pulled: Set<string> | undefined, now: number): HygieneItem[] {
  const { t } = f;
  const base = { repository: t.repository, tag: t.tag, digest: t.digest };
  const out: HygieneItem[] = [];
  if (f.when !== undefined && now - f.when > o.policy.staleDays * DAY) {
    out.push({ ...base, kind: 'stale', detail: `last pushed or built ${new Date(f.when).toISOString().slice(0, 10)}, more than ${o.policy.staleDays} days ago` });
  }
  if (pulled && !pulled.has(`${t.repository}@${t.digest}`)) out.push({ ...base, kind: 'never-pulled', detail: 'no pull notification since listening began' });
  if (!f.signed) out.push({ ...base, kind: 'unsigned', detail: 'no cosign signature tag and no signature referrer' });
  const img = t.image;
  if (!img) return out;
  if (img.sizeBytes > o.policy.maxImageBytes) out.push({ ...base, kind: 'oversized', detail: `${(img.sizeBytes / 1048576).toFixed(1)} MiB compressed` });
  const s = o.store.image(host, img.imageDigest);
  if (!s) {
    out.push({ ...base, kind: 'not-scanned', detail: 'no scan result (run bulwark registry scan or listen)' });
    return out;
  }
  if (s.critical) out.push({ ...base, kind: 'critical', detail: `${s.critical} critical vulnerabilities` });
  if (s.kev) out.push({ ...base, kind: 'kev', detail: `${s.kev} vulnerabilities in CISA KEV` });
  if (s.eol) out.push({ ...base, kind: 'eol-os', detail: `${s.os ?? 'the OS'} is past end of life` });
  return out;
}

/** Tags that changed digest over time, from the history. */
function mutableTags(store: RegistryStore, host: string, prefix: string | undefined): HygieneItem[] {
  const byTag = new Map<string, Array<{ digest: string; firstSeen: string }>>();
  for (const h of store.tagHistory(host)) {
    if (prefix && h.repository !== prefix && !h.repository.startsWith(`${prefix}/`)) continue;
    const k = `${h.repository}:${h.tag}`;
    byTag.set(k, [...(byTag.get(k) ?? []), { digest: h.digest, firstSeen: h.firstSeen }]);
  }
  const out: HygieneItem[] = [];
  for (const [k, seen] of byTag) {
    if (seen.length < 2) continue;
    const sorted = seen.sort((a, b) => a.firstSeen.localeCompare(b.firstSeen));
    const colon = k.lastIndexOf(':');
    out.push({
      kind: 'mutable-tag', repository: k.slice(0, colon), tag: k.slice(colon + 1), digest: sorted[sorted.length - 1].digest,
      detail: `seen on ${sorted.length} digests: ${sorted.map((s) => `${s.digest.slice(0, 19)}… (${s.firstSeen.slice(0, 19)}Z)`).join(' → ')}`,
    });
  }
  return out;
}

/** Digests the history saw under a tag that no tag points at now but that still exist in the registry. */
async function untagged(client: RegistryClient, store: RegistryStore, listing: RegistryListing, prefix: string | undefined, concurrency: number): Promise<HygieneItem[]> {
  const current = new Set(listing.tags.filter((t) => t.digest).map((t) => `${t.repository}@${t.digest}`));
  const repos = new Set(listing.repositories);
  const old = new Map<string, { repository: string; digest: string; tags: Set<string> }>();
  for (const h of store.tagHistory(listing.host)) {
    const k = `${h.repository}@${h.digest}`;
    if (current.has(k) || !repos.has(h.repository) || (prefix && !`${h.repository}/`.startsWith(`${prefix}/`))) continue;
    const e = old.get(k) ?? { repository: h.repository, digest: h.digest, tags: new Set<string>() };
    e.tags.add(h.tag);
    old.set(k, e);
  }
  const out: HygieneItem[] = [];
  await pool([...old.values()], concurrency, async (e) => {
    if (await client.headManifest(e.repository, e.digest)) {
      out.push({ kind: 'untagged', repository: e.repository, digest: e.digest, detail: `no tag points at it any more (was ${[...e.tags].join(', ')})` });
    }
  });
  return out.sort((a, b) => a.repository.localeCompare(b.repository) || a.digest.localeCompare(b.digest));
}

/** Retention per repository: keep the newest N, pattern matches, signed and deployed; delete a digest only when all its tags go. */
function retention(facts: TagFacts[], untaggedItems: HygieneItem[], policy: RegistryPolicy): { deletions: Deletion[]; kept: number } {
  const r = policy.retention;
  const byRepo = new Map<string, TagFacts[]>();
  for (const f of facts) byRepo.set(f.t.repository, [...(byRepo.get(f.t.repository) ?? []), f]);
  const deletions: Deletion[] = [];
  let kept = 0;
  for (const [repository, list] of byRepo) {
    const newest = [...list].sort((a, b) => (b.when ?? 0) - (a.when ?? 0) || a.t.tag.localeCompare(b.t.tag));
    const keep = new Set<string>();
    newest.forEach((f, i) => {
      if (i < r.keepLast || r.keepTags.some((re) => re.test(f.t.tag)) || (r.keepSigned && f.signed) || (r.keepDeployed && f.deployed)) keep.add(f.t.tag);
    });
    kept += keep.size;
    const byDigest = new Map<string, TagFacts[]>();
    for (const f of list) byDigest.set(f.t.digest, [...(byDigest.get(f.t.digest) ?? []), f]);
    for (const [digest, tags] of byDigest) {
      if (tags.some((f) => keep.has(f.t.tag))) continue;
      deletions.push({ repository, digest, tags: tags.map((f) => f.t.tag).sort(), reason: `not among the newest ${r.keepLast}, no kept tag pattern${r.keepSigned ? ', unsigned' : ''}${r.keepDeployed ? ', not deployed' : ''}` });
    }
  }
  if (r.deleteUntagged) for (const u of untaggedItems) deletions.push({ repository: u.repository, digest: u.digest, tags: [], reason: 'untagged manifest' });
  return { deletions: deletions.sort((a, b) => a.repository.localeCompare(b.repository) || a.digest.localeCompare(b.digest)), kept };
}

async function applyDeletions(client: RegistryClient, deletions: Deletion[], logger: Logger): Promise<void> {
  // One at a time: deletions are few and a registry under garbage collection should not be hammered.
  for (const d of deletions) {
    try {
      d.outcome = (await client.deleteManifest(d.repository, d.digest)) ? 'deleted' : 'gone';
      logger.info(`deleted ${client.registry}/${d.repository}@${d.digest}${d.tags.length ? ` (${d.tags.join(', ')})` : ''}`);
    } catch (e) {
      if (!isBulwarkError(e)) throw e;
      d.outcome = /HTTP 405/.test(e.message) ? `${e.message}; the registry must allow deletes (distribution: storage.delete.enabled: true)` : e.message;
    }
  }
}

export async function registryReport(targetText: string, o: ReportOptions): Promise<RegistryReport> {
  const now = (o.now ?? (() => new Date()))();
  const target = parseTarget(targetText);
  const concurrency = Math.max(1, o.concurrency ?? 4);
  const listing = await listRegistry(target, { ...o, concurrency });
  const client = new RegistryClient(target.host, { ...o.client, ...clientAccess(o), ...(o.logger ? { logger: o.logger } : {}) });
  try {
    const signed = await signedDigests(client, listing, concurrency);
    const pushes = pushTimes(o.store, target.host);
    const lastPull = new Map(o.store.pulls(target.host).map((p) => [`${p.repository}@${p.digest}`, p.lastPull]));
    const listening = o.store.listeningSince(target.host);
    const notEvaluated: string[] = [];
    if (!listening) notEvaluated.push('never-pulled: no pull records for this registry (run `bulwark registry listen` with the registry\'s notifications pointing at it)');
    const facts: TagFacts[] = listing.tags.filter((t): t is TaggedImage & { digest: string } => Boolean(t.digest)).map((t) => {
      const pushed = pushes.get(`${t.repository}:${t.tag}@${t.digest}`);
      const when = Date.parse(pushed ?? t.image?.created ?? '');
      return { t, ...(Number.isFinite(when) ? { when } : {}), signed: signed.has(`${t.repository}@${t.digest}`), deployed: isDeployed(t, lastPull, o.policy, now.getTime()) };
    });
    const pulled = listening ? new Set(lastPull.keys()) : undefined;
    const untaggedItems = await untagged(client, o.store, listing, target.prefix, concurrency);
    const items = [...facts.flatMap((f) => tagItems(f, o, target.host, pulled, now.getTime())), ...mutableTags(o.store, target.host, target.prefix), ...untaggedItems];
    for (const t of listing.tags) if (t.error) notEvaluated.push(`${t.repository}:${t.tag}: ${t.error}`);
    const { deletions, kept } = retention(facts, untaggedItems, o.policy);
    if (o.apply) await applyDeletions(client, deletions, o.logger ?? silentLogger);
    const counts: Partial<Record<HygieneKind, number>> = {};
    for (const i of items) counts[i.kind] = (counts[i.kind] ?? 0) + 1;
    const r = o.policy.retention;
    return {
      host: target.host, ...(target.prefix ? { prefix: target.prefix } : {}), generatedAt: now.toISOString(),
      policy: {
        source: o.policy.source, staleDays: o.policy.staleDays, maxImageBytes: o.policy.maxImageBytes,
        retention: { ...r, keepTags: r.keepTags.map((x) => x.source) },
      },
      notEvaluated,
      signatureCheck: 'presence of a cosign signature tag (sha256-<hex>.sig) or a Sigstore/Notation referrer (referrers API, else the tag schema); signatures are found, not verified (verification needs a trust policy: the supply-chain verifier)',
      items, counts, retention: { applied: Boolean(o.apply), deletions, kept },
    };
  } finally {
    client.close();
  }
}
