// The language analyzers through the real pipeline (registry → directory walk → inventory → report):
// rootfs mode sees installed packages only, fs mode sees lockfiles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanFs, scanRootfs } from '../../src/scan/index.js';

const td = (p: string) => new URL(`../../src/analyzers/${p}`, import.meta.url).pathname;

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lang-pipeline-'));
  cpSync(td('python/testdata/installed'), dir, { recursive: true });
  cpSync(td('ruby/testdata/gems'), dir, { recursive: true });
  cpSync(td('runtimes/testdata/root'), dir, { recursive: true });
  mkdirSync(join(dir, 'app'));
  cpSync(td('npm/testdata/lockfiles/pnpm-v9/pnpm-lock.yaml'), join(dir, 'app/pnpm-lock.yaml'));
  cpSync(td('python/testdata/locks/poetry.lock'), join(dir, 'app/poetry.lock'));
  cpSync(td('php/testdata/app'), join(dir, 'app'), { recursive: true });
  cpSync(td('dotnet/testdata/app/MyApp.deps.json'), join(dir, 'app/MyApp.deps.json'));
  cpSync(td('go/testdata/gomod/app/go.mod'), join(dir, 'app/go.mod'));
  cpSync(td('rust/testdata/v3/Cargo.lock'), join(dir, 'app/Cargo.lock'));
  return dir;
}

const count = (pkgs: Array<{ ecosystem: string; foundBy: string[] }>) => {
  const out: Record<string, number> = {};
  for (const p of pkgs) for (const f of p.foundBy) out[f] = (out[f] ?? 0) + 1;
  return out;
};

test('rootfs scan: installed packages of every ecosystem, no source-tree lockfiles', async () => {
  const dir = tree();
  try {
    const report = await scanRootfs(dir, { noCache: true, scanners: [], detectors: [] });
    // dotnet-deps: 3 packages + the MyApp project (application root) + the MyLib project reference (local);
    // rust-cargo-lock: 6 crates + the workspace crate myapp (local).
    assert.deepEqual(count(report.packages), {
      'python-installed': 5, 'ruby-gemspec': 12, 'runtime-version': 4, 'php-composer-installed': 3, 'dotnet-deps': 5, 'rust-cargo-lock': 7,
    });
    assert.equal(report.packages.filter((p) => p.nonRegistry).length, 3);
    // rake 13.0.6 is installed twice (libruby3.1 and rubygems-integration): one package, two locations.
    assert.equal(report.packages.find((p) => p.name === 'rake')?.locations.length, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('fs scan: lockfiles of every ecosystem; dev dependencies only with includeDevDeps', async () => {
  const dir = tree();
  try {
    const prod = await scanFs(dir, { noCache: true, scanners: [], detectors: [] });
    assert.ok(!prod.packages.some((p) => p.dev), 'dev dependencies are dropped by default (Trivy does the same)');
    const report = await scanFs(dir, { noCache: true, scanners: [], detectors: [], includeDevDeps: true });
    assert.ok(prod.packages.length < report.packages.length);
    const c = count(report.packages);
    assert.equal(c['npm-lockfile'], 13);
    assert.equal(c['python-lockfile'], 5);
    assert.equal(c['php-composer-lock'], 4);
    assert.equal(c['go-mod'], 5);
    assert.equal(c['rust-cargo-lock'], 7, '6 crates and the local workspace crate');
    assert.ok(report.packages.some((p) => p.name === 'is-number' && p.dev === true));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
