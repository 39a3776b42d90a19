/** `bulwark image|rootfs|fs|cache` end to end: real images in every form, JSON validated against the schema. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { writeDockerArchive, writeOciArchive, writeOciLayout } from '../fixtures/image-builder.js';
import { bulwark, demoImage, hostDpkgCount, ROOT, tempDir } from './helpers.js';

const ajv = new Ajv2020({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'docs/report.schema.json'), 'utf8')));

function checkSchema(report: unknown): void {
  const ok = validate(report);
  assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 1));
}

test('image: docker-archive, OCI layout and OCI archive give the same report; JSON valid; env values never printed', async (t) => {
  const dir = tempDir(t);
  const img = await demoImage();
  await writeDockerArchive(join(dir, 'd.tar'), [img]);
  await writeDockerArchive(join(dir, 'd25.tar'), [img], 'oci');
  writeOciLayout(join(dir, 'layout'), [img]);
  await writeOciArchive(join(dir, 'o.tar'), [img]);
  const cache = join(dir, 'cache');
  const reports = [];
  for (const target of ['d.tar', 'd25.tar', 'layout', 'o.tar']) {
    const r = bulwark(['image', join(dir, target), '--format', 'json', '--cache-dir', cache, '--scanners', 'secret']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!r.stdout.includes('hunter2') && !r.stderr.includes('hunter2'), 'ENV values must not appear');
    const rep = JSON.parse(r.stdout);
    checkSchema(rep);
    reports.push(rep);
  }
  const [d] = reports;
  const hostOs = Object.fromEntries(readFileSync('/etc/os-release', 'utf8').split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).replace(/^"|"$/g, '')]));
  assert.deepEqual(d.os, { family: hostOs.ID, version: hostOs.VERSION_ID, codename: hostOs.VERSION_CODENAME, prettyName: hostOs.PRETTY_NAME });
  assert.deepEqual(d.layers.map((l: { createdBy: string }) => l.createdBy), ['ADD rootfs.tar.gz /', 'COPY app /app', 'RUN touch /app/README']);
  assert.deepEqual(d.layers.map((l: { digest: string }) => l.digest), img.layers.map((l) => l.digest), 'legacy archive digests filled in by the walk');
  assert.deepEqual(d.config.envNames, ['PATH', 'API_TOKEN']);
  assert.deepEqual([d.config.user, d.config.entrypoint, d.config.cmd, d.config.exposedPorts, d.config.labels], ['app', ['node'], ['/app/main.js'], ['8080/tcp'], { maintainer: 'team' }]);
  assert.equal(d.packages.length, hostDpkgCount(), 'every installed dpkg package of this machine, once');
  assert.ok(d.packages.every((p: { locations: Array<{ layerIndex: number }> }) => p.locations[0].layerIndex === 0));
  assert.deepEqual(d.scanners, ['secret']);
  for (const other of reports.slice(1)) {
    assert.deepEqual(other.packages, d.packages);
    assert.deepEqual(other.os, d.os);
    assert.deepEqual(other.config, d.config);
  }
  assert.equal(reports[2].target.image.manifestDigest, img.manifest.digest);
});

test('table output, --output file, layer cache reuse, --no-cache, cache clean', async (t) => {
  const dir = tempDir(t);
  const img = await demoImage();
  await writeDockerArchive(join(dir, 'd.tar'), [img]);
  const cache = join(dir, 'cache');
  const table = bulwark(['image', join(dir, 'd.tar'), '--cache-dir', cache, '--scanners', 'secret']);
  assert.equal(table.status, 0, table.stderr);
  for (const s of ['docker-archive', 'Debian GNU/Linux', 'Layers', 'COPY app /app', 'API_TOKEN', 'Packages (']) assert.ok(table.stdout.includes(s), s);
  const entries = readdirSync(join(cache, 'layers')).length;
  assert.ok(entries > 0, 'layer results cached');
  const out = join(dir, 'out', 'r.json');
  mkdirSync(join(dir, 'out'));
  const second = bulwark(['image', join(dir, 'd.tar'), '--cache-dir', cache, '--format', 'json', '-o', out, '--scanners', 'secret']);
  assert.equal(second.status, 0, second.stderr);
  assert.equal(second.stdout, '');
  assert.equal(JSON.parse(readFileSync(out, 'utf8')).packages.length, hostDpkgCount());
  const fresh = join(dir, 'fresh-cache');
  assert.equal(bulwark(['image', join(dir, 'd.tar'), '--cache-dir', fresh, '--no-cache', '--format', 'json', '--allow-missing-db']).status, 0);
  assert.equal(existsSync(fresh), false, '--no-cache writes nothing');
  const clean = bulwark(['cache', 'clean', '--cache-dir', cache]);
  assert.equal(clean.status, 0, clean.stderr);
  assert.equal(existsSync(join(cache, 'layers')), false);
});

test('rootfs and fs: a directory as one pseudo-layer; symlinks not followed, .git skipped in fs', async (t) => {
  const dir = tempDir(t);
  const root = join(dir, 'root');
  mkdirSync(join(root, 'usr/lib'), { recursive: true });
  mkdirSync(join(root, 'etc'));
  mkdirSync(join(root, 'var/lib/dpkg'), { recursive: true });
  // Contents, not cpSync: Node's cp rewrites relative symlink targets to absolute host paths.
  writeFileSync(join(root, 'usr/lib/os-release'), readFileSync('/etc/os-release'));
  symlinkSync('../usr/lib/os-release', join(root, 'etc/os-release'));
  writeFileSync(join(root, 'var/lib/dpkg/status'), readFileSync('/var/lib/dpkg/status'));
  symlinkSync('/', join(root, 'hostroot'));
  symlinkSync('loop-b', join(root, 'loop-a'));
  symlinkSync('loop-a', join(root, 'loop-b'));
  mkdirSync(join(root, '.git'));
  writeFileSync(join(root, '.git', 'config'), '[core]\n');
  const r = bulwark(['rootfs', root, '--format', 'json', '--scanners', 'secret']);
  assert.equal(r.status, 0, r.stderr);
  const rep = JSON.parse(r.stdout);
  checkSchema(rep);
  assert.equal(rep.target.type, 'rootfs');
  assert.equal(rep.os.family, 'debian');
  assert.equal(rep.packages.length, hostDpkgCount());
  assert.equal(rep.packages[0].locations[0].layer, undefined, 'no layer outside images');
  assert.ok(rep.warnings.some((w: string) => /symlink loop: loop-[ab] → loop-[ab]/.test(w)), 'a loop on disk is a warning, not a failure');
  const fs = bulwark(['fs', root, '--format', 'json', '--scanners', 'secret']);
  assert.equal(fs.status, 0, fs.stderr);
  assert.equal(JSON.parse(fs.stdout).target.type, 'fs');
});

test('usage errors: unknown format, scanner, severity → exit 2 with one line', () => {
  for (const args of [['--format', 'nope'], ['--scanners', 'vuln,bogus'], ['--severity', 'extreme'], ['--exit-code', 'x']]) {
    const r = bulwark(['rootfs', ROOT, ...args]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});
