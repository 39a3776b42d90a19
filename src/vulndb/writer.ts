/** Bulk writes into a build database: one transaction per feed, prepared statements, alias closure at the end. */
import type { Advisory } from './contract.js';
import type { ParsedFeed } from './importers/types.js';
import type { Db } from './schema.js';
import { COMPRESS_MIN, compressDoc, DICT_MAX, encodeDoc, GROUP_MARK, nameHash, packEntry, VULN_DOC_KEYS,
  type PackedEntry } from './codec.js';

/** The flaw's text fields under their one-letter codes (codec.ts VULN_DOC_KEYS). */
function vulnDoc(a: Advisory): string {
  const doc: Record<string, unknown> = {};
  for (const [code, k] of VULN_DOC_KEYS) {
    const v = a[k];
    if (v !== undefined && !(Array.isArray(v) && v.length === 0)) doc[code] = v;
  }
  return encodeDoc(doc);
}

/** Settings for a fast one-shot build: the file is private until it is verified and renamed. */
export function tuneForBuild(db: Db): void {
  // Takes effect at the final VACUUM (and at once for a fresh file): fewer half-empty pages than 4 KiB.
  db.pragma('page_size = 8192');
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
}

function prepare(db: Db) {
  return {
    vuln: db.prepare('INSERT INTO vulns(fid, id, doc, aliases) VALUES (?, ?, ?, ?)'),
    pkg: db.prepare('INSERT INTO packages(ecosystem, package, fid, data) VALUES (?, ?, ?, ?)'),
    enrich: db.prepare('INSERT OR REPLACE INTO enrichment(id, kind, fid, doc) VALUES (?, ?, ?, ?)'),
    knownBad: db.prepare('INSERT OR REPLACE INTO known_bad(kind, key, fid, doc) VALUES (?, ?, ?, ?)'),
    feed: db.prepare(`INSERT INTO feeds(feed, source, origin, modified, imported_at, records) VALUES (?, ?, ?, ?, ?, 0)`),
    records: db.prepare('UPDATE feeds SET records = ? WHERE fid = ?'),
  };
}

/** Removes every row a feed wrote, so a re-import replaces it. */
export function deleteFeed(db: Db, feed: string): void {
  const fid = db.prepare('SELECT fid FROM feeds WHERE feed = ?').pluck().get(feed) as number | undefined;
  if (fid === undefined) return;
  db.prepare('DELETE FROM packages WHERE fid = ?').run(fid);
  db.prepare('DELETE FROM vulns WHERE fid = ?').run(fid);
  db.prepare('DELETE FROM enrichment WHERE fid = ?').run(fid);
  db.prepare('DELETE FROM known_bad WHERE fid = ?').run(fid);
  db.prepare('DELETE FROM feeds WHERE fid = ?').run(fid);
}

/** Writes one feed in one transaction (replacing an earlier import of the same feed). Returns its record count. */
export function writeFeed(db: Db, f: ParsedFeed, importedAt: string): number {
  const st = prepare(db);
  const run = db.transaction(() => {
    deleteFeed(db, f.feed);
    const fid = st.feed.run(f.feed, f.source, f.origin, f.modified ?? null, importedAt).lastInsertRowid;
    const vidById = new Map<string, number>();
    // (ecosystem, package) → this feed's advisories for it, in feed order: one `packages` row each.
    const byPackage = new Map<string, { ecosystem: string; name: string; entries: PackedEntry[] }>();
    for (const a of f.advisories) {
      let vid = vidById.get(a.id);
      if (vid === undefined) {
        const own = [...new Set(a.aliases)].filter((al) => al !== a.id);
        vid = Number(st.vuln.run(fid, a.id, vulnDoc(a), own.length ? own.join('\n') : null).lastInsertRowid);
        vidById.set(a.id, vid);
      }
      const key = `${a.ecosystem}\u0000${a.package}`;
      let p = byPackage.get(key);
      if (!p) byPackage.set(key, p = { ecosystem: a.ecosystem, name: a.package, entries: [] });
      p.entries.push(packEntry(vid, a));
    }
    for (const p of byPackage.values()) st.pkg.run(p.ecosystem, p.name, fid, encodeDoc(p.entries));
    for (const e of f.enrichment) st.enrich.run(e.data.id, e.kind, fid, encodeDoc(e.data));
    // A list naming the same hash twice keeps its last entry (one row per key and feed).
    const bad = new Set<string>();
    for (const { sha256, ...rest } of f.knownBad?.files ?? []) { st.knownBad.run('file', sha256, fid, JSON.stringify(rest)); bad.add(`f:${sha256}`); }
    for (const { digest, ...rest } of f.knownBad?.images ?? []) { st.knownBad.run('image', digest, fid, JSON.stringify(rest)); bad.add(`i:${digest}`); }
    const records = vidById.size + f.enrichment.length + bad.size;
    st.records.run(records, fid);
    return records;
  });
  return run();
}

/**
 * Recomputes the alias closure. A record naming several CVEs (a DSA fixing ten flaws, a GHSA merged from
 * two CVEs) says "these are related", not "these are one flaw": such records and any id tied to several
 * CVEs never merge groups, and no group ever holds two CVEs.
 */
export function rebuildAliasGroups(db: Db): number {
  const records = new Map<number, string[]>();
  const rows = db.prepare('SELECT vid, id, aliases FROM vulns').raw().iterate() as Iterable<[number, string, string | null]>;
  for (const [vid, id, aliases] of rows) {
    const own = aliases ? aliases.split(GROUP_MARK)[0] : '';
    records.set(vid, own ? [id, ...own.split('\n')] : [id]);
  }
  const isCve = (n: string) => n.startsWith('CVE-');
  const cvesOf = new Map<string, Set<string>>();
  for (const names of records.values()) {
    const cves = names.filter(isCve);
    for (const n of names) if (!isCve(n)) { let s = cvesOf.get(n); if (!s) cvesOf.set(n, s = new Set()); cves.forEach((c) => s.add(c)); }
  }
  const parent = new Map<string, string>();
  const cveOfRoot = new Map<string, string>();
  const find = (x: string): string => {
    if (!parent.has(x)) { parent.set(x, x); if (isCve(x)) cveOfRoot.set(x, x); }
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r) as string;
    let c = x;
    while (c !== r) { const n = parent.get(c) as string; parent.set(c, r); c = n; }
    return r;
  };
  const union = (a: string, b: string) => {
    const ra = find(a); const rb = find(b);
    if (ra === rb) return;
    const ca = cveOfRoot.get(ra); const cb = cveOfRoot.get(rb);
    if (ca && cb && ca !== cb) return;
    parent.set(ra, rb);
    if (ca) cveOfRoot.set(rb, ca);
  };
  for (const names of records.values()) {
    if (names.filter(isCve).length > 1) continue;
    const eligible = [...new Set(names)].filter((n) => isCve(n) || (cvesOf.get(n)?.size ?? 0) <= 1);
    for (let i = 1; i < eligible.length; i++) union(eligible[0], eligible[i]);
  }
  const byRoot = new Map<string, string[]>();
  for (const name of parent.keys()) {
    const r = find(name);
    let g = byRoot.get(r);
    if (!g) byRoot.set(r, g = []);
    g.push(name);
  }
  const insertSet = db.prepare('INSERT INTO alias_sets(grp, names) VALUES (?, ?)');
  const insertName = db.prepare('INSERT OR IGNORE INTO alias_names(h, grp) VALUES (?, ?)');
  const setAliases = db.prepare('UPDATE vulns SET aliases = ? WHERE vid = ?');
  let grp = 0;
  db.transaction(() => {
    db.exec('DELETE FROM alias_sets; DELETE FROM alias_names');
    for (const names of byRoot.values()) {
      if (names.length < 2) continue; // a lone name has no aliases to store
      grp++;
      insertSet.run(grp, [...names].sort().join('\n'));
      for (const n of names) insertName.run(nameHash(n), grp);
    }
    // Precompute each record's group names beyond its own aliases (read path: no alias subquery).
    for (const [vid, names] of records) {
      const own = names.slice(1);
      const group = byRoot.get(find(names[0])) ?? [];
      const extra = group.filter((n) => n !== names[0] && !own.includes(n)).sort();
      setAliases.run(own.length || extra.length ? `${own.join('\n')}${extra.length ? GROUP_MARK + extra.join('\n') : ''}` : null, vid);
    }
  })();
  return grp;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)').run(key, value);
}

/** The documents `compressDocs` deflates: table, document column, primary-key columns. */
const DOC_TABLES: ReadonlyArray<{ table: string; col: string; key: string[] }> = [
  { table: 'vulns', col: 'doc', key: ['vid'] },
  { table: 'packages', col: 'data', key: ['ecosystem', 'package', 'fid'] },
  { table: 'enrichment', col: 'doc', key: ['id', 'kind', 'fid'] },
];

/**
 * A preset dictionary for one table: evenly spaced long documents, up to zlib's 32 KiB window. Sampled
 * once (the first build that writes the table) and then kept, because every BLOB in the table depends on it.
 */
function dictionaryFor(db: Db, name: string, texts: string[]): Buffer {
  const existing = db.prepare('SELECT dict FROM dicts WHERE name = ?').pluck().get(name) as Buffer | undefined;
  if (existing) return existing;
  const long = texts.filter((t) => t.length >= 160);
  const step = Math.max(1, Math.floor(long.length / 256));
  let sample = '';
  for (let i = 0; i < long.length && sample.length < DICT_MAX; i += step) sample += long[i];
  // zlib prefers matches near the end of the window: keep the last DICT_MAX bytes.
  const dict = Buffer.from(sample).subarray(-DICT_MAX);
  db.prepare('INSERT INTO dicts(name, dict) VALUES (?, ?)').run(name, dict);
  return dict;
}

/** Deflates every text document of at least COMPRESS_MIN characters with its table's dictionary, when smaller. */
export function compressDocs(db: Db): void {
  db.transaction(() => {
    for (const { table, col, key } of DOC_TABLES) {
      const rows = db.prepare(`SELECT ${col}, ${key.join(', ')} FROM ${table} WHERE typeof(${col}) = 'text'
        ORDER BY ${key.join(', ')}`).raw().all() as Array<[string, ...unknown[]]>;
      if (!rows.length) continue;
      const dict = dictionaryFor(db, table, rows.map((r) => r[0]));
      const update = db.prepare(`UPDATE ${table} SET ${col} = ? WHERE ${key.map((k) => `${k} = ?`).join(' AND ')}`);
      for (const [text, ...pk] of rows) {
        if (text.length < COMPRESS_MIN) continue;
        const blob = compressDoc(text, dict);
        if (blob.length < Buffer.byteLength(text)) update.run(blob, ...pk);
      }
    }
  })();
}
