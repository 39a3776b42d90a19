import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient } from './client.js';
import { isBulwarkError } from '../core/index.js';

describe('RegistryClient construction', () => {
  it('rejects hosts with schemes or paths, and a username without a password', () => {
    for (const h of ['https://ghcr.io', 'ghcr.io/owner', '']) {
      assert.throws(() => new RegistryClient(h), (e: unknown) => isBulwarkError(e) && e.code === 'USAGE', h);
    }
    assert.throws(() => new RegistryClient('ghcr.io', { username: 'u' }), (e: unknown) => isBulwarkError(e) && e.code === 'USAGE' && e.message.includes('--password'));
    new RegistryClient('127.0.0.1:5000').close();
  });

  it('rejects a malformed digest before any network use', async () => {
    const c = new RegistryClient('127.0.0.1:1');
    await assert.rejects(c.putBlob('x', { open: () => { throw new Error('not opened'); }, size: 1, digest: 'sha256:nothex' }),
      (e: unknown) => isBulwarkError(e) && e.code === 'USAGE');
    c.close();
  });
});
