// Report writers and SBOM input at scale: a synthetic Report with 5,000 packages (Debian + npm + PyPI + Maven)
// and 2,000 vulnerabilities → every writer, then CycloneDX and SPDX back through parseSbom.
// Run: node --import tsx bench/reports.ts   (prints a Markdown table; figures go to docs/benchmarks/reports.md)
import { performance } from 'node:perf_hooks';
import type { Package, Report, VulnerabilityFinding } from '../src/core/index.js';
import { emptyReport } from '../src/core/index.js';
import { allWriters } from '../src/reports/index.js';
import { parseSbom } from '../src/sources/index.js';

const N_PKGS = Number(process.env.BENCH_PACKAGES ?? 5000);
const N_VULNS = Number(process.env.BENCH_VULNS ?? 2000);

function syntheticReport(): Report {
  const r = emptyReport({ type: 'rootfs', name: '/bench' }, '0.0.0', new Date('2026-01-01T00:00:00Z'));
  r.os = { family: 'debian', version: '12.4' };
  r.scanners = ['vuln', 'secret', 'misconfig', 'license'];
  const kinds = [
    (i: number): Package => ({ name: `lib${i}`, version: `1.${i}-1`, ecosystem: 'debian', type: 'os', purl: `pkg:deb/debian/lib${i}@1.${i}-1?arch=amd64&distro=debian-12`,
      source: { name: `src${i % 700}`, version: `1.${i}-1` }, licenses: ['GPL-2.0-or-later'], locations: [{ path: 'var/lib/dpkg/status', layer: 'sha256:' + 'a'.repeat(64) }], foundBy: ['dpkg'] }),
    (i: number): Package => ({ name: `pkg-${i}`, version: `2.${i}.0`, ecosystem: 'npm', type: 'library', purl: `pkg:npm/pkg-${i}@2.${i}.0`,
      licenses: ['MIT'], locations: [{ path: `app/node_modules/pkg-${i}/package.json`, layer: 'sha256:' + 'b'.repeat(64) }], foundBy: ['npm'], dependsOn: [`pkg:npm/pkg-${i + 4}@2.${i + 4}.0`] }),
    (i: number): Package => ({ name: `py${i}`, version: `3.${i}`, ecosystem: 'PyPI', type: 'library', purl: `pkg:pypi/py${i}@3.${i}`,
      licenses: ['Apache-2.0 OR MIT'], locations: [{ path: `usr/lib/python3/dist-packages/py${i}-3.${i}.dist-info/METADATA` }], foundBy: ['python'] }),
    (i: number): Package => ({ name: `org.example:art${i}`, version: `4.${i}`, ecosystem: 'Maven', type: 'library', purl: `pkg:maven/org.example/art${i}@4.${i}`,
      licenses: ['The Apache Software License'], locations: [{ path: `opt/app/lib/art${i}-4.${i}.jar` }], foundBy: ['java'], hashes: { sha1: 'c'.repeat(40) } }),
  ];
  r.packages = Array.from({ length: N_PKGS }, (_, i) => kinds[i % 4](i));
  const sev = ['critical', 'high', 'medium', 'low', 'unknown'] as const;
  r.vulnerabilities = Array.from({ length: N_VULNS }, (_, i): VulnerabilityFinding => {
    const p = r.packages[(i * 7) % N_PKGS];
    return { id: `CVE-2024-${10000 + i}`, aliases: [`GHSA-xxxx-${i}`], package: { name: p.name, version: p.version, ecosystem: p.ecosystem, purl: p.purl },
      status: i % 3 ? 'fixed' : 'affected', ...(i % 3 ? { fixedVersion: `${p.version}.1` } : {}), severity: sev[i % 5], source: 'osv',
      cvss: [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 }], title: `Synthetic flaw ${i} with a title of typical length` };
  });
  return r;
}

/** Wall and CPU (user+system) milliseconds: CPU time stays meaningful when other processes share the cores. */
function time<T>(fn: () => T): [T, string] {
  const t = performance.now();
  const c = process.cpuUsage();
  const out = fn();
  const cpu = process.cpuUsage(c);
  return [out, `${(performance.now() - t).toFixed(0)} | ${((cpu.user + cpu.system) / 1000).toFixed(0)}`];
}

const report = syntheticReport();
const rows: string[] = ['| step | wall ms | CPU ms | output |', '| --- | ---: | ---: | ---: |'];
const outputs = new Map<string, string>();
for (const [format, write] of Object.entries(await allWriters())) {
  write(report, {}); // warm-up (JIT, lazy module init) so the figure is the steady cost
  const [out, ms] = time(() => write(report, {}));
  outputs.set(format, String(out));
  rows.push(`| write ${format} | ${ms} | ${(String(out).length / 1024 / 1024).toFixed(2)} MiB |`);
}
for (const format of ['cyclonedx', 'spdx-json']) {
  const text = outputs.get(format);
  if (!text) continue;
  parseSbom(text, format);
  const [doc, ms] = time(() => parseSbom(text, format));
  rows.push(`| parseSbom ${format} | ${ms} | ${doc.packages.length} packages |`);
}
const rss = process.resourceUsage().maxRSS / 1024;
console.log(`${N_PKGS} packages, ${N_VULNS} vulnerabilities; node ${process.version}; peak RSS ${rss.toFixed(0)} MiB\n`);
console.log(rows.join('\n'));
