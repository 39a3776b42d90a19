/**
 * API tokens and UI sessions. Tokens are `bwk_<id>_<secret>`: the id finds the row, the sha256 of the whole
 * token is compared in constant time; only the hash is stored. Scopes nest: admin ⊃ scan ⊃ read.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from './db.js';
import { isoNow, sha256 } from './util.js';

export const SCOPES = ['read', 'scan', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export function allows(held: string, needed: Scope): boolean {
  return SCOPES.indexOf(held as Scope) >= SCOPES.indexOf(needed);
}

interface TokenInfo { id: string; name: string; scope: Scope; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }

export async function createToken(db: Db, scope: Scope, name = ''): Promise<{ id: string; token: string }> {
  const id = randomBytes(6).toString('hex');
  const token = `bwk_${id}_${randomBytes(24).toString('base64url')}`;
  await db.kysely.insertInto('tokens').values({ id, hash: sha256(token), scope, name, created_at: isoNow(), last_used_at: null, revoked_at: null }).execute();
  return { id, token };
}

/** The token's id and scope, or undefined for an unknown, malformed or revoked token. */
export async function verifyToken(db: Db, token: string): Promise<{ id: string; scope: Scope } | undefined> {
  const m = /^bwk_([0-9a-f]{12})_[A-Za-z0-9_-]{32}$/.exec(token);
  if (!m) return undefined;
  const row = await db.kysely.selectFrom('tokens').select(['id', 'hash', 'scope', 'revoked_at', 'last_used_at']).where('id', '=', m[1]!).executeTakeFirst();
  if (!row || row.revoked_at) return undefined;
  const a = Buffer.from(row.hash, 'hex');
  const b = Buffer.from(sha256(token), 'hex');
  if (a.length !== b.length || !timingSafeEqual(a, b)) return undefined;
  // last_used_at at minute resolution: one write per token per minute, not one per request.
  const now = isoNow();
  if (!row.last_used_at || row.last_used_at.slice(0, 16) !== now.slice(0, 16)) {
    await db.kysely.updateTable('tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return { id: row.id, scope: row.scope as Scope };
}

export async function listTokens(db: Db): Promise<TokenInfo[]> {
  const rows = await db.kysely.selectFrom('tokens').select(['id', 'name', 'scope', 'created_at', 'last_used_at', 'revoked_at']).orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, scope: r.scope as Scope, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
}

export async function revokeToken(db: Db, id: string): Promise<boolean> {
  const r = await db.kysely.updateTable('tokens').set({ revoked_at: isoNow() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  await db.kysely.deleteFrom('sessions').where('token_id', '=', id).execute();
  return Number(r.numUpdatedRows) > 0;
}

/** A UI session for a verified token: the cookie carries a random value, the table its hash. */
export async function createSession(db: Db, tokenId: string, scope: Scope, ttlSeconds: number): Promise<{ cookie: string; expiresAt: string }> {
  const cookie = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000).toISOString();
  await db.kysely.insertInto('sessions').values({ id: sha256(cookie), token_id: tokenId, scope, created_at: isoNow(), expires_at: expiresAt }).execute();
  return { cookie, expiresAt };
}

export async function sessionFor(db: Db, cookie: string): Promise<{ tokenId: string; scope: Scope } | undefined> {
  const row = await db.kysely.selectFrom('sessions').select(['token_id', 'scope', 'expires_at']).where('id', '=', sha256(cookie)).executeTakeFirst();
  if (!row || row.expires_at <= isoNow()) return undefined;
  return { tokenId: row.token_id, scope: row.scope as Scope };
}

export async function deleteSession(db: Db, cookie: string): Promise<void> {
  await db.kysely.deleteFrom('sessions').where('id', '=', sha256(cookie)).execute();
}
