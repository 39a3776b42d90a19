/**
 * The known-bad list shipped with bulwark (`data/known-bad/known-bad.json`, a `bulwark-known-bad/1` feed)
 * and the user lists named in bulwark.yaml `malware.knownBad`. The shipped list goes into every database
 * `db update` builds; the malware detector also reads it directly, so scans without a database still use it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BulwarkError } from '../core/index.js';
import { parseDocuments, parseKnownBadEntries, type KnownBadEntries, type ParsedFeed } from './importers/index.js';
import { decodeBuffer } from './inputs.js';

/** Resolves from src/vulndb and from dist/vulndb alike (both are two levels below the package root). */
export const BUILTIN_KNOWN_BAD_PATH = fileURLToPath(new URL('../../data/known-bad/known-bad.json', import.meta.url));

/** The shipped list as feeds for a database build. */
export function builtinKnownBadFeeds(): ParsedFeed[] {
  const { feeds } = parseDocuments(decodeBuffer(BUILTIN_KNOWN_BAD_PATH, readFileSync(BUILTIN_KNOWN_BAD_PATH)), BUILTIN_KNOWN_BAD_PATH);
  const bad = feeds.find((f) => !f.knownBad || f.warnings.length);
  if (!feeds.length || bad) throw new BulwarkError('INTERNAL', `shipped known-bad list ${BUILTIN_KNOWN_BAD_PATH} is damaged${bad ? `: ${bad.warnings[0] ?? 'not a known-bad feed'}` : ''}`);
  for (const f of feeds) f.origin = 'bulwark (shipped)';
  return feeds;
}

let builtin: KnownBadEntries | undefined;
/** The shipped list's entries (read once). */
export function builtinKnownBad(): KnownBadEntries {
  if (!builtin) {
    const feeds = builtinKnownBadFeeds();
    builtin = { files: feeds.flatMap((f) => f.knownBad?.files ?? []), images: feeds.flatMap((f) => f.knownBad?.images ?? []) };
  }
  return builtin;
}

/**
 * A user list (bulwark.yaml `malware.knownBad`): the feed shape, `schema` marker optional. A missing or
 * unparsable file is a configuration error; a bad entry is a warning and the rest of the list is used.
 */
export function readKnownBadList(path: string): KnownBadEntries & { warnings: string[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new BulwarkError('CONFIG_INVALID', `malware.knownBad: cannot read ${path}`, { cause: err });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new BulwarkError('CONFIG_INVALID', `malware.knownBad: ${path} is not valid JSON`, { cause: err });
  }
  const r = parseKnownBadEntries(doc);
  r.warnings = r.warnings.map((w) => `malware.knownBad ${path}: ${w}`);
  return r;
}
