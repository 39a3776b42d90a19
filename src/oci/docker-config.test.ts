import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultDockerConfigPath, lookupDockerCredentials } from './docker-config.js';
import { isBulwarkError } from '../core/index.js';

const dir = mkdtempSync(join(tmpdir(), 'bulwark-dockercfg-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, v: unknown) => { const p = join(dir, name); writeFileSync(p, typeof v === 'string' ? v : JSON.stringify(v)); return p; };
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('docker config credentials', () => {
  it('reads base64 auth, username/password, Docker Hub keys and URL-style keys', () => {
    const p = write('a.json', {
      auths: {
        'https://index.docker.io/v1/': { auth: b64('hub:pw:with:colons') },
        'reg.example:5000': { username: 'u', password: 'p' },
        'https://other.example/v2/': { auth: b64('o:q') },
      },
    });
    assert.deepEqual(lookupDockerCredentials('docker.io', p).credentials, { username: 'hub', password: 'pw:with:colons' });
    assert.deepEqual(lookupDockerCredentials('reg.example:5000', p).credentials, { username: 'u', password: 'p' });
    assert.deepEqual(lookupDockerCredentials('other.example', p).credentials, { username: 'o', password: 'q' });
    assert.equal(lookupDockerCredentials('none.example', p).credentials, undefined);
  });

  it('reads identitytoken entries as refresh tokens', () => {
    const p = write('id.json', { auths: { 'acr.example': { auth: b64('00000000-0000-0000-0000-000000000000:'), identitytoken: 'rt' }, 'b.example': { identitytoken: 'rt2' } } });
    assert.deepEqual(lookupDockerCredentials('acr.example', p).credentials, { username: '00000000-0000-0000-0000-000000000000', password: '', identityToken: 'rt' });
    assert.deepEqual(lookupDockerCredentials('b.example', p).credentials, { username: '<token>', password: '', identityToken: 'rt2' });
  });

  it('reports credential helpers instead of running them', () => {
    const p = write('b.json', { auths: { 'ghcr.io': {} }, credHelpers: { 'ghcr.io': 'gcloud' }, credsStore: 'desktop' });
    assert.deepEqual(lookupDockerCredentials('ghcr.io', p), { path: p, helper: 'gcloud' });
    assert.equal(lookupDockerCredentials('quay.io', p).helper, 'desktop');
  });

  it('honours DOCKER_CONFIG, tolerates a missing default file, rejects bad files', () => {
    write('config.json', { auths: { 'x.example': { auth: b64('a:b') } } });
    assert.equal(defaultDockerConfigPath({ DOCKER_CONFIG: dir }), join(dir, 'config.json'));
    assert.deepEqual(lookupDockerCredentials('x.example', undefined, { DOCKER_CONFIG: dir }).credentials, { username: 'a', password: 'b' });
    assert.deepEqual(lookupDockerCredentials('x.example', undefined, { DOCKER_CONFIG: join(dir, 'absent') }), {});
    assert.throws(() => lookupDockerCredentials('x', join(dir, 'absent.json')), (e: unknown) => isBulwarkError(e) && e.code === 'INPUT_NOT_FOUND');
    assert.throws(() => lookupDockerCredentials('x', write('bad.json', '{')), (e: unknown) => isBulwarkError(e) && e.code === 'CONFIG_INVALID');
    assert.throws(() => lookupDockerCredentials('x', write('bad2.json', { auths: { x: { auth: b64('nocolon') } } })),
      (e: unknown) => isBulwarkError(e) && e.code === 'CONFIG_INVALID' && !e.message.includes('nocolon'));
  });
});
