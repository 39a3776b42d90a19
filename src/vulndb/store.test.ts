import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { isBulwarkError } from '../core/index.js';
import { dbAgeWarning, dbStatus, importPaths, openAdvisoryStore, SCHEMA_VERSION } from './index.js';

const demo = fileURLToPath(new URL('../../data/demo-feeds/', import.meta.url));
const td = (p: string) => fileURLToPath(new URL(`./importers/testdata/${p}`, import.meta.url));
const tmpDb = () => join(mkdtempSync(join(tmpdir(), 'bulwark-vulndb-')), 'bulwark.db');

test('demo feeds build a database that answers per-package lookups', () => {
  const path = tmpDb();
  const r = importPaths({ dbPath: path, paths: [demo] });
  assert.deepEqual(r.unrecognised, []);
  const store = openAdvisoryStore(path);
  try {
    const ossl = store.lookup('Debian:11', 'openssl');
    const cve = ossl.find((a) => a.id === 'CVE-2023-0286')!;
    assert.equal(cve.source, 'debian-tracker');
    assert.deepEqual(cve.ranges[0].events, [{ introduced: '0' }, { fixed: '1.1.1n-0+deb11u4' }]);
    assert.ok(cve.aliases.includes('DSA-5343-1'));
    assert.ok(store.lookup('PyPI', 'requests').some((a) => a.id === 'PYSEC-2018-28'));
    assert.ok(store.lookup('npm', 'lodash').some((a) => a.aliases.includes('CVE-2018-3721')));
    assert.deepEqual(store.lookup('npm', 'no-such-package'), []);
    const many = store.lookupMany([{ ecosystem: 'PyPI', name: 'pyyaml' }, { ecosystem: 'Debian:11', name: 'curl' }, { ecosystem: 'Go', name: 'x' }]);
    assert.equal(many.size, 3);
    assert.ok(many.get('PyPI\u0000pyyaml')!.length >= 4);
    assert.deepEqual(many.get('Go\u0000x'), []);
    const e = store.enrich(['CVE-2022-43680', 'CVE-2021-44228', 'CVE-1999-0000']);
    assert.equal(e.get('CVE-2022-43680')!.cvss?.[0].version, '3.1');
    assert.ok(e.get('CVE-2022-43680')!.epss, 'NVD and EPSS rows merge into one enrichment');
    assert.equal(e.get('CVE-2021-44228')!.kev?.dateAdded, '2021-12-10');
    assert.equal(e.has('CVE-1999-0000'), false);
    const meta = store.metadata();
    assert.equal(meta.schemaVersion, SCHEMA_VERSION);
    assert.ok(meta.feeds.some((f) => f.source === 'debian-tracker:DSA' && f.records > 0));
  } finally {
    store.close();
  }
});

test('aliases link CVE, GHSA, PYSEC and DSA names across feeds, without merging distinct CVEs', () => {
  const path = tmpDb();
  importPaths({ dbPath: path, paths: [td('osv'), td('debian-text'), td('wolfi')] });
  const store = openAdvisoryStore(path);
  try {
    const names = store.aliasesOf('CVE-2021-32807');
    assert.ok(names.includes('PYSEC-2021-335'));
    assert.ok(!names.includes('CVE-2021-32811'), 'a record naming two CVEs must not merge them');
    const dsa = store.lookup('Debian:11', 'openssl').find((a) => a.id === 'CVE-2022-4304')!;
    assert.ok(dsa.aliases.includes('DSA-5343-1'));
    assert.ok(!store.aliasesOf('CVE-2022-4304').includes('CVE-2022-4450'), 'DSA-5343-1 fixes five CVEs; they stay five flaws');
    const ac = store.lookup('PyPI', 'accesscontrol').find((a) => a.id === 'PYSEC-2021-335')!;
    assert.ok(ac.aliases.includes('CVE-2021-32807') && ac.aliases.includes('GHSA-qcx9-j53g-ccgf'));
  } finally {
    store.close();
  }
});

test('re-importing a feed replaces it; other feeds stay', () => {
  const path = tmpDb();
  importPaths({ dbPath: path, paths: [td('osv'), td('kev')] });
  importPaths({ dbPath: path, paths: [td('osv')] });
  const s = dbStatus(path);
  assert.deepEqual(s.feeds.map((f) => f.source).sort(), ['kev', 'osv:Alpine', 'osv:Debian', 'osv:Go', 'osv:PyPI']);
  const store = openAdvisoryStore(path);
  assert.equal(store.lookup('PyPI', 'accesscontrol').filter((a) => a.id === 'PYSEC-2021-335').length, 1);
  store.close();
  assert.deepEqual(readdirSync(join(path, '..')).filter((n) => n.includes('.tmp-')), [], 'no temp files left');
});

test('a database with a newer schema is refused with DB_SCHEMA_TOO_NEW; a missing one with DB_MISSING', () => {
  const path = tmpDb();
  importPaths({ dbPath: path, paths: [td('kev')] });
  const db = new Database(path);
  db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  db.close();
  assert.throws(() => openAdvisoryStore(path), (e) => isBulwarkError(e) && e.code === 'DB_SCHEMA_TOO_NEW');
  assert.throws(() => openAdvisoryStore(`${path}.nope`), (e) => isBulwarkError(e) && e.code === 'DB_MISSING');
  const old = new Database(path);
  old.pragma(`user_version = ${SCHEMA_VERSION - 1}`);
  old.close();
  assert.throws(() => openAdvisoryStore(path), (e) => isBulwarkError(e) && e.code === 'DB_CORRUPT' && /older schema/.test(e.message));
  importPaths({ dbPath: path, paths: [td('kev')] });
  assert.equal(dbStatus(path).schemaVersion, SCHEMA_VERSION, 'a build over an older file starts fresh');
});

test('dbAgeWarning', () => {
  const now = new Date('2026-01-10T00:00:00Z');
  assert.equal(dbAgeWarning({ builtAt: '2026-01-08T00:00:00Z' }, 7, now), undefined);
  assert.match(dbAgeWarning({ builtAt: '2025-12-01T00:00:00Z' }, 7, now) ?? '', /40 days old/);
  assert.equal(dbAgeWarning({ builtAt: '2025-12-01T00:00:00Z', lastCheckedAt: '2026-01-09T00:00:00Z' }, 7, now), undefined);
  assert.match(dbAgeWarning({ builtAt: '' }, 7, now) ?? '', /no build date/);
});
