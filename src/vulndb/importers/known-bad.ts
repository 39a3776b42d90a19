/**
 * Known-bad lists: sha256s of malicious files (miners, backdoors, test files such as EICAR) and digests of
 * malicious images, in Bulwark's own JSON shape, recognised by its `schema` marker:
 *   { "schema": "bulwark-known-bad/1", "name": "…", "updated": "…",
 *     "files": [{ "sha256", "name", "family"?, "reference"? }], "images": [{ "digest", "name", "reference"? }] }
 * The same shape without the marker is accepted for the lists named in bulwark.yaml `malware.knownBad`.
 */
import type { KnownBadFile, KnownBadImage } from '../contract.js';
import { emptyFeed, type KnownBadEntries, type ParsedFeed } from './types.js';

export const KNOWN_BAD_SCHEMA = 'bulwark-known-bad/1';

export interface KnownBadDoc {
  schema: string;
  name?: unknown;
  updated?: unknown;
  files?: unknown;
  images?: unknown;
}

const SHA256 = /^[0-9a-f]{64}$/i;
/** OCI digest grammar (algorithm:encoded), with sha256 held to its 64 hex digits. */
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export function isKnownBadDoc(v: unknown): v is KnownBadDoc {
  return typeof v === 'object' && v !== null && typeof (v as KnownBadDoc).schema === 'string'
    && (v as KnownBadDoc).schema.startsWith('bulwark-known-bad/');
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

function toFile(e: unknown): KnownBadFile | string {
  const o = (typeof e === 'object' && e !== null ? e : {}) as Record<string, unknown>;
  const sha256 = str(o.sha256);
  const name = str(o.name);
  if (!sha256 || !SHA256.test(sha256)) return `file entry without a 64-hex sha256 skipped (${JSON.stringify(o.sha256 ?? null).slice(0, 80)})`;
  if (!name) return `file entry ${sha256} without a name skipped`;
  const family = str(o.family);
  const reference = str(o.reference);
  return { sha256: sha256.toLowerCase(), name, ...(family ? { family } : {}), ...(reference ? { reference } : {}) };
}

function toImage(e: unknown): KnownBadImage | string {
  const o = (typeof e === 'object' && e !== null ? e : {}) as Record<string, unknown>;
  const digest = str(o.digest);
  const name = str(o.name);
  const [alg, hex] = digest?.split(':') ?? [];
  if (!digest || !DIGEST.test(digest) || (alg === 'sha256' && !SHA256.test(hex ?? ''))) {
    return `image entry without a valid digest skipped (${JSON.stringify(o.digest ?? null).slice(0, 80)})`;
  }
  if (!name) return `image entry ${digest} without a name skipped`;
  const reference = str(o.reference);
  return { digest: `${alg}:${hex.toLowerCase()}`, name, ...(reference ? { reference } : {}) };
}

/** The `files` and `images` of a list, validated; bad entries become warnings (the list goes on). */
export function parseKnownBadEntries(v: unknown): KnownBadEntries & { warnings: string[] } {
  const o = (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {}) as Record<string, unknown>;
  const out: KnownBadEntries & { warnings: string[] } = { files: [], images: [], warnings: [] };
  if (typeof v !== 'object' || v === null || Array.isArray(v)) out.warnings.push('not a JSON object with files/images');
  for (const [key, conv, into] of [['files', toFile, out.files], ['images', toImage, out.images]] as const) {
    const list = o[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) { out.warnings.push(`"${key}" is not an array`); continue; }
    for (const e of list) {
      const r = conv(e);
      if (typeof r === 'string') out.warnings.push(r);
      else (into as Array<typeof r>).push(r);
    }
  }
  return out;
}

/** One known-bad document → one feed `known-bad:<name>` (re-importing a list of the same name replaces it). */
export function parseKnownBad(doc: KnownBadDoc, origin: string, fallbackName: string): ParsedFeed {
  const name = (str(doc.name) ?? fallbackName).replace(/[^\w.@/-]+/g, '-');
  const feed = emptyFeed(`known-bad:${name}`, 'known-bad', origin);
  if (doc.schema !== KNOWN_BAD_SCHEMA) {
    feed.warnings.push(`schema '${doc.schema}' is newer than this bulwark reads (${KNOWN_BAD_SCHEMA}): skipped`);
    feed.knownBad = { files: [], images: [] };
    return feed;
  }
  const updated = str(doc.updated);
  if (updated) feed.modified = updated;
  const { warnings, ...entries } = parseKnownBadEntries(doc);
  feed.knownBad = entries;
  feed.warnings.push(...warnings);
  return feed;
}
