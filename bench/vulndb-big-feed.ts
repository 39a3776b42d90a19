/**
 * A feed larger than V8's maximum string length (~512 MiB): a generated NVD CVE JSON 2.0 document (one
 * object, `vulnerabilities[]`, NVD-shaped records with configurations and references) imported by
 * `bulwark db import` in a child process. Reports time, MB/s, peak RSS (GNU time), the records in the
 * database against those generated, and the cat floor (reading the file once). Reading the file as one
 * string — what the importer did before — is shown to fail.
 * Run: node --import tsx bench/vulndb-big-feed.ts [MiB, default 600]
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const ROOT = join(import.meta.dirname, '..');
const targetMiB = Number(process.argv[2] ?? 600);
const dir = mkdtempSync(join(tmpdir(), 'bulwark-bench-bigfeed-'));
const feed = join(dir, 'nvdcve-2.0-big.json');

function record(i: number): string {
  const id = `CVE-2099-${String(i).padStart(6, '0')}`;
  const cpes = Array.from({ length: 6 }, (_, k) => ({ vulnerable: true, criteria: `cpe:2.3:a:vendor${i % 977}:product${k}:${k}.${i % 50}:*:*:*:*:*:*:*`,
    versionEndExcluding: `${k}.${(i % 50) + 1}`, matchCriteriaId: `${(i * 7 + k).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000` }));
  return JSON.stringify({ cve: {
    id, sourceIdentifier: 'cve@mitre.org', published: '2099-01-01T00:00:00.000', lastModified: '2099-02-01T00:00:00.000', vulnStatus: 'Analyzed',
    descriptions: [{ lang: 'en', value: `A flaw in component ${i % 977} allows a remote attacker to cause a denial of service or execute code via crafted input \\"${i}\\" (é).` }],
    metrics: { cvssMetricV31: [{ source: 'nvd@nist.gov', type: 'Primary', cvssData: { version: '3.1', vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.8, baseSeverity: 'CRITICAL' } }] },
    weaknesses: [{ source: 'nvd@nist.gov', type: 'Primary', description: [{ lang: 'en', value: `CWE-${79 + (i % 700)}` }] }],
    configurations: [{ nodes: [{ operator: 'OR', negate: false, cpeMatch: cpes }] }],
    references: Array.from({ length: 4 }, (_, k) => ({ url: `https://vendor${i % 977}.example/advisories/${id}/${k}`, source: 'cve@mitre.org', tags: ['Vendor Advisory'] })),
  } });
}

/** Writes the document in 4 MiB pieces; returns the record count. */
function generate(): number {
  const fd = openSync(feed, 'w');
  let bytes = 0;
  let n = 0;
  let pending: string[] = [];
  let pendingLen = 0;
  const flush = () => { const b = Buffer.from(pending.join('')); writeSync(fd, b); bytes += b.length; pending = []; pendingLen = 0; };
  pending.push('{"resultsPerPage":0,"startIndex":0,"totalResults":0,"format":"NVD_CVE","version":"2.0","timestamp":"2099-02-01T00:00:00.000","vulnerabilities":[');
  while (bytes + pendingLen < targetMiB * 1024 * 1024) {
    const r = (n ? ',' : '') + record(n++);
    pending.push(r);
    pendingLen += r.length;
    if (pendingLen > 4 << 20) flush();
  }
  pending.push(']}');
  flush();
  closeSync(fd);
  return n;
}

const t0 = performance.now();
const generated = generate();
const size = statSync(feed).size;
console.log(`generated ${generated} NVD records, ${(size / 1048576).toFixed(0)} MiB, in ${((performance.now() - t0) / 1000).toFixed(1)} s (load ${loadavg()[0].toFixed(1)})`);

try {
  readFileSync(feed).toString('utf8');
  console.log('reading the feed as one string: unexpectedly worked');
} catch (err) {
  console.log(`reading the feed as one string (the old importer): ${(err as Error).message.split('\n')[0]}`);
}

const cat = spawnSync('/usr/bin/time', ['-f', '%e %M', 'cat', feed], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
const [catS] = cat.stderr.trim().split('\n').pop()!.split(' ').map(Number);
const dbDir = join(dir, 'db');
const run = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, join(ROOT, 'dist/cli/main.js'), 'db', 'import', feed, '--db-dir', dbDir, '-q'],
  { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
const last = run.stderr.trim().split('\n').pop()!;
if (run.status !== 0) { console.log(`db import failed (${run.status}): ${run.stderr}`); process.exit(1); }
const [secs, maxKb] = last.split(' ').map(Number);
const db = new Database(join(dbDir, 'bulwark.db'), { readonly: true });
const rows = db.prepare("SELECT count(*) FROM enrichment WHERE kind = 'nvd'").pluck().get() as number;
db.close();
console.log(`db import: ${secs.toFixed(1)} s, ${(size / 1048576 / secs).toFixed(1)} MiB/s, peak RSS ${(maxKb / 1024).toFixed(0)} MiB ` +
  `(${(maxKb * 1024 / size).toFixed(2)}x the feed); cat floor ${catS.toFixed(1)} s; ${rows} of ${generated} records in the database`);
if (rows !== generated) { console.log('MISMATCH: records lost'); process.exitCode = 1; }
rmSync(dir, { recursive: true, force: true });
