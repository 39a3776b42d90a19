/**
 * A small cache of serialised list responses (findings, images): the UI and API clients repeat the same few
 * filtered first pages, and a hundred concurrent readers should not each re-run the same query. An entry is
 * used only while no write of this process happened since it was made (`Db.writes`) and for at most `ttlMs`,
 * which bounds how stale a page can be when another process (pg-boss worker, second server) wrote meanwhile.
 * `BULWARK_SERVER_PAGE_CACHE_MS` sets `ttlMs` (default 2000; 0 turns the cache off).
 */
import type { Db } from '../store/index.js';

interface Entry { writes: number; at: number; body: string }

/** `serialize`: the route's compiled response-schema serialiser (fast-json-stringify via `reply.serialize`); default JSON.stringify. */
export interface ResponseCache { get(key: string, produce: () => Promise<unknown>, serialize?: (v: unknown) => string): Promise<string> }

export function responseCache(db: Db, opts: { ttlMs?: number; max?: number } = {}): ResponseCache {
  const ttl = opts.ttlMs ?? 2000;
  const max = opts.max ?? 500;
  // 0 turns the cache off entirely (no reuse, no coalescing): for measuring the queries themselves.
  if (ttl <= 0) return { get: async (_key, produce, serialize = JSON.stringify) => serialize(await produce()) };
  const entries = new Map<string, Entry>();
  // Identical requests arriving while the first is still computing wait for it instead of running again.
  const pending = new Map<string, { writes: number; body: Promise<string> }>();
  return {
    async get(key, produce, serialize = JSON.stringify) {
      const writes = db.writes();
      const now = Date.now();
      const e = entries.get(key);
      if (e && e.writes === writes && now - e.at < ttl) return e.body;
      const p = pending.get(key);
      if (p && p.writes === writes) return p.body;
      const body = produce().then(serialize);
      pending.set(key, { writes, body });
      try {
        const text = await body;
        // Kept only if no write of ours landed while it was computed (it might hold the state before it).
        if (db.writes() === writes) {
          if (entries.size >= max) entries.delete(entries.keys().next().value!);
          entries.set(key, { writes, at: now, body: text });
        }
        return text;
      } finally {
        if (pending.get(key)?.body === body) pending.delete(key);
      }
    },
  };
}
