/**
 * Continuous re-evaluation: after a vulnerability DB update every stored inventory is matched again (no image
 * pull: the packages were kept at ingest), and the findings diff records what newly affects an image and what
 * got fixed. The work is split into shards of image ids so several workers share it; each shard commits in one
 * transaction and adds its counts to the run, and the shard that completes the run stamps it finished.
 */
import type { OsInfo, Package } from '../core/index.js';
import type { Matcher, MatchMemo } from '../scan/index.js';
import type { Db } from './db.js';
import { applyFindingsMany, inTransaction, type Change, type ImageFindings } from './findings-diff.js';
import { chunks, isoNow, newId } from './util.js';

export interface ReevaluateDeps {
  openMatcher: () => Promise<Matcher>;
  /** Newly affecting / fixed findings of a shard (webhooks); failures are logged by the caller, never retried here. */
  notify?: (changes: Change[]) => Promise<void>;
}

const SHARD = 250;

/** Records the run and cuts the image ids into shards (id order, so shards never overlap). */
export async function startRun(db: Db, deps: ReevaluateDeps, trigger: string): Promise<{ runId: string; shards: string[][] }> {
  const matcher = await deps.openMatcher();
  const builtAt = matcher.database?.builtAt;
  matcher.close();
  const ids = (await db.kysely.selectFrom('inventories').select('image_id').orderBy('image_id').execute()).map((r) => r.image_id);
  const shards: string[][] = [];
  for (let i = 0; i < ids.length; i += SHARD) shards.push(ids.slice(i, i + SHARD));
  const runId = newId();
  await db.kysely.insertInto('reevaluations').values({
    id: runId, started_at: isoNow(), finished_at: shards.length ? null : isoNow(), db_built_at: builtAt ?? null, images: 0, new_findings: 0, fixed_findings: 0,
    shards: shards.length, shards_done: 0, trigger,
  }).execute();
  return { runId, shards };
}

// The per-package match results of the run this process is working on (shards of one run share them).
let memoOf: { key: string; memo: MatchMemo } = { key: '', memo: new Map() };

export async function reevaluateShard(db: Db, deps: ReevaluateDeps, runId: string, ids: readonly string[]): Promise<Change[]> {
  const matcher = await deps.openMatcher();
  const results: ImageFindings[] = [];
  const previousHash = new Map<string, string | null>();
  try {
    const memoKey = `${runId}\u0000${JSON.stringify(matcher.database ?? null)}`;
    if (memoOf.key !== memoKey) memoOf = { key: memoKey, memo: new Map() };
    const rows = await db.kysely.selectFrom('inventories').innerJoin('images', 'images.id', 'inventories.image_id')
      .select(['inventories.image_id', 'inventories.os_json', 'inventories.packages_json', 'images.match_hash']).where('inventories.image_id', 'in', [...ids]).execute();
    const invs = rows.map((r) => {
      const os = r.os_json ? JSON.parse(r.os_json) as OsInfo : undefined;
      previousHash.set(r.image_id, r.match_hash);
      return { packages: JSON.parse(r.packages_json) as Package[], ...(os ? { os } : {}) };
    });
    const matched = await matcher.matchMany(invs, memoOf.memo);
    rows.forEach((r, i) => results.push({ imageId: r.image_id, vulns: matched[i]! }));
  } finally {
    matcher.close();
  }
  const builtAt = matcher.database?.builtAt ?? null;
  const now = isoNow();
  const changes = await inTransaction(db.kysely, async (trx) => {
    const suppressions = await trx.selectFrom('suppressions').selectAll().execute();
    const { changes: all, applied } = await applyFindingsMany(trx, results, suppressions, now, 'reevaluate', previousHash);
    for (const a of applied.filter((x) => x.changed)) {
      const c = a.counts;
      await trx.updateTable('images').set({
        critical: c.critical!, high: c.high!, medium: c.medium!, low: c.low!, unknown: c.unknown!, kev: c.kev!, db_built_at: builtAt, match_hash: a.hash,
      }).where('id', '=', a.imageId).execute();
    }
    const same = applied.filter((x) => !x.changed).map((x) => x.imageId);
    for (const part of chunks(same, 1)) await trx.updateTable('images').set({ db_built_at: builtAt }).where('id', 'in', part).execute();
    const added = all.filter((c) => c.kind === 'new').length;
    // A shard retried after its commit (worker killed before pg-boss heard of it) must not count twice.
    const shardKey = `shard:${runId}:${ids[0] ?? ''}`;
    if (await trx.selectFrom('meta').select('key').where('key', '=', shardKey).executeTakeFirst()) return all;
    await trx.insertInto('meta').values({ key: shardKey, value: now }).execute();
    const run = await trx.updateTable('reevaluations').set((eb) => ({
      images: eb('images', '+', results.length), new_findings: eb('new_findings', '+', added), fixed_findings: eb('fixed_findings', '+', all.length - added),
      shards_done: eb('shards_done', '+', 1),
    })).where('id', '=', runId).returning(['shards', 'shards_done']).executeTakeFirst();
    if (run && run.shards_done >= run.shards) await trx.updateTable('reevaluations').set({ finished_at: isoNow() }).where('id', '=', runId).execute();
    await trx.insertInto('meta').values({ key: 'last_evaluated_db', value: builtAt ?? '' }).onConflict((oc) => oc.column('key').doUpdateSet({ value: builtAt ?? '' })).execute();
    return all;
  });
  if (changes.length && deps.notify) await deps.notify(changes);
  return changes;
}

interface RunInfo { id: string; startedAt: string; finishedAt: string | null; dbBuiltAt: string | null; images: number; newFindings: number; fixedFindings: number; shards: number; shardsDone: number; trigger: string }

export async function listRuns(db: Db, limit: number): Promise<RunInfo[]> {
  const rows = await db.kysely.selectFrom('reevaluations').selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, startedAt: r.started_at, finishedAt: r.finished_at, dbBuiltAt: r.db_built_at, images: r.images, newFindings: r.new_findings, fixedFindings: r.fixed_findings, shards: r.shards, shardsDone: r.shards_done, trigger: r.trigger }));
}

export async function getMeta(db: Db, key: string): Promise<string | undefined> {
  return (await db.kysely.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst())?.value;
}
