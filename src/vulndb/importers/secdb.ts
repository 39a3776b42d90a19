/**
 * secdb JSON (Alpine https://secdb.alpinelinux.org/v3.X/main.json, Wolfi https://packages.wolfi.dev/os/security.json,
 * Chainguard): `packages[].pkg.{name, secfixes: { "<fixed version>": ["CVE-…"] }}`, keyed by origin package.
 * Key "0" means "never affected" and produces nothing. Alpine has no unfixed data: absence means unknown.
 */
import type { Advisory } from '../contract.js';
import { emptyFeed, type ParsedFeed } from './types.js';

export interface SecDb {
  distroversion?: string;
  reponame?: string;
  urlprefix?: string;
  packages: Array<{ pkg?: { name?: string; secfixes?: Record<string, unknown> } }> | null;
}

export function isSecDb(v: unknown): v is SecDb {
  const o = v as SecDb;
  return typeof o === 'object' && o !== null && (Array.isArray(o.packages) || o.packages === null)
    && ('distroversion' in o || 'reponame' in o || 'urlprefix' in o);
}

/** Which distro a secdb file belongs to, from its own fields. */
function flavour(doc: SecDb): { ecosystem: string; source: string; feed: string } {
  const prefix = doc.urlprefix ?? '';
  if (/wolfi/i.test(prefix) || (!doc.distroversion && doc.reponame === 'os' && !/cgr\.dev|chainguard/i.test(prefix))) {
    return { ecosystem: 'Wolfi', source: 'wolfi-secdb', feed: 'wolfi-secdb' };
  }
  if (/cgr\.dev|chainguard/i.test(prefix)) return { ecosystem: 'Chainguard', source: 'chainguard-secdb', feed: 'chainguard-secdb' };
  const branch = doc.distroversion ?? 'edge';
  return { ecosystem: `Alpine:${branch}`, source: 'alpine-secdb', feed: `alpine-secdb:${branch}/${doc.reponame ?? 'main'}` };
}

/** Secfixes entries are "CVE-2019-1234" but sometimes carry notes ("CVE-2018-1 (partial)") or several ids. */
function idsOf(entry: unknown): string[] {
  if (typeof entry !== 'string') return [];
  return entry.split(/\s+/).filter((t) => /^[A-Z][A-Z0-9]*-[\w-]+$/.test(t) && /\d/.test(t));
}

export function parseSecDb(doc: SecDb, origin: string): ParsedFeed {
  const fl = flavour(doc);
  const feed = emptyFeed(fl.feed, fl.source, origin);
  for (const p of doc.packages ?? []) {
    const name = p.pkg?.name;
    if (!name || !p.pkg?.secfixes) continue;
    const byId = new Map<string, Advisory>();
    for (const [fixed, list] of Object.entries(p.pkg.secfixes)) {
      if (fixed === '0' || !Array.isArray(list)) continue;
      for (const id of list.flatMap(idsOf)) {
        let adv = byId.get(id);
        if (!adv) {
          adv = { id, aliases: [], source: fl.source, ecosystem: fl.ecosystem, package: name, ranges: [], versions: [] };
          byId.set(id, adv);
        }
        // Several keys for one id (a regression fixed again): ranges OR together, so the highest fix wins.
        adv.ranges.push({ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] });
      }
    }
    // An id also listed under "0" is not affected in this stream.
    const notAffected = new Set(Array.isArray(p.pkg.secfixes['0']) ? (p.pkg.secfixes['0'] as unknown[]).flatMap(idsOf) : []);
    for (const [id, adv] of byId) if (!notAffected.has(id)) feed.advisories.push(adv);
  }
  return feed;
}
