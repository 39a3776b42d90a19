import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatPlatform, normalizePlatform, parsePlatform, platformMatches, selectPlatform } from './platform.js';
import type { ImageIndex } from './manifest.js';
import { isBulwarkError } from '../core/index.js';

const d = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const index: ImageIndex = {
  schemaVersion: 2,
  manifests: [
    { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: d(1), size: 1, platform: { os: 'linux', architecture: 'amd64' } },
    { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: d(2), size: 1, platform: { os: 'linux', architecture: 'arm64' } },
    { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: d(3), size: 1, platform: { os: 'linux', architecture: 'arm', variant: 'v6' } },
    { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: d(4), size: 1, platform: { os: 'unknown', architecture: 'unknown' },
      annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } },
  ],
};

describe('platforms', () => {
  it('normalises like containerd', () => {
    assert.deepEqual(parsePlatform('linux/arm64'), { os: 'linux', architecture: 'arm64', variant: 'v8' });
    assert.deepEqual(parsePlatform('linux/aarch64'), { os: 'linux', architecture: 'arm64', variant: 'v8' });
    assert.deepEqual(parsePlatform('Linux/x86_64'), { os: 'linux', architecture: 'amd64' });
    assert.deepEqual(parsePlatform('linux/arm'), { os: 'linux', architecture: 'arm', variant: 'v7' });
    assert.deepEqual(normalizePlatform({ os: 'linux', architecture: 'arm', variant: '6' }), { os: 'linux', architecture: 'arm', variant: 'v6' });
    assert.equal(formatPlatform(parsePlatform('linux/arm64')), 'linux/arm64/v8');
  });

  it('rejects malformed platforms with USAGE', () => {
    for (const p of ['linux', 'linux/', '/amd64', 'a/b/c/d', 'linux/am d64']) {
      assert.throws(() => parsePlatform(p), (e: unknown) => isBulwarkError(e) && e.code === 'USAGE', p);
    }
  });

  it('matches arm64 with and without the v8 variant', () => {
    assert.ok(platformMatches({ os: 'linux', architecture: 'arm64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' }));
    assert.ok(!platformMatches({ os: 'linux', architecture: 'arm', variant: 'v7' }, { os: 'linux', architecture: 'arm', variant: 'v6' }));
  });

  it('selects from an index and lists what exists when absent', () => {
    assert.equal(selectPlatform(index, parsePlatform('linux/amd64'), 'x').digest, d(1));
    assert.equal(selectPlatform(index, parsePlatform('linux/arm64/v8'), 'x').digest, d(2));
    assert.equal(selectPlatform(index, parsePlatform('linux/arm/v6'), 'x').digest, d(3));
    assert.throws(() => selectPlatform(index, parsePlatform('linux/s390x'), 'reg/repo:1'), (e: unknown) =>
      isBulwarkError(e) && e.code === 'PLATFORM_NOT_FOUND'
      && e.message === 'reg/repo:1 has no linux/s390x image; available platforms: linux/amd64, linux/arm64/v8, linux/arm/v6');
  });
});
