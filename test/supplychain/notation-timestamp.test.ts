/**
 * Notation RFC 3161 countersignatures (`io.cncf.notary.timestampSignature`), `tsa:` trust stores,
 * `verifyTimestamp`, trust-policy version 1.1 and the notary.x509.signingAuthority scheme, through the real
 * registry. Timestamps come from @sigstore/mock's TSA (a real RFC 3161 TSA built with pkijs); the tokens
 * are what `notation sign --timestamp-url` embeds.
 */
import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { initializeTSA } from '@sigstore/mock';
import * as pkijs from 'pkijs';
import { startRegistry, type RegistryServer } from '../helpers/registry.js';
import { pushImage } from './helpers.js';
import { coseEnvelope, jwsEnvelope, makeCa, makeSigner, pushNotation, withTimestamp, type Target, type TestCa, type TestSigner } from './notation-helpers.js';
import { preparePolicy, verifyImage } from '../../src/scan/verify-image.js';

const IDENTITY = 'x509.subject: C=US, ST=WA, O=acme';
type Tsa = Awaited<ReturnType<typeof initializeTSA>>;

const pemOf = (der: ArrayBufferView): string => new X509Certificate(Buffer.from(der.buffer, der.byteOffset, der.byteLength)).toString();

/** A TimeStampToken (not the TimeStampResp around it: Notation stores the token) over `data`. */
async function token(tsa: Tsa, data: Buffer): Promise<Buffer> {
  const resp = await tsa.timestamp({ artifactHash: createHash('sha256').update(data).digest(), hashAlgorithmOID: '2.16.840.1.101.3.4.2.1', nonce: 42, policyOID: '1.3.6.1.4.1.57264.2', certReq: true });
  const b = Buffer.from(resp.buffer, resp.byteOffset, resp.byteLength);
  const parsed = pkijs.TimeStampResp.fromBER(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
  return Buffer.from(parsed.timeStampToken!.toSchema().toBER(false));
}

function policy(scope: string, stores: string[], sv: Record<string, unknown> = {}, version = '1.0'): Record<string, unknown> {
  const scopes = version === '1.0' ? { registryScopes: [scope] } : { scopes: [`oci:${scope}`, 'blob:release-files'] };
  return { version, trustPolicies: [{ name: 'acme', ...scopes, signatureVerification: { level: 'strict', ...sv }, trustStores: stores, trustedIdentities: [IDENTITY] }] };
}

describe('Notation timestamps, tsa stores, trust policy 1.1, signingAuthority', () => {
  let reg: RegistryServer;
  let ca: TestCa;
  let signer: TestSigner;
  let tsa: Tsa;
  let rogueTsa: Tsa;
  let store: Record<string, string[]>;
  let scope: string;
  let n = 0;
  const repo = 'notary/ts';

  async function image(): Promise<{ ref: string; target: Target }> {
    const tag = `t${n++}`;
    const img = await pushImage(reg.host, repo, tag, `notation-ts-${tag}`);
    return { ref: `${reg.host}/${repo}:${tag}`, target: { mediaType: img.manifest.mediaType, digest: img.manifest.digest, size: img.manifest.data.length } };
  }
  const prepared = (doc: Record<string, unknown>) => preparePolicy({ notation: { trustPolicy: doc, trustStore: store } });

  before(async () => {
    reg = await startRegistry();
    scope = `${reg.host}/${repo}`;
    ca = await makeCa('C=US, ST=WA, O=acme, CN=acme root');
    signer = await makeSigner(ca, 'C=US, ST=WA, O=acme, CN=release signer', 'ES256');
    const kp = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }) as { publicKey: KeyObject; privateKey: KeyObject };
    tsa = await initializeTSA(kp());
    rogueTsa = await initializeTSA(kp());
    store = { 'ca:acme': [ca.pem], 'tsa:mytsa': [pemOf(tsa.rootCertificate)], 'signingAuthority:acme-sa': [ca.pem] };
  });
  after(async () => {
    await reg?.stop();
  });

  it('JWS and COSE with a countersignature verify against the tsa store', async () => {
    for (const format of ['jws', 'cose'] as const) {
      const { ref, target } = await image();
      const env = format === 'jws' ? await jwsEnvelope(signer, target) : coseEnvelope(signer, target);
      await pushNotation(reg.host, repo, target, await withTimestamp(env, format, (sig) => token(tsa, sig)), format);
      const r = await verifyImage(ref, prepared(policy(scope, ['ca:acme', 'tsa:mytsa'])));
      assert.equal(r.verified, true, JSON.stringify(r.failure));
      assert.match(r.signatures[0]!.checks.find((c) => c.name === 'timestamp')!.detail!, /RFC 3161 countersignature by .*CN=tsa signing.* anchored in tsa:mytsa/);
    }
  });

  it('an expired signing certificate with a valid timestamp verifies; without a tsa store it does not', async () => {
    const short = await makeSigner(ca, 'C=US, ST=WA, O=acme, CN=short-lived signer', 'ES256', { notBefore: new Date(Date.now() - 86_400_000), notAfter: new Date(Date.now() + 4000) });
    const { ref, target } = await image();
    await pushNotation(reg.host, repo, target, await withTimestamp(await jwsEnvelope(short, target), 'jws', (sig) => token(tsa, sig)), 'jws');
    // Let the certificate expire (X.509 times have one-second precision).
    while (Date.now() < new Date(short.cert.notAfter).getTime() + 1500) await new Promise((r) => setTimeout(r, 250));
    const r = await verifyImage(ref, prepared(policy(scope, ['ca:acme', 'tsa:mytsa'])));
    assert.equal(r.verified, true, JSON.stringify(r.failure));
    assert.match(r.signatures[0]!.checks.find((c) => c.name === 'timestamp')!.detail!, /has expired since/);
    const afterExpiry = await verifyImage(ref, prepared(policy(scope, ['ca:acme', 'tsa:mytsa'], { verifyTimestamp: 'afterCertExpiry' }), ));
    assert.equal(afterExpiry.verified, true, JSON.stringify(afterExpiry.failure));
    const noTsa = await verifyImage(ref, prepared(policy(scope, ['ca:acme'])));
    assert.equal(noTsa.failure?.check, 'timestamp', JSON.stringify(noTsa.failure));
    assert.match(noTsa.failure!.reason, /no "tsa:" trust store.*is not valid now/);
  });

  it('verifyTimestamp: always requires the countersignature; afterCertExpiry does not while the chain is valid', async () => {
    const { ref, target } = await image();
    await pushNotation(reg.host, repo, target, await jwsEnvelope(signer, target), 'jws');
    const always = await verifyImage(ref, prepared(policy(scope, ['ca:acme', 'tsa:mytsa'])));
    assert.equal(always.failure?.check, 'timestamp');
    assert.match(always.failure!.reason, /has no io\.cncf\.notary\.timestampSignature countersignature/);
    const lenient = await verifyImage(ref, prepared(policy(scope, ['ca:acme', 'tsa:mytsa'], { verifyTimestamp: 'afterCertExpiry' })));
    assert.equal(lenient.verified, true, JSON.stringify(lenient.failure));
    assert.match(lenient.signatures[0]!.checks.find((c) => c.name === 'timestamp')!.detail!, /afterCertExpiry and the chain has not expired/);
  });

  it('rejected: a countersignature over other bytes, or from a TSA outside the store → timestamp', async () => {
    const a = await image();
    await pushNotation(reg.host, repo, a.target, await withTimestamp(await jwsEnvelope(signer, a.target), 'jws', () => token(tsa, Buffer.from('some other signature'))), 'jws');
    const other = await verifyImage(a.ref, prepared(policy(scope, ['ca:acme', 'tsa:mytsa'])));
    assert.equal(other.failure?.check, 'timestamp', JSON.stringify(other.failure));
    assert.match(other.failure!.reason, /message imprint \(sha256\) is over other bytes than the signature/);
    const b = await image();
    await pushNotation(reg.host, repo, b.target, await withTimestamp(coseEnvelope(signer, b.target), 'cose', (sig) => token(rogueTsa, sig)), 'cose');
    const rogue = await verifyImage(b.ref, prepared(policy(scope, ['ca:acme', 'tsa:mytsa'])));
    assert.equal(rogue.failure?.check, 'timestamp', JSON.stringify(rogue.failure));
    assert.match(rogue.failure!.reason, /does not verify against the trusted TSA roots/);
  });

  it('rejected: a timestamp after the signing certificate expired → certificate-validity', async () => {
    const old = await makeSigner(ca, 'C=US, ST=WA, O=acme, CN=old signer', 'ES256', { notBefore: new Date(Date.now() - 2 * 86_400_000), notAfter: new Date(Date.now() - 3600_000) });
    const { ref, target } = await image();
    const env = await jwsEnvelope(old, target, { signingTime: new Date(Date.now() - 86_400_000) });
    await pushNotation(reg.host, repo, target, await withTimestamp(env, 'jws', (sig) => token(tsa, sig)), 'jws');
    const r = await verifyImage(ref, prepared(policy(scope, ['ca:acme', 'tsa:mytsa'])));
    assert.equal(r.failure?.check, 'certificate-validity', JSON.stringify(r.failure));
    assert.match(r.failure!.reason, /the timestamp .* is outside the validity of certificate .*CN=old signer/);
  });

  it('trust policy 1.1 (scopes oci:/blob:) verifies; unknown versions and mixed properties are one-line errors', async () => {
    const { ref, target } = await image();
    await pushNotation(reg.host, repo, target, await withTimestamp(await jwsEnvelope(signer, target), 'jws', (sig) => token(tsa, sig)), 'jws');
    const r = await verifyImage(ref, prepared(policy(scope, ['ca:acme', 'tsa:mytsa'], {}, '1.1')));
    assert.equal(r.verified, true, JSON.stringify(r.failure));
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ ...policy(scope, ['ca:acme']), version: '1.2' }, /^Notation trust policy: unsupported version "1\.2" \(Bulwark reads versions 1\.0 and 1\.1\)$/],
      [{ ...policy(scope, ['ca:acme']), version: '1.1' }, /version 1\.1 uses "scopes"/],
      [policy(scope, ['tsa:mytsa']), /names no "ca:" or "signingAuthority:" store/],
      [policy(scope, ['ca:acme', 'tsa:mytsa'], { verifyTimestamp: 'sometimes' }), /verifyTimestamp must be "always" or "afterCertExpiry"/],
      [{ version: '1.1', trustPolicies: [{ name: 'x', scopes: ['docker:reg/x'], signatureVerification: { level: 'strict' }, trustStores: ['ca:acme'], trustedIdentities: ['*'] }] }, /is not "oci:<registry\/repository>"/],
    ];
    for (const [doc, re] of cases) assert.throws(() => prepared(doc), (e: Error) => re.test(e.message));
  });

  it('notary.x509.signingAuthority: anchored in a signingAuthority store at the authentic signing time; a ca store does not vouch for it', async () => {
    for (const format of ['jws', 'cose'] as const) {
      const { ref, target } = await image();
      const env = format === 'jws' ? await jwsEnvelope(signer, target, { scheme: 'notary.x509.signingAuthority' }) : coseEnvelope(signer, target, { scheme: 'notary.x509.signingAuthority' });
      await pushNotation(reg.host, repo, target, env, format);
      const ok = await verifyImage(ref, prepared(policy(scope, ['signingAuthority:acme-sa'])));
      assert.equal(ok.verified, true, JSON.stringify(ok.failure));
      assert.match(ok.signatures[0]!.checks.find((c) => c.name === 'timestamp')!.detail!, /authentic signing time/);
      const caOnly = await verifyImage(ref, prepared(policy(scope, ['ca:acme'])));
      assert.equal(caOnly.failure?.check, 'certificate-chain', JSON.stringify(caOnly.failure));
      assert.match(caOnly.failure!.reason, /chain to "signingAuthority:" trust stores/);
    }
  });
});
