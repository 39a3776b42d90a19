import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { layerCreatedBy, parseImageConfig, parseManifestDocument } from './manifest.js';
import { layerCompression } from './media-types.js';
import { isBulwarkError, type ErrorCode } from '../core/index.js';

const D = `sha256:${'b'.repeat(64)}`;
const desc = { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: D, size: 3 };
const j = (v: unknown) => Buffer.from(JSON.stringify(v));
const code = (c: ErrorCode) => (e: unknown) => isBulwarkError(e) && e.code === c;

describe('parseManifestDocument', () => {
  it('recognises manifests and indexes by mediaType, header or shape', () => {
    const m = { schemaVersion: 2, config: { ...desc, mediaType: 'application/vnd.oci.image.config.v1+json' }, layers: [desc] };
    assert.equal(parseManifestDocument(j({ ...m, mediaType: 'application/vnd.docker.distribution.manifest.v2+json' }), undefined, 'x').kind, 'manifest');
    assert.equal(parseManifestDocument(j(m), 'application/vnd.oci.image.manifest.v1+json; charset=utf-8', 'x').mediaType, 'application/vnd.oci.image.manifest.v1+json');
    assert.equal(parseManifestDocument(j(m), 'application/json', 'x').kind, 'manifest');
    const idx = parseManifestDocument(j({ schemaVersion: 2, manifests: [{ ...desc, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } }] }), undefined, 'x');
    assert.equal(idx.kind, 'index');
    assert.equal(idx.kind === 'index' && idx.index.manifests[0].platform?.variant, 'v8');
  });

  it('rejects schema 1 with UNSUPPORTED_SCHEMA', () => {
    assert.throws(() => parseManifestDocument(j({ schemaVersion: 1, name: 'x', fsLayers: [] }), 'application/vnd.docker.distribution.manifest.v1+prettyjws', 'x'), code('UNSUPPORTED_SCHEMA'));
    assert.throws(() => parseManifestDocument(j({ schemaVersion: 1 }), undefined, 'x'), code('UNSUPPORTED_SCHEMA'));
    assert.throws(() => parseManifestDocument(j({ schemaVersion: 3, layers: [] }), undefined, 'x'), code('UNSUPPORTED_SCHEMA'));
  });

  it('rejects malformed documents', () => {
    assert.throws(() => parseManifestDocument(Buffer.from('{'), undefined, 'x'), code('MALFORMED_DOCUMENT'));
    assert.throws(() => parseManifestDocument(j([1]), undefined, 'x'), code('MALFORMED_DOCUMENT'));
    assert.throws(() => parseManifestDocument(j({ schemaVersion: 2, config: desc, layers: [{ ...desc, digest: 'sha256:zz' }] }), undefined, 'x'), code('MALFORMED_DOCUMENT'));
    assert.throws(() => parseManifestDocument(j({ schemaVersion: 2, config: desc, layers: [{ ...desc, size: -1 }] }), undefined, 'x'), code('MALFORMED_DOCUMENT'));
    assert.throws(() => parseManifestDocument(j({ schemaVersion: 2, mediaType: 'text/html', config: desc, layers: [] }), undefined, 'x'), code('UNSUPPORTED_MEDIA_TYPE'));
    assert.throws(() => parseManifestDocument(Buffer.alloc(5 * 1024 * 1024, 32), undefined, 'x'), code('LIMIT_EXCEEDED'));
  });

  it('checks config diff_ids against the layer count and zips history without empty layers', () => {
    const cfg = { rootfs: { type: 'layers', diff_ids: [D, D] }, history: [{ created_by: 'a' }, { created_by: 'env', empty_layer: true }, { created_by: 'b' }] };
    const parsed = parseImageConfig(j(cfg), 2, 'x');
    assert.deepEqual(layerCreatedBy(parsed, 2), ['a', 'b']);
    assert.deepEqual(layerCreatedBy({ ...parsed, history: [] }, 2), [undefined, undefined]);
    assert.throws(() => parseImageConfig(j(cfg), 3, 'x'), code('MALFORMED_DOCUMENT'));
    assert.throws(() => parseImageConfig(j({ rootfs: {} }), 0, 'x'), code('MALFORMED_DOCUMENT'));
  });

  it('derives layer compression from the media type', () => {
    assert.equal(layerCompression('application/vnd.docker.image.rootfs.diff.tar.gzip'), 'gzip');
    assert.equal(layerCompression('application/vnd.docker.image.rootfs.foreign.diff.tar.gzip'), 'gzip');
    assert.equal(layerCompression('application/vnd.oci.image.layer.v1.tar+zstd'), 'zstd');
    assert.equal(layerCompression('application/vnd.oci.image.layer.v1.tar'), 'none');
    assert.equal(layerCompression('application/vnd.oci.image.layer.nondistributable.v1.tar+gzip'), 'gzip');
    assert.throws(() => layerCompression('application/vnd.cncf.helm.chart.content.v1.tar+gzip'), code('UNSUPPORTED_MEDIA_TYPE'));
  });
});
