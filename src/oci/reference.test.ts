import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatReference, imageNameOf, isLoopbackRegistry, localImageName, parseReference, registryApiHost } from './reference.js';
import { isBulwarkError } from '../core/index.js';

const D = `sha256:${'a'.repeat(64)}`;

describe('parseReference', () => {
  const cases: Array<[string, string, string, string | undefined, string | undefined]> = [
    // input, registry, repository, tag, digest
    ['nginx', 'docker.io', 'library/nginx', 'latest', undefined],
    ['nginx:1.25', 'docker.io', 'library/nginx', '1.25', undefined],
    ['bitnami/redis:7', 'docker.io', 'bitnami/redis', '7', undefined],
    ['docker.io/nginx', 'docker.io', 'library/nginx', 'latest', undefined],
    ['index.docker.io/library/nginx:x', 'docker.io', 'library/nginx', 'x', undefined],
    ['ghcr.io/owner/repo/sub:v1.2.3', 'ghcr.io', 'owner/repo/sub', 'v1.2.3', undefined],
    ['localhost:5000/x', 'localhost:5000', 'x', 'latest', undefined],
    ['localhost/x', 'localhost', 'x', 'latest', undefined],
    ['127.0.0.1:40000/a/b:t', '127.0.0.1:40000', 'a/b', 't', undefined],
    [`repo@${D}`, 'docker.io', 'library/repo', undefined, D],
    [`quay.io/a/b:tag@${D}`, 'quay.io', 'a/b', 'tag', D],
    ['[::1]:5000/x:1', '[::1]:5000', 'x', '1', undefined],
    ['my-registry.example.com:443/a__b/c.d-e:T_1', 'my-registry.example.com:443', 'a__b/c.d-e', 'T_1', undefined],
  ];
  for (const [input, registry, repository, tag, digest] of cases) {
    it(input, () => {
      const r = parseReference(input);
      assert.deepEqual([r.registry, r.repository, r.tag, r.digest], [registry, repository, tag, digest]);
    });
  }

  it('formats the normalised form', () => {
    assert.equal(formatReference(parseReference('nginx')), 'docker.io/library/nginx:latest');
    assert.equal(formatReference(parseReference(`a/b@${D}`)), `docker.io/a/b@${D}`);
  });

  const bad = ['', ' ', 'Nginx', 'ghcr.io/Owner/repo', 'nginx:', 'nginx:-x', 'a//b', `nginx@sha256:abc`, 'nginx@md5', 'https://ghcr.io/a/b',
    'a:b:c', `nginx:${'t'.repeat(129)}`, 'ex ample/x', 'a/-b', 'bad_host_:5000/x/y'.replace('bad_host_', 'bad_host_.'), `${'a/'.repeat(130)}b`];
  for (const input of bad) {
    it(`rejects ${JSON.stringify(input).slice(0, 40)}`, () => {
      assert.throws(() => parseReference(input), (e: unknown) => isBulwarkError(e) && e.code === 'INPUT_UNRECOGNIZED');
    });
  }

  it('maps Docker Hub to its API host and recognises loopback', () => {
    assert.equal(registryApiHost('docker.io'), 'registry-1.docker.io');
    assert.equal(registryApiHost('ghcr.io'), 'ghcr.io');
    for (const h of ['localhost:5000', '127.0.0.1:1', '127.9.8.7', '[::1]:5000']) assert.equal(isLoopbackRegistry(h), true, h);
    for (const h of ['ghcr.io', '10.0.0.1:5000', '127.0.0.1.nip.io', 'localhost.example.com']) assert.equal(isLoopbackRegistry(h), false, h);
  });
});

describe('isValidRegistryHost', () => {
  it('accepts hosts and rejects URLs and paths', async () => {
    const { isValidRegistryHost } = await import('./reference.js');
    for (const h of ['ghcr.io', 'localhost:5000', '[::1]:5000', '127.0.0.1:1']) assert.ok(isValidRegistryHost(h), h);
    for (const h of ['http://x', 'x/y', '', 'a b', 'x:port']) assert.ok(!isValidRegistryHost(h), h);
  });
});

describe('imageNameOf / localImageName', () => {
  it('purl name is the repository\'s last part; repository only when the registry is named or known', () => {
    assert.deepEqual(imageNameOf('ghcr.io/org/app:1.4'), { name: 'app', repository: 'ghcr.io/org/app', tag: '1.4' });
    assert.deepEqual(imageNameOf('localhost:5000/team/web@sha256:' + 'a'.repeat(64)), { name: 'web', repository: 'localhost:5000/team/web' });
    assert.deepEqual(imageNameOf('nginx:1.25'), { name: 'nginx', tag: '1.25' });
    assert.deepEqual(imageNameOf('nginx:1.25', true), { name: 'nginx', repository: 'docker.io/library/nginx', tag: '1.25' });
    assert.equal(imageNameOf('Not A Ref'), undefined);
    assert.equal(localImageName('/tmp/build/My Service.oci.tar'), 'my-service');
    assert.equal(localImageName('/srv/layouts/app-layout/'), 'app-layout');
    assert.equal(localImageName('/'), 'image');
  });
});
