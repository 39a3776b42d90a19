/**
 * Notation signatures (JWS and COSE envelopes) attached as OCI 1.1 referrers in the real docker-registry
 * (no referrers API there: the tag-schema fallback), verified under Notation's trust-policy.json and
 * trust-store layout; each kind of tampering is rejected with its own check.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, type RegistryServer } from '../helpers/registry.js';
import { bulwark } from '../image/helpers.js';
import { pushImage } from './helpers.js';
import { coseEnvelope, jwsEnvelope, makeCa, makeSigner, pushNotation, type Target, type TestCa, type TestSigner } from './notation-helpers.js';
import { preparePolicy, verifyImage, type PreparedPolicy } from '../../src/scan/verify-image.js';

const IDENTITY = 'x509.subject: C=US, ST=WA, O=acme';

function trustPolicy(scope: string, level = 'strict', identities = [IDENTITY], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '1.0',
    trustPolicies: [{ name: 'acme-images', registryScopes: [scope], signatureVerification: { level, ...extra }, trustStores: ['ca:acme'], trustedIdentities: identities }],
  };
}

describe('Notation signatures in a real registry', () => {
  let reg: RegistryServer;
  let dir: string;
  let ca: TestCa;
  let other: TestCa;
  let ec: TestSigner;
  let rsa: TestSigner;
  let strict: PreparedPolicy;
  let n = 0;
  const repo = 'notary/app';

  /** A fresh image (its own digest, so only the signature under test is attached to it). */
  async function image(): Promise<{ ref: string; target: Target }> {
    const tag = `t${n++}`;
    const img = await pushImage(reg.host, repo, tag, `notation-${tag}`);
    return { ref: `${reg.host}/${repo}:${tag}`, target: { mediaType: img.manifest.mediaType, digest: img.manifest.digest, size: img.manifest.data.length } };
  }

  before(async () => {
    reg = await startRegistry();
    dir = mkdtempSync(join(tmpdir(), 'bw-notation-'));
    ca = await makeCa('C=US, ST=WA, O=acme, CN=acme root');
    other = await makeCa('C=US, ST=WA, O=acme, CN=impostor root');
    ec = await makeSigner(ca, 'C=US, ST=WA, L=Seattle, O=acme, CN=release signer', 'ES256');
    rsa = await makeSigner(ca, 'C=US, ST=WA, O=acme, CN=rsa signer', 'PS256');
    // Notation's layout: trustpolicy.json beside truststore/x509/ca/<name>/.
    mkdirSync(join(dir, 'truststore/x509/ca/acme'), { recursive: true });
    writeFileSync(join(dir, 'truststore/x509/ca/acme/root.crt'), Buffer.from(ca.cert.rawData)); // DER, as notation accepts
    writeFileSync(join(dir, 'trustpolicy.json'), JSON.stringify(trustPolicy(`${reg.host}/${repo}`)));
    strict = preparePolicy({ notation: { trustPolicy: trustPolicy(`${reg.host}/${repo}`), trustStore: { 'ca:acme': [ca.pem] } } });
  });
  after(async () => {
    await reg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('JWS (ES256): discovered through the referrers tag schema and verified', async () => {
    const { ref, target } = await image();
    await pushNotation(reg.host, repo, target, await jwsEnvelope(ec, target), 'jws');
    const r = await verifyImage(ref, strict);
    assert.equal(r.verified, true, JSON.stringify(r.failure));
    const s = r.signatures[0]!;
    assert.equal(s.kind, 'notation-jws');
    assert.match(s.identity!, /CN=release signer/);
    assert.deepEqual(s.checks.map((c) => c.name), ['trust-policy', 'format', 'signature', 'digest-binding', 'certificate-validity', 'certificate-chain', 'identity', 'timestamp', 'expiry', 'revocation']);
    assert.ok(s.checks.every((c) => c.ok));
  });

  it('COSE (PS256 and ES256): verified', async () => {
    for (const signer of [rsa, ec]) {
      const { ref, target } = await image();
      await pushNotation(reg.host, repo, target, coseEnvelope(signer, target), 'cose');
      const r = await verifyImage(ref, strict);
      assert.equal(r.verified, true, JSON.stringify(r.failure));
      assert.equal(r.signatures[0]!.kind, 'notation-cose');
    }
  });

  const tamper: Array<[string, 'jws' | 'cose', () => Promise<{ envelope: (t: Target, o: Target) => Promise<Buffer>; policy?: () => PreparedPolicy }>, string, RegExp]> = [
    ['payload names another image', 'jws', async () => ({ envelope: (_t, o) => jwsEnvelope(ec, o) }), 'digest-binding', /targetArtifact digest is sha256:.*not the verified digest/],
    ['payload names another image (COSE)', 'cose', async () => ({ envelope: async (_t, o) => coseEnvelope(rsa, o) }), 'digest-binding', /signature of another artifact/],
    ['signed under an untrusted CA', 'jws', async () => {
      const s = await makeSigner(other, 'C=US, ST=WA, O=acme, CN=release signer', 'ES256');
      return { envelope: (t) => jwsEnvelope(s, t) };
    }, 'certificate-chain', /does not lead to a certificate of trust store ca:acme/],
    ['identity outside trustedIdentities', 'cose', async () => {
      const s = await makeSigner(ca, 'C=US, ST=WA, O=evil, CN=release signer', 'ES256');
      return { envelope: async (t) => coseEnvelope(s, t) };
    }, 'identity', /matches none of the trusted identities/],
    ['signature expired (io.cncf.notary.expiry)', 'jws', async () => ({ envelope: (t) => jwsEnvelope(ec, t, { expiry: new Date(Date.now() - 60_000) }) }), 'expiry', /signature expired at/],
    ['signature expired (COSE)', 'cose', async () => ({ envelope: async (t) => coseEnvelope(ec, t, { expiry: new Date(Date.now() - 60_000) }) }), 'expiry', /signature expired at/],
    ['bad JWS signature', 'jws', async () => ({ envelope: (t) => jwsEnvelope(ec, t, { corrupt: true }) }), 'signature', /JWS signature does not verify/],
    ['bad COSE signature', 'cose', async () => ({ envelope: async (t) => coseEnvelope(rsa, t, { corrupt: true }) }), 'signature', /COSE signature does not verify/],
    ['unknown critical header', 'jws', async () => ({ envelope: (t) => jwsEnvelope(ec, t, { extraCrit: ['io.example.mustUnderstand'] }) }), 'format', /unsupported critical header "io.example.mustUnderstand"/],
    ['certificate not yet valid at the signing time', 'cose', async () => ({ envelope: async (t) => coseEnvelope(ec, t, { signingTime: new Date(Date.now() - 3 * 86_400_000) }) }), 'certificate-validity', /was not valid at the signing time/],
    ['no statement for the repository', 'jws', async () => ({
      envelope: (t) => jwsEnvelope(ec, t),
      policy: () => preparePolicy({ notation: { trustPolicy: trustPolicy('registry.example.com/other'), trustStore: { 'ca:acme': [ca.pem] } } }),
    }), 'trust-policy', /no statement of the Notation trust policy has a registryScope for/],
  ];
  for (const [name, format, make, check, reason] of tamper) {
    it(`rejected: ${name} → ${check}`, async () => {
      const { ref, target } = await image();
      const { target: otherTarget } = await image();
      const m = await make();
      await pushNotation(reg.host, repo, target, await m.envelope(target, otherTarget), format);
      const r = await verifyImage(ref, m.policy ? m.policy() : strict);
      assert.equal(r.verified, false);
      assert.equal(r.failure?.check, check, JSON.stringify(r.failure));
      assert.match(r.failure!.reason, reason);
    });
  }

  it('levels: permissive logs an expired signature, audit logs an untrusted identity, skip verifies nothing', async () => {
    const { ref, target } = await image();
    await pushNotation(reg.host, repo, target, await jwsEnvelope(ec, target, { expiry: new Date(Date.now() - 60_000) }), 'jws');
    const scope = `${reg.host}/${repo}`;
    const permissive = await verifyImage(ref, preparePolicy({ notation: { trustPolicy: trustPolicy(scope, 'permissive'), trustStore: { 'ca:acme': [ca.pem] } } }));
    assert.equal(permissive.verified, true, JSON.stringify(permissive.failure));
    assert.match(permissive.signatures[0]!.checks.find((c) => c.name === 'expiry')!.detail!, /^logged, not enforced \(level permissive\)/);
    const audit = await verifyImage(ref, preparePolicy({ notation: { trustPolicy: trustPolicy(scope, 'audit', ['x509.subject: C=US, ST=WA, O=someone-else']), trustStore: { 'ca:acme': [ca.pem] } } }));
    assert.equal(audit.verified, true);
    // Overriding expiry back to enforce under permissive fails again.
    const overridden = await verifyImage(ref, preparePolicy({ notation: { trustPolicy: trustPolicy(scope, 'permissive', [IDENTITY], { override: { expiry: 'enforce' } }), trustStore: { 'ca:acme': [ca.pem] } } }));
    assert.equal(overridden.failure?.check, 'expiry');
    const skip = preparePolicy({ notation: { trustPolicy: { version: '1.0', trustPolicies: [{ name: 's', registryScopes: ['*'], signatureVerification: { level: 'skip' } }] }, trustStore: {} } });
    const skipped = await verifyImage(ref, skip);
    assert.equal(skipped.verified, true);
    assert.match(skipped.signatures[0]!.checks[0]!.detail!, /level skip/);
  });

  it('rejects malformed trust policies before touching the registry', () => {
    const store = { 'ca:acme': [ca.pem] };
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ version: '2.0', trustPolicies: [] }, /unsupported version "2.0" \(Bulwark reads versions 1.0 and 1.1\)/],
      [trustPolicy('reg/app', 'strict', ['x509.subject: CN=only-cn']), /lacks the mandatory attributes C, ST, O/],
      [trustPolicy('reg/app:tag'), /is not "registry\/repository"/],
      [trustPolicy('reg/app', 'paranoid'), /level must be strict, permissive, audit or skip/],
      [{ version: '1.0', trustPolicies: [{ name: 'a', registryScopes: ['*', 'reg/x'], signatureVerification: { level: 'strict' }, trustStores: ['ca:acme'], trustedIdentities: ['*'] }] }, /"\*" must be alone/],
      [{ version: '1.0', trustPolicies: [{ name: 'a', registryScopes: ['reg/x'], signatureVerification: { level: 'strict' }, trustStores: ['ca:missing'], trustedIdentities: ['*'] }] }, /trust store ca:missing not found/],
      [trustPolicy('reg/app', 'strict', [IDENTITY], { override: { integrity: 'log' } }), /integrity cannot be overridden/],
    ];
    for (const [doc, re] of cases) assert.throws(() => preparePolicy({ notation: { trustPolicy: doc, trustStore: store } }), re);
  });

  it('bulwark verify --notation-trust-policy (truststore/ beside it by default, or --notation-trust-store): 0 verified, 1 with the check', async () => {
    const { ref, target } = await image();
    await pushNotation(reg.host, repo, target, coseEnvelope(rsa, target), 'cose');
    const ok = bulwark(['verify', ref, '--notation-trust-policy', 'trustpolicy.json', '-f', 'json'], {}, dir);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as { signatures: Array<{ kind: string }> }).signatures[0]!.kind, 'notation-cose');
    const withFlag = bulwark(['verify', ref, '--notation-trust-policy', join(dir, 'trustpolicy.json'), '--notation-trust-store', join(dir, 'truststore')], {}, tmpdir());
    assert.equal(withFlag.status, 0, withFlag.stderr);
    const bad = await image();
    await pushNotation(reg.host, repo, bad.target, await jwsEnvelope(ec, bad.target, { corrupt: true }), 'jws');
    const no = bulwark(['verify', bad.ref, '--notation-trust-policy', 'trustpolicy.json'], {}, dir);
    assert.equal(no.status, 1);
    assert.match(no.stderr, /not verified: signature: the JWS signature does not verify/);
  });
});
