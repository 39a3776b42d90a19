/**
 * The package as a user gets it: `npm pack`, the tarball unpacked into a fresh node_modules (with only the
 * declared runtime dependencies beside it), and docs/library.md's example run against a fixture image
 * through `import … from 'bulwark'`. Needs `npm run build` first (like the other dist/ tests).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildImage, writeDockerArchive } from '../fixtures/image-builder.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** The code block after `<!-- library-example: NAME -->` in docs/library.md. */
function docExample(name: string): string {
  const doc = readFileSync(join(ROOT, 'docs', 'library.md'), 'utf8');
  const m = new RegExp(`<!-- library-example: ${name} -->\\s*\`\`\`js\\n([\\s\\S]*?)\`\`\``).exec(doc);
  assert.ok(m, `docs/library.md has no example "${name}"`);
  return m[1]!;
}

/** `npm pack` → <dir>/node_modules/bulwark, plus symlinks to the declared dependencies only. */
function installPacked(dir: string): void {
  assert.ok(existsSync(join(ROOT, 'dist', 'index.js')), 'run `npm run build` first');
  const tgz = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop()!;
  const pkgDir = join(dir, 'node_modules', 'bulwark');
  mkdirSync(pkgDir, { recursive: true });
  execFileSync('tar', ['-xzf', join(dir, tgz), '-C', pkgDir, '--strip-components=1']);
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const dep of Object.keys(manifest.dependencies)) {
    const link = join(dir, 'node_modules', dep);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', dep), link, 'dir');
  }
}

async function fixtureImage(path: string): Promise<void> {
  const status = [
    'Package: libssl1.1', 'Status: install ok installed', 'Priority: optional', 'Section: libs', 'Maintainer: Debian OpenSSL Team',
    'Architecture: amd64', 'Source: openssl', 'Version: 1.1.1n-0+deb11u3', 'Description: Secure Sockets Layer toolkit - shared libraries', '',
  ].join('\n');
  const img = await buildImage({
    repoTags: ['library/test:1'],
    layers: [{ entries: [
      { path: 'etc/os-release', content: 'ID=debian\nVERSION_ID="11"\nVERSION_CODENAME=bullseye\n' },
      { path: 'var/lib/dpkg/status', content: status },
      { path: 'srv/app/.env', content: `AWS_ACCESS_KEY_ID=${['AKIA', 'Z7Q3XK5M2N4P6R8T'].join('')}\n` },
    ] }],
  });
  await writeDockerArchive(path, [img]);
}

test('npm pack + install: docs/library.md example scans an image through `import … from "bulwark"`', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-lib-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  installPacked(dir);
  await fixtureImage(join(dir, 'app.tar'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  writeFileSync(join(dir, 'example.mjs'), docExample('scan-image'));
  const r = spawnSync(process.execPath, ['example.mjs', 'app.tar'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /CVE-2023-0286/, 'the demo DSA feed flags openssl 1.1.1n-0+deb11u3');
  assert.match(r.stdout, /1 packages, \d+ vulnerabilities, 1 secrets/);

  // The example's error path: a missing image is a BulwarkError, exit code 2, one line.
  const bad = spawnSync(process.execPath, ['example.mjs', 'missing.tar'], { cwd: dir, encoding: 'utf8' });
  assert.equal(bad.status, 2, bad.stderr);
  assert.match(bad.stderr.trim(), /^[A-Z_]+: .*missing\.tar/);
});

test('subpath exports resolve; internals are not reachable from outside the package', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-lib-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  installPacked(dir);
  writeFileSync(join(dir, 'probe.mjs'), `
    const root = await import('bulwark');
    const k8s = await import('bulwark/k8s');
    const reports = await import('bulwark/reports');
    const vulndb = await import('bulwark/vulndb');
    let internal = 'reachable';
    try { await import('bulwark/dist/scan/index.js'); } catch (e) { internal = e.code; }
    console.log(JSON.stringify({
      root: ['scanImage', 'scanRootfs', 'scanFs', 'scanSbom', 'scanK8s', 'openImage', 'compareVersions', 'parseConfig', 'loadConfig'].filter((n) => typeof root[n] !== 'function'),
      leaked: ['lazy', 'emptyReport', 'memoryLogger', 'runDetectors'].filter((n) => n in root),
      k8s: typeof k8s.createEngine, reports: reports.reportFormats(), vulndb: typeof vulndb.importPaths,
      cmp: root.compareVersions('deb', '1:1.0', '2.0'), internal,
    }));
  `);
  const r = spawnSync(process.execPath, ['probe.mjs'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { root: string[]; leaked: string[]; k8s: string; reports: string[]; vulndb: string; cmp: number; internal: string };
  assert.deepEqual(out.root, [], 'missing use-cases at the package root');
  assert.deepEqual(out.leaked, [], 'internals exported from the package root');
  assert.equal(out.k8s, 'function');
  assert.ok(out.reports.includes('cyclonedx') && out.reports.includes('table'));
  assert.equal(out.vulndb, 'function');
  assert.equal(out.cmp, 1);
  assert.equal(out.internal, 'ERR_PACKAGE_PATH_NOT_EXPORTED');
});
