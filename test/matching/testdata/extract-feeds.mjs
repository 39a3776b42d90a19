// Regenerates the real-data feed fixtures from ../shared/data. Run from the repo root:
//   node test/matching/testdata/extract-feeds.mjs /work/shared/data
// Deterministic selections (sorted, capped), each file ≪ 1 MB.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const data = process.argv[2] ?? '/work/shared/data';
const out = dirname(fileURLToPath(import.meta.url));

// Debian: DSA/DLA entries touching source packages installed on this machine (plus a fixed list so the
// fixture does not depend on who regenerates it), keeping only the bullseye and buster lines.
const installed = new Set(execFileSync('dpkg-query', ['-W', '-f=${source:Package}\n'], { encoding: 'utf8' }).split('\n').filter(Boolean));
const extra = ['openssl', 'glibc', 'curl', 'systemd', 'zlib', 'expat', 'libxml2', 'sqlite3', 'openssh', 'git', 'tar', 'gnutls28',
  'krb5', 'libx11', 'nss', 'python3.9', 'perl', 'sudo', 'xz-utils', 'e2fsprogs', 'ncurses', 'pcre2', 'libtasn1-6', 'apache2'];
const wanted = new Set([...installed, ...extra]);
let text = '';
for (const f of ['data-DSA-list.gz', 'data-DLA-list.gz']) {
  const raw = gunzipSync(readFileSync(join(data, 'debian-security-tracker', f))).toString('utf8');
  const blocks = raw.split(/\n(?=\[)/);
  const keep = [];
  for (const b of blocks) {
    const lines = b.split('\n');
    const fixes = lines.filter((l) => /^\t\[(bullseye|buster)\] - (\S+) /.test(l) && wanted.has(l.split(/\s+/)[3]));
    if (fixes.length) keep.push([lines[0], ...lines.filter((l) => l.startsWith('\t{')), ...fixes].join('\n'));
  }
  writeFileSync(join(out, 'debian', f.replace('.gz', '').replace('data-', '')), keep.join('\n') + '\n');
  text += keep.length;
}

// Alpine: the v3.11 main secdb, cut to 40 packages (sorted by name).
const secdb = JSON.parse(readFileSync(join(data, 'alpine-secdb', 'v3.11', 'main.json'), 'utf8'));
secdb.packages = secdb.packages.sort((a, b) => a.pkg.name.localeCompare(b.pkg.name)).filter((_, i) => i % 4 === 0).slice(0, 40);
writeFileSync(join(out, 'alpine', 'v3.11-main.json'), JSON.stringify(secdb, null, 1) + '\n');

// OSV: every 12th PyPI record and every 15th Go record (deterministic spread), gzip JSONL.
for (const [file, step] of [['pypa-advisory-database.jsonl.gz', 12], ['golang-vulndb.jsonl.gz', 15]]) {
  const lines = gunzipSync(readFileSync(join(data, 'osv', file))).toString('utf8').split('\n').filter(Boolean);
  writeFileSync(join(out, 'osv', file), gzipSync(lines.filter((_, i) => i % step === 0).join('\n') + '\n'));
}
