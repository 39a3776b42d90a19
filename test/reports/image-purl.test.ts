// The image's own purl (purl-spec `oci` type) for every image source: the name is the repository's last part,
// or for an OCI layout known only by a tag (`skopeo copy … oci:dir:latest`) the layout's own name — never the
// tag (the old `pkg:oci/latest@…?repository_url=latest`). `repository_url` only where the source says where the
// image lives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PackageURL } from 'packageurl-js';
import { writeCycloneDx } from '../../src/reports/cyclonedx.js';
import { writeSpdxJson } from '../../src/reports/spdx.js';
import { scanImage } from '../../src/scan/index.js';
import { buildImage, writeDockerArchive, writeOciArchive, writeOciLayout, type BuiltImage } from '../fixtures/image-builder.js';

/** Rewrites the layout's index.json annotations as another tool would have written them. */
function setAnnotations(layout: string, annotations: Record<string, string>): void {
  const path = join(layout, 'index.json');
  const index = JSON.parse(readFileSync(path, 'utf8')) as { manifests: Array<{ annotations?: Record<string, string> }> };
  index.manifests[0].annotations = annotations;
  writeFileSync(path, JSON.stringify(index));
}

async function purls(target: string): Promise<{ cdx: string | undefined; spdx: string | undefined }> {
  const report = await scanImage(target, { scanners: [], noCache: true });
  const cdx = JSON.parse(writeCycloneDx(report)) as { metadata: { component: { purl?: string } } };
  const spdx = JSON.parse(writeSpdxJson(report)) as { packages: Array<{ primaryPackagePurpose?: string; externalRefs?: Array<{ referenceLocator: string }> }> };
  const root = spdx.packages.find((p) => p.primaryPackagePurpose === 'CONTAINER');
  return { cdx: cdx.metadata.component.purl, spdx: root?.externalRefs?.[0]?.referenceLocator };
}

function parsed(purl: string | undefined) {
  assert.ok(purl, 'the image has a purl');
  const p = PackageURL.fromString(purl);
  return { type: p.type, namespace: p.namespace ?? undefined, name: p.name, version: p.version, qualifiers: { ...(p.qualifiers ?? {}) } };
}

let img: BuiltImage;
let dir: string;

test.before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bw-purl-'));
  img = await buildImage({ repoTags: ['ghcr.io/org/app:1.4'], layers: [{ entries: [{ path: 'etc/hostname', content: 'x\n' }] }] });
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('OCI layout tagged only "latest": named after the layout directory, tag=latest, no repository_url', async () => {
  const layout = join(dir, 'myapp');
  writeOciLayout(layout, [img]);
  setAnnotations(layout, { 'org.opencontainers.image.ref.name': 'latest' });
  const { cdx, spdx } = await purls(layout);
  assert.deepEqual(parsed(cdx), { type: 'oci', namespace: undefined, name: 'myapp', version: img.manifest.digest, qualifiers: { arch: 'amd64', tag: 'latest' } });
  assert.equal(spdx, cdx);
});

test('OCI archive tagged only by ref.name: named after the archive file', async () => {
  const tar = join(dir, 'My-Service.oci.tar');
  await writeOciArchive(tar, [{ ...img, repoTags: ['ignored:v2'] }]);
  const { cdx } = await purls(tar);
  assert.deepEqual(parsed(cdx).name, 'my-service');
  assert.deepEqual(parsed(cdx).qualifiers, { arch: 'amd64', tag: 'v2' });
});

test('OCI layout with containerd\'s full name, or a ref.name that is a whole reference', async () => {
  const layout = join(dir, 'exported');
  writeOciLayout(layout, [img]);
  assert.deepEqual(parsed((await purls(layout)).cdx).qualifiers, { arch: 'amd64', repository_url: 'ghcr.io/org/app', tag: '1.4' });
  assert.equal(parsed((await purls(layout)).cdx).name, 'app');
  setAnnotations(layout, { 'org.opencontainers.image.ref.name': 'registry.example.com:5000/team/web:2' });
  assert.deepEqual(parsed((await purls(layout)).cdx), {
    type: 'oci', namespace: undefined, name: 'web', version: img.manifest.digest,
    qualifiers: { arch: 'amd64', repository_url: 'registry.example.com:5000/team/web', tag: '2' },
  });
});

test('docker-archive: the repo tag names the image; a registry is only claimed when the tag names one', async () => {
  const tar = join(dir, 'saved.tar');
  await writeDockerArchive(tar, [{ ...img, repoTags: ['shop/web:1', 'ghcr.io/org/app:1.4'] }]);
  const report = await scanImage(tar, { scanners: [], noCache: true });
  assert.deepEqual(report.target.image?.name, { name: 'web', tag: '1' });
  // `docker save` keeps no manifest, so there is no digest to be the purl's version: no purl rather than a wrong one.
  assert.equal((await purls(tar)).cdx, undefined);
  const named = await scanImage(`${tar}:ghcr.io/org/app:1.4`, { scanners: [], noCache: true });
  assert.deepEqual(named.target.image?.name, { name: 'app', repository: 'ghcr.io/org/app', tag: '1.4' });
});
