import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Authenticator, parseWwwAuthenticate } from './auth.js';
import { isBulwarkError } from '../core/index.js';

describe('WWW-Authenticate', () => {
  it('parses bearer challenges with quoted commas and several challenges', () => {
    assert.deepEqual(parseWwwAuthenticate('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull,push"'), [
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull,push' } },
    ]);
    assert.deepEqual(parseWwwAuthenticate('Basic realm="a \\"b\\"", Bearer realm=http://x/t, error=invalid_token'), [
      { scheme: 'basic', params: { realm: 'a "b"' } },
      { scheme: 'bearer', params: { realm: 'http://x/t', error: 'invalid_token' } },
    ]);
    assert.deepEqual(parseWwwAuthenticate(undefined), []);
  });
});

describe('Authenticator', () => {
  it('caches tokens per scope, sends basic credentials to the realm and refetches after expiry', async () => {
    let now = 1_000_000;
    const calls: Array<{ url: string; auth?: string }> = [];
    const a = new Authenticator({
      registry: 'r', allowHttpRealm: false, now: () => now,
      credentials: () => ({ username: 'u', password: 'p' }),
      fetchToken: async (url, init) => {
        calls.push({ url: url.href, auth: init.authorization });
        return { status: 200, body: Buffer.from(JSON.stringify({ token: `t${calls.length}`, expires_in: 300 })) };
      },
    });
    assert.equal(await a.header('repository:x:pull'), undefined, 'no challenge yet: anonymous');
    assert.ok(a.setChallenge('Bearer realm="https://auth.example/token",service="svc"'));
    assert.equal(await a.header('repository:x:pull'), 'Bearer t1');
    assert.equal(await a.header('repository:x:pull'), 'Bearer t1');
    assert.equal(await a.header('repository:y:pull'), 'Bearer t2');
    assert.equal(calls[0].url, 'https://auth.example/token?service=svc&scope=repository%3Ax%3Apull');
    assert.equal(calls[0].auth, `Basic ${Buffer.from('u:p').toString('base64')}`);
    now += 300_000;
    const parallel = await Promise.all([a.header('repository:x:pull'), a.header('repository:x:pull'), a.header('repository:x:pull')]);
    assert.deepEqual(parallel, ['Bearer t3', 'Bearer t3', 'Bearer t3'], 'concurrent callers share one token request');
    assert.equal(calls.length, 3);
  });

  it('refuses a plain-HTTP realm unless allowed, and maps token-server 401', async () => {
    const a = new Authenticator({
      registry: 'r', allowHttpRealm: false, credentials: () => undefined,
      fetchToken: async () => ({ status: 401, body: Buffer.alloc(0) }),
    });
    a.setChallenge('Bearer realm="http://auth.example/token"');
    await assert.rejects(a.header('s'), (e: unknown) => isBulwarkError(e) && e.code === 'REGISTRY_ERROR');
    a.setChallenge('Bearer realm="https://auth.example/token"');
    await assert.rejects(a.header('s'), (e: unknown) => isBulwarkError(e) && e.code === 'AUTH_FAILED' && e.message.includes('requires credentials'));
  });
});
