// Regenerates the committed version corpus from ../shared/data (run from the repo root:
// node test/matching/testdata/corpus/extract.mjs /work/shared/data). Deterministic: sorted, capped.
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const data = process.argv[2] ?? '/work/shared/data';
const out = dirname(fileURLToPath(import.meta.url));
const CAP = 800;

function pick(set) {
  // Spread over the sorted list so the sample keeps its variety.
  const all = [...set].filter((v) => v && !/\s/.test(v)).sort();
  if (all.length <= CAP) return all;
  const step = all.length / CAP;
  return Array.from({ length: CAP }, (_, i) => all[Math.floor(i * step)]);
}
const write = (name, set) => writeFileSync(join(out, name), pick(set).join('\n') + '\n');
const jsonl = (p) => gunzipSync(readFileSync(p)).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

const deb = new Set();
for (const f of ['data-DSA-list.gz', 'data-DLA-list.gz']) {
  const text = gunzipSync(readFileSync(join(data, 'debian-security-tracker', f))).toString('utf8');
  for (const m of text.matchAll(/^\t\[[a-z]+\] - \S+ (\S+)/gm)) if (/^\d/.test(m[1])) deb.add(m[1]);
}
write('dpkg.txt', deb);

const apk = new Set();
for (const dir of readdirSync(join(data, 'alpine-secdb'))) {
  if (!dir.startsWith('v')) continue;
  for (const f of readdirSync(join(data, 'alpine-secdb', dir))) {
    const doc = JSON.parse(readFileSync(join(data, 'alpine-secdb', dir, f), 'utf8'));
    for (const p of doc.packages ?? []) for (const k of Object.keys(p.pkg.secfixes ?? {})) apk.add(k);
  }
}
write('apk.txt', apk);

function osvVersions(file) {
  const set = new Set();
  for (const rec of jsonl(join(data, 'osv', file))) {
    for (const a of rec.affected ?? []) {
      for (const r of a.ranges ?? []) for (const e of r.events) for (const v of Object.values(e)) if (v !== '0') set.add(v);
      for (const v of a.versions ?? []) set.add(v);
    }
  }
  return set;
}
write('pypi.txt', osvVersions('pypa-advisory-database.jsonl.gz'));
write('go.txt', osvVersions('golang-vulndb.jsonl.gz'));

const npm = new Set();
for (const rec of jsonl(join(data, 'npm-security-wg', 'nodejs-security-wg-npm.jsonl.gz'))) {
  for (const r of [rec.vulnerable_versions, rec.patched_versions]) {
    for (const m of String(r ?? '').matchAll(/\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?/g)) npm.add(m[0]);
  }
}
write('npm.txt', npm);
