/**
 * Authenticated pulls and pushes against a real docker-registry: htpasswd basic auth, and token auth
 * with real signed JWTs from the token-server fixture. Credentials come from options or a docker config.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buildImage, writeOciLayout, type BuiltImage } from '../fixtures/image-builder.js';
import { startRegistry, skopeo, skopeoPush, type RegistryServer } from '../helpers/registry.js';
import { startTokenServer, type TokenServer } from '../helpers/token-server.js';
import { openRegistryImage } from '../../src/sources/registry/index.js';
import { RegistryClient } from '../../src/oci/index.js';
import { isBulwarkError, type ErrorCode } from '../../src/core/index.js';

const code = (c: ErrorCode, extra?: (m: string) => boolean) => (e: unknown) =>
  isBulwarkError(e) && e.code === c && !e.message.includes('s3cret') && (extra ? extra(e.message) : true);

/** Writes a real `docker-credential-NAME` script (reads the server URL on stdin) and returns an env with it on PATH. */
function helperOnPath(work: string, name: string, body: string): NodeJS.ProcessEnv {
  const bin = mkdtempSync(join(work, 'bin-'));
  writeFileSync(join(bin, `docker-credential-${name}`), `#!/bin/sh\n[ "$1" = get ] || exit 2\nread -r server\n${body}\n`, { mode: 0o755 });
  return { PATH: `${bin}:/usr/bin:/bin` };
}

async function fixture(work: string): Promise<BuiltImage> {
  const img = await buildImage({ repoTags: ['x:1'], layers: [{ entries: [{ path: 'etc/hostname', content: 'auth\n' }] }] });
  writeOciLayout(join(work, 'layout'), [img]);
  return img;
}

describe('htpasswd basic auth', () => {
  let reg: RegistryServer;
  let work: string;
  let img: BuiltImage;
  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'bulwark-basic-'));
    reg = await startRegistry({ kind: 'htpasswd', users: { alice: 's3cret' } });
    img = await fixture(work);
    await skopeoPush(join(work, 'layout'), '1', `${reg.host}/priv/app:1`, { creds: 'alice:s3cret' });
  });
  after(async () => { await reg?.stop(); rmSync(work, { recursive: true, force: true }); });

  it('pulls with --username/--password', async () => {
    const src = await openRegistryImage(`${reg.host}/priv/app:1`, { username: 'alice', password: 's3cret' });
    assert.equal(src.identity.manifestDigest, img.manifest.digest);
    await src.close();
  });

  it('pulls with credentials from DOCKER_CONFIG-style config.json', async () => {
    const cfg = join(work, 'config.json');
    writeFileSync(cfg, JSON.stringify({ auths: { [reg.host]: { auth: Buffer.from('alice:s3cret').toString('base64') } } }));
    const src = await openRegistryImage(`${reg.host}/priv/app:1`, { dockerConfig: cfg });
    assert.equal(src.identity.configDigest, img.config.digest);
    await src.close();
  });

  it('fails with AUTH_FAILED for no or wrong credentials, never echoing the password', async () => {
    const empty = join(work, 'empty.json');
    writeFileSync(empty, '{}');
    await assert.rejects(openRegistryImage(`${reg.host}/priv/app:1`, { dockerConfig: empty }), code('AUTH_FAILED', (m) => m.includes(`${reg.host}/priv/app`)));
    await assert.rejects(openRegistryImage(`${reg.host}/priv/app:1`, { username: 'alice', password: 'wrong-s3cret' }), code('AUTH_FAILED'));
  });

  it('explains a credential helper that is not installed', async () => {
    const cfg = join(work, 'helper.json');
    writeFileSync(cfg, JSON.stringify({ credsStore: 'desktop' }));
    const env = { PATH: mkdtempSync(join(work, 'empty-bin-')) };
    await assert.rejects(openRegistryImage(`${reg.host}/priv/app:1`, { dockerConfig: cfg, client: { env } }),
      code('AUTH_FAILED', (m) => m.includes('credential helper "desktop"') && m.includes('docker-credential-desktop is not on PATH') && m.includes('--username/--password')));
  });

  it('pulls with credentials from a credsStore helper program (docker-credential-NAME get)', async () => {
    const env = helperOnPath(work, 'teststore', `[ "$server" = "${reg.host}" ] || { echo 'credentials not found in native keychain'; exit 1; }
echo '{"ServerURL":"${reg.host}","Username":"alice","Secret":"s3cret"}'`);
    const cfg = join(work, 'store.json');
    writeFileSync(cfg, JSON.stringify({ credsStore: 'teststore' }));
    const src = await openRegistryImage(`${reg.host}/priv/app:1`, { dockerConfig: cfg, client: { env } });
    assert.equal(src.identity.manifestDigest, img.manifest.digest);
    await src.close();
  });
});

describe('token auth with signed JWTs', () => {
  let reg: RegistryServer;
  let tokens: TokenServer;
  let work: string;
  let img: BuiltImage;
  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'bulwark-token-'));
    tokens = await startTokenServer({ dir: work, users: { bob: 's3cret', reader: 'r3ader' }, allowed: { reader: ['pull'] }, refreshTokens: { 'refresh-s3cret': 'reader' } });
    reg = await startRegistry({ kind: 'token', realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, rootCertBundle: tokens.certPath });
    img = await fixture(work);
    await skopeoPush(join(work, 'layout'), '1', `${reg.host}/team/app:1`, { creds: 'bob:s3cret' });
  });
  after(async () => { await reg?.stop(); await tokens?.stop(); rmSync(work, { recursive: true, force: true }); });

  it('pulls with a bearer token obtained with basic credentials, one token per scope', async () => {
    tokens.requests.length = 0;
    const src = await openRegistryImage(`${reg.host}/team/app:1`, { username: 'reader', password: 'r3ader' });
    assert.equal(src.identity.manifestDigest, img.manifest.digest);
    const layer = await src.openLayer(0);
    for await (const _ of layer) { /* drain */ }
    await src.close();
    assert.deepEqual(tokens.requests.map((r) => [r.user, r.service, r.scopes]), [['reader', tokens.service, ['repository:team/app:pull']]]);
  });

  it('uses a config.json identitytoken as an OAuth2 refresh token (POST to the realm)', async () => {
    const cfg = join(work, 'identity.json');
    writeFileSync(cfg, JSON.stringify({ auths: { [reg.host]: { auth: Buffer.from('reader:').toString('base64'), identitytoken: 'refresh-s3cret' } } }));
    tokens.requests.length = 0;
    const src = await openRegistryImage(`${reg.host}/team/app:1`, { dockerConfig: cfg });
    assert.equal(src.identity.manifestDigest, img.manifest.digest);
    await src.close();
    assert.deepEqual(tokens.requests.map((r) => [r.grantType, r.user, r.scopes, r.hadAuthorization]), [['refresh_token', 'reader', ['repository:team/app:pull'], false]]);
    writeFileSync(cfg, JSON.stringify({ auths: { [reg.host]: { identitytoken: 'revoked-s3cret' } } }));
    await assert.rejects(openRegistryImage(`${reg.host}/team/app:1`, { dockerConfig: cfg }), code('AUTH_FAILED', (m) => m.includes('identity token')));
  });

  it('a credHelpers entry answering <token> gives an identity token (refresh grant at the token server)', async () => {
    const env = helperOnPath(work, 'testtoken', `echo '{"ServerURL":"'"$server"'","Username":"<token>","Secret":"refresh-s3cret"}'`);
    const cfg = join(work, 'helpers.json');
    writeFileSync(cfg, JSON.stringify({ credHelpers: { [reg.host]: 'testtoken' } }));
    tokens.requests.length = 0;
    const src = await openRegistryImage(`${reg.host}/team/app:1`, { dockerConfig: cfg, client: { env } });
    assert.equal(src.identity.manifestDigest, img.manifest.digest);
    await src.close();
    assert.deepEqual(tokens.requests.map((r) => [r.grantType, r.scopes, r.hadAuthorization]), [['refresh_token', ['repository:team/app:pull'], false]]);
  });

  it('denies anonymous pulls with AUTH_FAILED', async () => {
    const empty = join(work, 'empty.json');
    writeFileSync(empty, '{}');
    await assert.rejects(openRegistryImage(`${reg.host}/team/app:1`, { dockerConfig: empty }), code('AUTH_FAILED'));
  });

  it('rejects wrong credentials at the token server with AUTH_FAILED', async () => {
    await assert.rejects(openRegistryImage(`${reg.host}/team/app:1`, { username: 'bob', password: 'not-s3cret' }),
      code('AUTH_FAILED', (m) => m.includes('token server') && m.includes('"bob"')));
  });

  it('pushes blobs and a manifest, lists tags with pagination, and skopeo reads the result', async () => {
    const client = new RegistryClient(reg.host, { username: 'bob', password: 's3cret' });
    try {
      for (const l of img.layers) await client.putBlob('team/pushed', l.data);
      await client.putBlob('team/pushed', { open: () => Readable.from([img.config.data]), size: img.config.size, digest: img.config.digest });
      for (const tag of ['a', 'b', 'c']) assert.equal(await client.putManifest('team/pushed', tag, img.manifest.data, img.manifest.mediaType), img.manifest.digest);
      assert.deepEqual((await client.listTags('team/pushed', 1)).sort(), ['a', 'b', 'c']);
      assert.equal((await client.headManifest('team/pushed', 'b'))?.digest, img.manifest.digest);
      assert.equal(await client.headManifest('team/pushed', 'zzz'), undefined);
      assert.ok((await client.catalog(1)).includes('team/pushed'));
    } finally {
      client.close();
    }
    const inspected = JSON.parse((await skopeo(['inspect', '--tls-verify=false', '--creds', 'bob:s3cret', `docker://${reg.host}/team/pushed:b`])).toString()) as { Digest: string; Layers: string[] };
    assert.equal(inspected.Digest, img.manifest.digest);
    assert.deepEqual(inspected.Layers, img.layers.map((l) => l.digest));
  });

  it('a pull-only user cannot push (ACCESS_DENIED or AUTH_FAILED from the registry)', async () => {
    const client = new RegistryClient(reg.host, { username: 'reader', password: 'r3ader' });
    try {
      await assert.rejects(client.putBlob('team/pushed2', Buffer.from('x')), (e: unknown) => isBulwarkError(e) && ['AUTH_FAILED', 'ACCESS_DENIED'].includes(e.code));
    } finally {
      client.close();
    }
  });
});
