import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  it('reports a credential helper that is not installed (credHelpers before credsStore) and falls back to auths', () => {
    const p = write('b.json', { auths: { 'ghcr.io': {}, 'quay.io': { auth: b64('q:r') } }, credHelpers: { 'ghcr.io': 'gcloud' }, credsStore: 'desktop' });
    const env = { PATH: mkdtempSync(join(dir, 'empty-bin-')) };
    assert.deepEqual(lookupDockerCredentials('ghcr.io', p, env), { path: p, helper: 'gcloud', helperMissing: 'docker-credential-gcloud' });
    assert.deepEqual(lookupDockerCredentials('quay.io', p, env), { path: p, credentials: { username: 'q', password: 'r' }, helper: 'desktop', helperMissing: 'docker-credential-desktop' });
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

describe('docker credential helpers (real programs on PATH)', () => {
  const bin = mkdtempSync(join(dir, 'bin-'));
  const log = join(dir, 'helper.log');
  // A real helper speaking Docker's protocol: `get`, the server URL on stdin, JSON on stdout.
  const helper = (name: string, body: string) => {
    const p = join(bin, `docker-credential-${name}`);
    writeFileSync(p, `#!/bin/sh\nread -r server\necho "$0 $* <$server>" >> '${log}'\n${body}\n`);
    chmodSync(p, 0o755);
  };
  helper('store', `case "$server" in
  reg.example) echo '{"ServerURL":"reg.example","Username":"alice","Secret":"s3cret-pw"}' ;;
  https://index.docker.io/v1/) echo '{"ServerURL":"https://index.docker.io/v1/","Username":"hubuser","Secret":"hub-s3cret"}' ;;
  acr.example) echo '{"ServerURL":"acr.example","Username":"<token>","Secret":"refresh-s3cret"}' ;;
  *) echo 'credentials not found in native keychain'; exit 1 ;;
esac`);
  helper('gcr', `echo '{"ServerURL":"gcr.io","Username":"_dcgcloud_token","Secret":"gcr-s3cret"}'`);
  helper('broken', `echo '{"Username":"x","Secret":"leaked-s3cret"}'; echo 'keychain locked' >&2; exit 3`);
  helper('garbage', `echo 'Secret=leaked-s3cret'`);
  helper('slow', 'sleep 30');
  const env = { PATH: `${bin}:/usr/bin:/bin` };
  const cfg = write('helpers.json', {
    credsStore: 'store', credHelpers: { 'gcr.io': 'gcr', 'broken.example': 'broken', 'garbage.example': 'garbage', 'slow.example': 'slow' },
    auths: { 'other.example': { auth: b64('o:p') } },
  });
  const noSecret = (e: unknown) => isBulwarkError(e) && e.code === 'AUTH_FAILED' && !/s3cret/.test(e.message);

  it('runs credsStore and credHelpers with the server URL on stdin; <token> means an identity token', () => {
    assert.deepEqual(lookupDockerCredentials('reg.example', cfg, env).credentials, { username: 'alice', password: 's3cret-pw' });
    assert.deepEqual(lookupDockerCredentials('docker.io', cfg, env).credentials, { username: 'hubuser', password: 'hub-s3cret' });
    assert.deepEqual(lookupDockerCredentials('acr.example', cfg, env).credentials, { username: '<token>', password: '', identityToken: 'refresh-s3cret' });
    assert.deepEqual(lookupDockerCredentials('gcr.io', cfg, env).credentials, { username: '_dcgcloud_token', password: 'gcr-s3cret' });
    const calls = readFileSync(log, 'utf8').trim().split('\n').map((l) => l.replace(`${bin}/`, ''));
    assert.deepEqual(calls, ['docker-credential-store get <reg.example>', 'docker-credential-store get <https://index.docker.io/v1/>', 'docker-credential-store get <acr.example>', 'docker-credential-gcr get <gcr.io>']);
  });

  it('a helper without credentials for the registry falls back to auths', () => {
    assert.deepEqual(lookupDockerCredentials('other.example', cfg, env).credentials, { username: 'o', password: 'p' });
    assert.deepEqual(lookupDockerCredentials('none.example', cfg, env), { path: cfg, helper: 'store' });
  });

  it('failing, garbled or hung helpers are AUTH_FAILED errors that never carry the helper output', () => {
    assert.throws(() => lookupDockerCredentials('broken.example', cfg, env), (e) => noSecret(e) && /docker-credential-broken .*exited with 3: keychain locked/.test((e as Error).message));
    assert.throws(() => lookupDockerCredentials('garbage.example', cfg, env), (e) => noSecret(e) && /did not print JSON/.test((e as Error).message));
    assert.throws(() => lookupDockerCredentials('slow.example', cfg, env, 300), (e) => noSecret(e) && /no answer within 0\.3 s/.test((e as Error).message));
  });
});
