import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { importPaths, openAdvisoryStore } from './index.js';
import { nameHash, packEntry, unpackRanges } from './codec.js';
import type { AffectedRange, PackageKey } from './contract.js';

const td = (p: string) => fileURLToPath(new URL(`./importers/testdata/${p}`, import.meta.url));
const tmpDb = () => join(mkdtempSync(join(tmpdir(), 'bulwark-vulndb-')), 'bulwark.db');

function dbKeys(path: string): { keys: PackageKey[]; enriched: string[] } {
  const db = new Database(path, { readonly: true });
  const keys = (db.prepare('SELECT DISTINCT ecosystem, package FROM packages ORDER BY 1, 2').raw().all() as Array<[string, string]>)
    .map(([ecosystem, name]) => ({ ecosystem, name }));
  const enriched = db.prepare('SELECT DISTINCT id FROM enrichment ORDER BY 1').pluck().all() as string[];
  db.close();
  return { keys, enriched };
}

function everything(path: string, { keys, enriched }: { keys: PackageKey[]; enriched: string[] }): unknown {
  const store = openAdvisoryStore(path);
  try {
    const res = store.lookupMany(keys);
    const ids = [...[...res.values()].flat().flatMap((a) => [a.id, ...a.aliases]), ...enriched];
    return { lookups: [...res.entries()], enrich: [...store.enrich(ids).entries()], aliases: ids.map((i) => store.aliasesOf(i)) };
  } finally {
    store.close();
  }
}

function dicts(path: string): Map<string, Buffer> {
  const db = new Database(path, { readonly: true });
  const m = new Map(db.prepare('SELECT name, dict FROM dicts').raw().all() as Array<[string, Buffer]>);
  db.close();
  return m;
}

test('an incremental import keeps each table\'s compression dictionary and reads the same as a fresh build', () => {
  const inc = tmpDb();
  importPaths({ dbPath: inc, paths: [td('osv')] });
  const first = dicts(inc);
  assert.ok(first.get('vulns')?.length, 'the OSV documents gave the vulns table a dictionary');
  const db = new Database(inc, { readonly: true });
  assert.ok((db.prepare("SELECT count(*) FROM vulns WHERE typeof(doc) = 'blob'").pluck().get() as number) > 0, 'long documents are deflated');
  db.close();
  importPaths({ dbPath: inc, paths: [td('nvd'), td('kev'), td('wolfi')] });
  assert.deepEqual(dicts(inc).get('vulns'), first.get('vulns'), 'the dictionary every stored BLOB depends on never changes');

  const fresh = tmpDb();
  importPaths({ dbPath: fresh, paths: [td('nvd'), td('kev'), td('osv'), td('wolfi')], fresh: true });
  const keys = dbKeys(fresh);
  assert.deepEqual(dbKeys(inc), keys);
  const a = everything(inc, keys) as { lookups: Array<[string, unknown[]]>; enrich: unknown[] };
  assert.ok(a.lookups.every(([, v]) => v.length > 0) && a.enrich.length > 0);
  assert.deepEqual(a, everything(fresh, keys), 'same advisories, enrichment and aliases whatever the dictionaries');
});

test('aliasesOf ignores a group found through a colliding name hash', () => {
  const path = tmpDb();
  importPaths({ dbPath: path, paths: [td('osv')] });
  const db = new Database(path);
  const grp = db.prepare('SELECT grp FROM alias_names WHERE h = ?').pluck().get(nameHash('CVE-2021-32807')) as number;
  assert.ok(grp, 'CVE-2021-32807 has an alias group in the fixture');
  // Simulate a collision: another name's hash pointing at that group.
  db.prepare('INSERT INTO alias_names(h, grp) VALUES (?, ?)').run(nameHash('CVE-1999-0001'), grp);
  db.close();
  const store = openAdvisoryStore(path);
  try {
    assert.ok(store.aliasesOf('CVE-2021-32807').includes('PYSEC-2021-335'));
    assert.deepEqual(store.aliasesOf('CVE-1999-0001'), ['CVE-1999-0001']);
  } finally {
    store.close();
  }
});

test('packed ranges round-trip (ranges without events are dropped, as before)', () => {
  const version = fc.string({ minLength: 1, maxLength: 12 });
  const event = fc.oneof(...(['introduced', 'fixed', 'last_affected', 'limit'] as const).map((k) => version.map((v) => ({ [k]: v }))));
  const range = fc.record({ type: fc.constantFrom('ECOSYSTEM', 'SEMVER', 'GIT'), events: fc.array(event, { maxLength: 5 }) });
  fc.assert(fc.property(fc.array(range, { maxLength: 4 }), fc.array(version, { maxLength: 3 }), (ranges, versions) => {
    const e = JSON.parse(JSON.stringify(packEntry(7, { ranges: ranges as AffectedRange[], versions }))) as unknown[];
    assert.equal(e[0], 7);
    assert.deepEqual(unpackRanges(e[1]), JSON.parse(JSON.stringify(ranges.filter((r) => r.events.length > 0))));
    assert.deepEqual(e[2] ?? [], versions);
  }));
});
