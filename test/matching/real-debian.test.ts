/**
 * Debian, real data: this machine's dpkg database plus versions cut from the tracker, matched against the
 * real DSA/DLA lists (fixture cut from ../shared/data) through H7's importer and SQLite store. Every
 * reported finding and every non-reported statement must agree with the tracker's statement when the
 * versions are compared by `dpkg --compare-versions` itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Package } from '../../src/core/index.js';
import { matchPackages } from '../../src/detectors/vulnerability/index.js';
import { buildFixtureStore, FIXTURES } from './feeds.js';
import { oracleMissing } from '../helpers/oracle.js';

interface Statement { release: string; src: string; id: string; fixes: string[]; tags: string[] }

/** An independent reading of the tracker text lists: (release, source, flaw) → fixed versions and tags. */
function trackerStatements(): Map<string, Statement> {
  const out = new Map<string, Statement>();
  for (const f of ['DSA-list', 'DLA-list']) {
    for (const block of readFileSync(join(FIXTURES, 'debian', f), 'utf8').split(/\n(?=\[)/)) {
      const lines = block.split('\n');
      const dsa = lines[0]!.split(/\s+/)[3]!;
      const cves = lines.filter((l) => l.startsWith('\t{')).flatMap((l) => l.replace(/[{}\t]/g, ' ').trim().split(/\s+/)).filter(Boolean);
      for (const l of lines) {
        const m = /^\t\[(\w+)\] - (\S+) (\S+)/.exec(l);
        if (!m || m[1] !== 'bullseye') continue;
        for (const id of cves.length ? cves : [dsa]) {
          const k = `${m[2]}|${id}`;
          const s = out.get(k) ?? { release: m[1]!, src: m[2]!, id, fixes: [], tags: [] };
          if (m[3]!.startsWith('<')) s.tags.push(m[3]!);
          else s.fixes.push(m[3]!);
          out.set(k, s);
        }
      }
    }
  }
  return out;
}

function installedPackages(): Package[] | null {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package}\t${Version}\t${source:Package}\t${source:Version}\n'], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  return r.stdout.trim().split('\n').map((l) => {
    const [name, version, src, srcVersion] = l.split('\t') as [string, string, string, string];
    return { name, version, ecosystem: 'debian', type: 'os', purl: `pkg:deb/debian/${name}@${version}`, source: { name: src, version: srcVersion },
      licenses: [], locations: [{ path: 'var/lib/dpkg/status' }], foundBy: ['dpkg-query'] } satisfies Package;
  });
}

/** One `dpkg --compare-versions a lt b` per pair, in one shell. */
function dpkgLessThan(all: ReadonlyArray<readonly [string, string]>): boolean[] {
  // ask dpkg once per distinct pair
  const uniq = [...new Map(all.map((p) => [`${p[0]}\t${p[1]}`, p])).values()];
  const answers = new Map(dpkgLessThanOnce(uniq).map((v, i) => [`${uniq[i]![0]}\t${uniq[i]![1]}`, v]));
  return all.map((p) => answers.get(`${p[0]}\t${p[1]}`)!);
}

function dpkgLessThanOnce(pairs: ReadonlyArray<readonly [string, string]>): boolean[] {
  const script = 'while IFS="\t" read -r a b; do if dpkg --compare-versions "$a" lt "$b"; then echo 1; else echo 0; fi; done';
  const r = spawnSync('sh', ['-c', script], { input: pairs.map(([a, b]) => `${a}\t${b}\n`).join(''), encoding: 'utf8' });
  const out = r.stdout.trim().split('\n');
  assert.equal(out.length, pairs.length);
  return out.map((x) => x === '1');
}

test('Debian: findings agree with the tracker under dpkg --compare-versions', (t) => {
  const installed = installedPackages();
  if (!installed || spawnSync('sh', ['-c', 'command -v dpkg']).status !== 0) {
    oracleMissing(t, 'dpkg not available');
    return;
  }
  const statements = trackerStatements();
  // Synthesised installs just below some fixed versions of each source ('~' sorts before everything)
  // and at them, so both sides of the statements are exercised, beside the machine's real packages.
  const fixesBySrc = new Map<string, Set<string>>();
  for (const s of statements.values()) for (const f of s.fixes) (fixesBySrc.get(s.src) ?? fixesBySrc.set(s.src, new Set()).get(s.src)!).add(f);
  const synth: Package[] = [...fixesBySrc].flatMap(([src, fixes]) => {
    const list = [...fixes].sort();
    const picks = [...new Set([list[0]!, list[list.length >> 1]!, list[list.length - 1]!])];
    return picks.flatMap((fix) => ['~', ''].map((suffix) => ({
      name: `${src}-bin`, version: `${fix}${suffix}`, ecosystem: 'debian', type: 'os', purl: `pkg:deb/debian/${src}-bin@${fix}${suffix}`,
      source: { name: src, version: `${fix}${suffix}` }, licenses: [], locations: [{ path: 'x' }], foundBy: ['synth'],
    } satisfies Package)));
  });
  // one installed binary per source package and version is enough (binaries share the source's advisories)
  const bySource = new Map(installed.map((p) => [`${p.source!.name}@${p.source!.version}`, p]));
  const packages = [...bySource.values(), ...synth];
  const store = buildFixtureStore(['debian']);
  const { findings } = matchPackages(packages, { family: 'debian', version: '11' }, store);
  store.close();

  // Expected, from the statements and dpkg itself.
  const pairs: Array<[string, string]> = [];
  const plan: Array<{ pkg: Package; st: Statement }> = [];
  for (const pkg of packages) {
    for (const st of statements.values()) {
      if (st.src !== pkg.source!.name) continue;
      plan.push({ pkg, st });
      for (const fix of st.fixes) pairs.push([pkg.source!.version, fix]);
    }
  }
  const lt = dpkgLessThan(pairs);
  let i = 0;
  const expected = new Set<string>();
  for (const { pkg, st } of plan) {
    const below = st.fixes.map(() => lt[i++]!);
    const affected = st.fixes.length ? below.some(Boolean) : st.tags.some((tag) => tag !== '<not-affected>');
    if (affected) expected.add(`${pkg.purl} ${st.id}`);
  }
  const got = new Set(findings.map((f) => `${f.package.purl} ${f.id}`));
  const missing = [...expected].filter((k) => !got.has(k));
  const extra = [...got].filter((k) => !expected.has(k));
  assert.deepEqual({ missing: missing.slice(0, 10), extra: extra.slice(0, 10) }, { missing: [], extra: [] });
  assert.ok(expected.size > 100, `only ${expected.size} affected pairs: the test would prove little`);
  assert.ok(plan.length > expected.size * 1.5, 'the not-affected side must be exercised too');

  // Every reported fix is a fix the tracker states, and the installed source version is below it (dpkg).
  const fixChecks = findings.filter((f) => f.fixedVersion).map((f) => [packages.find((p) => p.purl === f.package.purl)!.source!.version, f.fixedVersion!] as [string, string]);
  assert.ok(dpkgLessThan(fixChecks).every(Boolean));
  for (const f of findings) {
    const st = statements.get(`${packages.find((p) => p.purl === f.package.purl)!.source!.name}|${f.id}`)!;
    if (f.fixedVersion) assert.ok(st.fixes.includes(f.fixedVersion), `${f.id}: ${f.fixedVersion} not stated`);
  }
});
