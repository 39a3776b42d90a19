// The Trivy-parity build files and lockfiles (issue #11) through the real pipeline: registry → directory
// walk or layer walk → inventory. fs mode reads declarations and lockfiles; rootfs and image modes read
// only what is installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, writeOciLayout } from '../fixtures/image-builder.js';
import { scanFs, scanImage, scanRootfs } from '../../src/scan/index.js';

const td = (p: string) => new URL(`../../src/analyzers/${p}`, import.meta.url).pathname;

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lock-ecosystems-'));
  const put = (from: string, to: string) => cpSync(td(from), join(dir, to), { recursive: true });
  put('java/testdata/pom-tree', 'maven');
  put('java/testdata/lockfiles', 'jvm');
  put('go/testdata/gosum-only', 'go');
  put('dotnet/testdata/declared', 'dotnet');
  put('npm/testdata/lockfiles/bun', 'bun');
  put('python/testdata/locks/pylock.toml', 'py/pylock.toml');
  put('dart/testdata/app', 'dart');
  put('elixir/testdata/app', 'elixir');
  put('swift/testdata/spm-v3', 'swift');
  put('swift/testdata/pods', 'ios');
  put('conan/testdata/v2', 'cpp');
  put('julia/testdata/v2', 'julia');
  put('conda/testdata/env', 'conda-env');
  put('conda/testdata/rootfs', '.');
  put('bottlerocket/testdata/rootfs', '.');
  return dir;
}

const count = (pkgs: Array<{ foundBy: string[] }>) => {
  const out: Record<string, number> = {};
  for (const p of pkgs) for (const f of p.foundBy) out[f] = (out[f] ?? 0) + 1;
  return out;
};

test('fs scan: every new lockfile format is registered and read; installed databases are not', async () => {
  const dir = tree();
  try {
    const report = await scanFs(dir, { noCache: true, scanners: [], detectors: [], includeDevDeps: true });
    // npm-lockfile: bun.lock's 13 packages plus the project itself (package.json beside it, `type: application`).
    assert.deepEqual(count(report.packages), {
      'java-pom': 8, 'java-lockfile': 10, 'go-mod': 4, 'dotnet-nuget-declared': 7, 'npm-lockfile': 14, 'python-lockfile': 5,
      'dart-pubspec-lock': 6, 'elixir-mix-lock': 4, 'swift-package-resolved': 2, 'cocoapods-podfile-lock': 5, 'conan-lock': 4,
      'julia-manifest': 6, 'conda-environment': 7,
    });
    // junit 4.13.2: declared by the parent pom, inherited by every module, and locked by Gradle: one package, five locations.
    assert.deepEqual(report.packages.find((p) => p.name === 'junit:junit')?.locations.map((l) => l.path).sort(),
      ['jvm/gradle/gradle.lockfile', 'maven/core/pom.xml', 'maven/pom.xml', 'maven/web/admin/pom.xml', 'maven/web/pom.xml']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('rootfs scan: conda-meta records and the Bottlerocket inventory, no lockfiles', async () => {
  const dir = tree();
  try {
    const report = await scanRootfs(dir, { noCache: true, scanners: [], detectors: [] });
    assert.deepEqual(count(report.packages), { 'conda-meta': 2, 'bottlerocket-inventory': 5 });
    assert.ok(report.packages.filter((p) => p.ecosystem === 'bottlerocket').every((p) => p.type === 'os'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('image scan: conda-meta and the Bottlerocket inventory per layer, with the OS from os-release; lockfiles ignored', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lock-ecosystems-image-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (p: string) => readFileSync(td(p));
  const img = await buildImage({
    layers: [
      {
        entries: [
          { path: 'usr/lib/os-release', content: Buffer.from('NAME=Bottlerocket\nID=bottlerocket\nVERSION_ID=1.34.0\nPRETTY_NAME="Bottlerocket OS 1.34.0 (aws-k8s-1.32)"\n') },
          { path: 'usr/share/bottlerocket/application-inventory.json', content: file('bottlerocket/testdata/rootfs/usr/share/bottlerocket/application-inventory.json') },
        ],
      },
      {
        entries: [
          { path: 'opt/conda/conda-meta/openssl-3.0.13-h7f8727e_0.json', content: file('conda/testdata/rootfs/opt/conda/conda-meta/openssl-3.0.13-h7f8727e_0.json') },
          { path: 'srv/app/environment.yml', content: file('conda/testdata/env/environment.yml') },
          { path: 'srv/app/pom.xml', content: file('java/testdata/pom-orphan/pom.xml') },
        ],
        compression: 'zstd',
      },
    ],
  });
  writeOciLayout(join(dir, 'layout'), [img]);
  const report = await scanImage(join(dir, 'layout'), { noCache: true, scanners: [], detectors: [] });
  assert.deepEqual(count(report.packages), { 'bottlerocket-inventory': 5, 'conda-meta': 1 });
  const containerd = report.packages.find((p) => p.name === 'containerd');
  assert.equal(containerd?.purl, 'pkg:bottlerocket/containerd@1.7.25?arch=x86_64&distro=bottlerocket-1.34.0&epoch=1');
  assert.equal(containerd?.locations[0]?.layer, img.layers[0]!.digest);
  assert.equal(report.packages.find((p) => p.name === 'openssl')?.locations[0]?.layer, img.layers[1]!.digest);
});
