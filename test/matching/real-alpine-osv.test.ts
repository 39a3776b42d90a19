/**
 * Alpine secdb and OSV (PyPI, Go), real data (fixtures cut from ../shared/data) through H7's importers and
 * SQLite store. Alpine has no reference comparator here, so the installed versions are built so that their
 * order is known from apk's documented rules (a lower -rN, or a `_rc` pre-release suffix, sorts below);
 * PyPI is checked against Python `packaging` walking the OSV events itself; Go against the `semver` package.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import semver from 'semver';
import type { Package } from '../../src/core/index.js';
import { matchPackages } from '../../src/detectors/vulnerability/index.js';
import { buildFixtureStore, FIXTURES } from './feeds.js';
import { oracleMissing } from '../helpers/oracle.js';

const mk = (ecosystem: Package['ecosystem'], name: string, version: string, type: Package['type'] = 'library', source?: string): Package => ({
  name, version, ecosystem, type, purl: `pkg:x/${name}@${version}`, licenses: [], locations: [{ path: 'x' }], foundBy: ['test'],
  ...(source ? { source: { name: source, version } } : {}),
});

/** A version apk orders just below `v`: revision minus one, or a `_rc1` pre-release of the same release. */
function justBelow(v: string): string {
  const m = /^(.*)-r(\d+)$/.exec(v)!;
  return Number(m[2]) > 0 ? `${m[1]}-r${Number(m[2]) - 1}` : `${m[1]}_rc1-r0`;
}

test('Alpine: secdb statements hold for versions at and just below each fix', () => {
  const secdb = JSON.parse(readFileSync(join(FIXTURES, 'alpine', 'v3.11-main.json'), 'utf8')) as
    { packages: Array<{ pkg: { name: string; secfixes: Record<string, string[] | null> } }> };
  const store = buildFixtureStore(['alpine']);
  let checked = 0;
  for (const { pkg } of secdb.packages) {
    const keys = Object.keys(pkg.secfixes).filter((k) => k !== '0' && /-r\d+$/.test(k));
    // ids listed under one key only: their statement is exactly "fixed in <key>"
    const count = new Map<string, number>();
    for (const k of keys) for (const e of pkg.secfixes[k] ?? []) for (const id of e.split(/\s+/).filter((x) => /^CVE-/.test(x))) count.set(id, (count.get(id) ?? 0) + 1);
    for (const key of keys) {
      const ids = (pkg.secfixes[key] ?? []).flatMap((e) => e.split(/\s+/)).filter((x) => /^CVE-/.test(x) && count.get(x) === 1);
      if (!ids.length) continue;
      const os = { family: 'alpine', version: '3.11.6' };
      // a subpackage with a different binary name: matched through its origin
      const below = matchPackages([mk('alpine', `${pkg.name}-libs`, justBelow(key), 'os', pkg.name)], os, store).findings;
      const at = matchPackages([mk('alpine', `${pkg.name}-libs`, key, 'os', pkg.name)], os, store).findings;
      for (const id of ids) {
        const f = below.find((x) => x.id === id);
        assert.ok(f, `${pkg.name} ${justBelow(key)} should be affected by ${id} (fixed in ${key})`);
        assert.equal(f.status, 'fixed');
        assert.ok(f.fixedVersion === key || keys.includes(f.fixedVersion!), `${id}: fix ${f.fixedVersion}`);
        assert.equal(at.find((x) => x.id === id), undefined, `${pkg.name} ${key} is the fix for ${id}`);
        checked++;
      }
    }
  }
  store.close();
  assert.ok(checked > 150, `only ${checked} statements checked`);
});

interface Osv { id: string; aliases?: string[]; withdrawn?: string; affected?: Array<{ package: { ecosystem: string; name: string }; ranges?: Array<{ type: string; events: Array<Record<string, string>> }>; versions?: string[] }> }
const osv = (file: string): Osv[] => gunzipSync(readFileSync(join(FIXTURES, 'osv', file))).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Osv);

/** (name, version) cases: every version an advisory mentions, so each boundary is exercised. */
function cases(records: Osv[], eco: string): Array<[string, string]> {
  const out = new Map<string, [string, string]>();
  for (const r of records) for (const a of r.affected ?? []) {
    if (a.package.ecosystem !== eco) continue;
    const vs = [...(a.ranges ?? []).flatMap((g) => g.events.flatMap((e) => Object.values(e))), ...(a.versions ?? []).slice(0, 5)].filter((v) => v !== '0');
    for (const v of vs) out.set(`${a.package.name}@${v}`, [a.package.name, v]);
  }
  return [...out.values()];
}

/** Record ids a finding stands for. */
const idsOf = (findings: ReturnType<typeof matchPackages>['findings'], known: Set<string>): string[] =>
  [...new Set(findings.flatMap((f) => [f.id, ...f.aliases]).filter((x) => known.has(x)))].sort();

const PY_ORACLE = `
import sys, json
from packaging.version import Version, InvalidVersion
recs, cases = json.load(sys.stdin)
def norm(n): import re; return re.sub(r"[-_.]+", "-", n).lower()
def walk(events, v):
    evs = []
    for e in events:
        for k, x in e.items():
            evs.append((k, x))
    key = lambda kx: (0, None) if kx[0] == 'introduced' and kx[1] == '0' else (1, Version(kx[1]))
    evs.sort(key=lambda kx: (key(kx)[0], key(kx)[1] or Version('0')))
    for k, x in evs:
        if k == 'limit' and v >= Version(x): return False
    aff = False
    for k, x in evs:
        if k == 'introduced' and (x == '0' or v >= Version(x)): aff = True
        elif k == 'fixed' and v >= Version(x): aff = False
        elif k == 'last_affected' and v > Version(x): aff = False
    return aff
out = []
for name, ver in cases:
    try: v = Version(ver)
    except InvalidVersion: out.append(None); continue
    ids = set()
    for r in recs:
        if r.get('withdrawn'): continue
        for a in r.get('affected', []):
            if a['package']['ecosystem'] != 'PyPI' or norm(a['package']['name']) != norm(name): continue
            hit = any(walk(g['events'], v) for g in a.get('ranges', []) if g['type'] != 'GIT')
            try: hit = hit or any(Version(x) == v for x in a.get('versions', []))
            except InvalidVersion: pass
            if hit: ids.add(r['id'])
    out.append(sorted(ids))
print(json.dumps(out))
`;

test('PyPI: OSV verdicts agree with Python packaging walking the same events', (t) => {
  const py = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  if (spawnSync(py, ['-c', 'import packaging.version']).status !== 0) return oracleMissing(t, `python3-packaging not importable by ${py}`);
  const records = osv('pypa-advisory-database.jsonl.gz');
  const cs = cases(records, 'PyPI');
  const r = spawnSync(py, ['-c', PY_ORACLE], { input: JSON.stringify([records, cs]), encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr);
  const expected = JSON.parse(r.stdout) as Array<string[] | null>;
  const store = buildFixtureStore(['osv']);
  const known = new Set(records.map((x) => x.id));
  const bad: string[] = [];
  let affected = 0;
  cs.forEach(([name, version], i) => {
    if (expected[i] === null) return;
    const got = idsOf(matchPackages([mk('PyPI', name, version)], undefined, store).findings, known);
    affected += expected[i]!.length;
    if (JSON.stringify(got) !== JSON.stringify(expected[i])) bad.push(`${name}@${version}: ours ${got.join(',')} vs packaging ${expected[i]!.join(',')}`);
  });
  store.close();
  assert.deepEqual(bad.slice(0, 10), []);
  assert.ok(cs.length > 300 && affected > 100, `${cs.length} cases, ${affected} affected`);
});

test('Go: OSV verdicts agree with the semver package walking the same events', () => {
  const records = osv('golang-vulndb.jsonl.gz');
  const cs = cases(records, 'Go');
  const walk = (events: Array<Record<string, string>>, v: string): boolean => {
    const evs = events.flatMap((e) => Object.entries(e)).sort(([ka, a], [kb, b]) =>
      (ka === 'introduced' && a === '0' ? -1 : 0) - (kb === 'introduced' && b === '0' ? -1 : 0) || (a === '0' || b === '0' ? 0 : semver.compare(a!, b!)));
    let aff = false;
    for (const [k, x] of evs) {
      if (k === 'introduced' && (x === '0' || semver.gte(v, x!))) aff = true;
      else if (k === 'fixed' && semver.gte(v, x!)) aff = false;
      else if (k === 'last_affected' && semver.gt(v, x!)) aff = false;
    }
    return aff;
  };
  const store = buildFixtureStore(['osv']);
  const known = new Set(records.map((x) => x.id));
  const bad: string[] = [];
  let affected = 0;
  for (const [name, version] of cs) {
    if (!semver.valid(version)) continue;
    const want = records.filter((r) => !r.withdrawn && (r.affected ?? []).some((a) => a.package.ecosystem === 'Go' && a.package.name === name
      && ((a.ranges ?? []).some((g) => g.type !== 'GIT' && walk(g.events, version)) || (a.versions ?? []).includes(version)))).map((r) => r.id).sort();
    // Go modules are installed with a v prefix; the stdlib as go1.x
    const installed = name === 'stdlib' && !version.includes('-') ? `go${version.replace(/\.0$/, '')}` : `v${version}`;
    const got = idsOf(matchPackages([mk('Go', name, installed)], undefined, store).findings, known);
    affected += want.length;
    if (JSON.stringify(got) !== JSON.stringify(want)) bad.push(`${name}@${installed}: ours ${got.join(',')} vs semver ${want.join(',')}`);
  }
  store.close();
  assert.deepEqual(bad.slice(0, 10), []);
  assert.ok(cs.length > 300 && affected > 100, `${cs.length} cases, ${affected} affected`);
});
