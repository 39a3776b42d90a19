/**
 * The trusted root through TUF: `bulwark verify-blob` (keyless, no --trusted-root) refreshes it from a
 * real TUF repository served on 127.0.0.1 (a private Sigstore deployment's mirror: --tuf-mirror-url,
 * --tuf-root-path), through @sigstore/tuf and tuf-js unchanged. The published sigstore-js vector
 * "matching identity policy" verifies only if the root really came from the mirror; a mirror serving other
 * bytes, expired metadata or nothing at all is refused with its own one-line error.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, bulwarkAsync } from '../image/helpers.js';
import { startTufRepo, type TufRepo } from '../helpers/tuf-repo.js';

const VECTORS = join(ROOT, 'src/supplychain/testdata/vectors');
const FIXTURES = join(VECTORS, 'sigstore-js/verify-fixtures');
const ROOT_JSON = readFileSync(join(FIXTURES, 'trusted_root.json'));
/** Another real trusted root (the public-good instance's), which does not hold the vector's Fulcio CA. */
const OTHER_ROOT_JSON = readFileSync(join(VECTORS, 'production-trusted_root.json'));

describe('trusted root through TUF (--tuf-mirror-url, --tuf-root-path)', () => {
  let dir: string;
  const repos: TufRepo[] = [];
  const serve = async (...a: Parameters<typeof startTufRepo>): Promise<{ repo: TufRepo; rootPath: string }> => {
    const repo = await startTufRepo(...a);
    repos.push(repo);
    const rootPath = join(dir, `root-${repos.length}.json`);
    writeFileSync(rootPath, repo.rootJson);
    return { repo, rootPath };
  };
  const verify = (repo: TufRepo, rootPath: string, extra: string[] = [], env: Record<string, string> = {}) => bulwarkAsync([
    'verify-blob', join(FIXTURES, 'artifact'), '--bundle', join(FIXTURES, 'bundles/v1_message_signature_with_signing_cert.sigstore.json'),
    '--certificate-identity', 'brian@dehamer.com', '--certificate-oidc-issuer', 'https://github.com/login/oauth',
    '--tuf-mirror-url', repo.url, '--tuf-root-path', rootPath, ...extra,
  ], { BULWARK_CACHE_DIR: join(dir, 'cache'), ...env });

  before(() => { dir = mkdtempSync(join(tmpdir(), 'bw-tuf-')); });
  after(async () => {
    for (const r of repos) await r.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a keyless bundle verifies against the root the mirror serves; TUF files stay inside Bulwark\'s cache', async () => {
    const { repo, rootPath } = await serve({ 'trusted_root.json': ROOT_JSON });
    const r = await verify(repo, rootPath);
    assert.equal(r.status, 0, r.stderr);
    for (const path of ['/timestamp.json', '/snapshot.json', '/targets.json', '/targets/trusted_root.json']) {
      assert.ok(repo.requests.includes(path), `the client fetched ${path} (${repo.requests.join(', ')})`);
    }
    // Default cache: <BULWARK_CACHE_DIR>/sigstore-tuf/<mirror>/, holding the verified metadata and target.
    const cache = join(dir, 'cache', 'sigstore-tuf');
    const [mirrorDir] = readdirSync(cache);
    assert.ok(mirrorDir, 'one folder per mirror');
    assert.ok(existsSync(join(cache, mirrorDir, 'timestamp.json')));
    assert.deepEqual(readFileSync(join(cache, mirrorDir, 'targets', 'trusted_root.json')), ROOT_JSON);
  });

  it('the root really comes from the mirror: a mirror serving another (valid) root → not verified, exit 1', async () => {
    const { repo, rootPath } = await serve({ 'trusted_root.json': OTHER_ROOT_JSON });
    const r = await verify(repo, rootPath, [], { BULWARK_CACHE_DIR: join(dir, 'cache-other') });
    assert.equal(r.status, 1, r.stderr);
    // The vector's timestamp is the first thing the other root cannot vouch for (the Verifier's order).
    assert.match(r.stderr, /not verified: timestamp: .*does not verify against the trusted root's timestamp authorities/);
  });

  it('a target whose bytes differ from targets.json (a tampered mirror) → TRUST_UPDATE_FAILED, exit 2, one line', async () => {
    const forged = Buffer.from(ROOT_JSON.toString('utf8').replace('"mediaType"', ' "mediaType"'));
    const { repo, rootPath } = await serve({ 'trusted_root.json': ROOT_JSON }, { substitute: { name: 'trusted_root.json', content: forged } });
    const r = await verify(repo, rootPath, [], { BULWARK_CACHE_DIR: join(dir, 'cache-forged') });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /TUF refresh of the Sigstore trusted root from http:\/\/127\.0\.0\.1:\d+ was refused .*\[TRUST_UPDATE_FAILED\]/);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  });

  it('expired timestamp metadata (a frozen mirror) → TRUST_UPDATE_FAILED naming the expiry', async () => {
    const { repo, rootPath } = await serve({ 'trusted_root.json': ROOT_JSON }, { timestampExpires: new Date(Date.now() - 3600_000) });
    const r = await verify(repo, rootPath, [], { BULWARK_CACHE_DIR: join(dir, 'cache-expired') });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /refused .*expired.*\[TRUST_UPDATE_FAILED\]/i);
  });

  it('a private mirror without --tuf-root-path (nothing cached) → USAGE naming the flag, before any request', async () => {
    const { repo } = await serve({ 'trusted_root.json': ROOT_JSON });
    const before = repo.requests.length;
    const r = await bulwarkAsync([
      'verify-blob', join(FIXTURES, 'artifact'), '--bundle', join(FIXTURES, 'bundles/v1_message_signature_with_signing_cert.sigstore.json'),
      '--certificate-identity', 'brian@dehamer.com', '--certificate-oidc-issuer', 'https://github.com/login/oauth', '--tuf-mirror-url', repo.url,
    ], { BULWARK_CACHE_DIR: join(dir, 'cache-noroot') });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /no root\.json is known for it yet; give its initial root with --tuf-root-path root\.json \[USAGE\]/);
    assert.equal(repo.requests.length, before);
    const missing = await verify(repo, join(dir, 'no-such-root.json'), [], { BULWARK_CACHE_DIR: join(dir, 'cache-noroot') });
    assert.equal(missing.status, 2, missing.stderr);
    assert.match(missing.stderr, /--tuf-root-path .*no-such-root\.json: no such file \[INPUT_NOT_FOUND\]/);
    assert.equal(repo.requests.length, before);
  });

  it('an unreachable mirror → REGISTRY_UNREACHABLE naming --trusted-root; --offline never asks', async () => {
    const { repo, rootPath } = await serve({ 'trusted_root.json': ROOT_JSON });
    await repo.close();
    const r = await verify(repo, rootPath, [], { BULWARK_CACHE_DIR: join(dir, 'cache-down') });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /is unreachable .*pass --trusted-root trusted_root\.json when offline \[REGISTRY_UNREACHABLE\]/);
    const offline = await verify(repo, rootPath, ['--offline'], { BULWARK_CACHE_DIR: join(dir, 'cache-down') });
    assert.equal(offline.status, 2, offline.stderr);
    assert.match(offline.stderr, /needs --trusted-root when offline \[USAGE\]/);
  });
});
