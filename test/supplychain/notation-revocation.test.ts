/**
 * Notation revocation through CRLs (notation-go's default for a strict level: revocation enforced). The
 * signing certificate names a CRL distribution point on 127.0.0.1; the CA's CRL, made with @peculiar/x509,
 * is served there, and the signature is pushed as a referrer into the real registry. Not revoked,
 * revoked, CRL unreachable, forged, expired, OCSP-only: each has its own outcome, and `override` decides
 * whether an unknown status is enforced or logged.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startRegistry, type RegistryServer } from '../helpers/registry.js';
import { pushImage } from './helpers.js';
import { jwsEnvelope, makeCa, makeCrl, makeSigner, pushNotation, type TestCa } from './notation-helpers.js';
import { X509Certificate } from 'node:crypto';
import { preparePolicy, verifyImage } from '../../src/scan/verify-image.js';
import { chainRevocation } from '../../src/supplychain/revocation.js';

const IDENTITY = 'x509.subject: C=US, ST=WA, O=acme';

describe('Notation revocation through CRLs', () => {
  let reg: RegistryServer;
  let ca: TestCa;
  let impostor: TestCa;
  let crlServer: http.Server;
  let base: string;
  /** What the CRL server answers per path (404 when absent). */
  const crls = new Map<string, Buffer>();
  const fetched: string[] = [];
  let n = 0;
  const repo = 'notary/revocation';

  const policy = (extra: Record<string, unknown> = {}) => preparePolicy({
    notation: {
      trustPolicy: { version: '1.0', trustPolicies: [{ name: 'acme', registryScopes: [`${reg.host}/${repo}`], signatureVerification: { level: 'strict', ...extra }, trustStores: ['ca:acme'], trustedIdentities: [IDENTITY] }] },
      trustStore: { 'ca:acme': [ca.pem] },
    },
  });

  /** A fresh image signed by a fresh leaf (of `o.ca`, default the trusted CA) whose CRL lives at `/<path>` (or which names only OCSP). */
  async function signed(path: string, o: { ocspOnly?: boolean; ca?: TestCa } = {}): Promise<{ ref: string; serial: string }> {
    const tag = `r${n++}`;
    const img = await pushImage(reg.host, repo, tag, `revocation-${tag}`);
    const target = { mediaType: img.manifest.mediaType, digest: img.manifest.digest, size: img.manifest.data.length };
    const signer = await makeSigner(o.ca ?? ca, `C=US, ST=WA, O=acme, CN=signer ${tag}`, 'ES256', undefined, o.ocspOnly ? { ocsp: `${base}/ocsp` } : { crl: `${base}/${path}` });
    await pushNotation(reg.host, repo, target, await jwsEnvelope(signer, target), 'jws');
    return { ref: `${reg.host}/${repo}:${tag}`, serial: signer.cert.serialNumber };
  }

  before(async () => {
    reg = await startRegistry();
    ca = await makeCa('C=US, ST=WA, O=acme, CN=acme root');
    impostor = await makeCa('C=US, ST=WA, O=acme, CN=acme root');
    crlServer = http.createServer((req, res) => {
      fetched.push(req.url ?? '');
      const body = crls.get((req.url ?? '').slice(1));
      if (!body) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(body);
    });
    await new Promise<void>((res) => crlServer.listen(0, '127.0.0.1', res));
    base = `http://127.0.0.1:${(crlServer.address() as AddressInfo).port}`;
  });
  after(async () => {
    await reg?.stop();
    crlServer?.closeAllConnections();
    await new Promise<void>((res) => (crlServer ? crlServer.close(() => res()) : res()));
  });

  it('a current CRL that does not list the signing certificate → verified, saying which CRL was read', async () => {
    crls.set('clean.crl', await makeCrl(ca, ['0badc0de']));
    const { ref } = await signed('clean.crl');
    const r = await verifyImage(ref, policy());
    assert.equal(r.verified, true, JSON.stringify(r.failure));
    const rev = r.signatures[0]!.checks.find((c) => c.name === 'revocation')!;
    assert.equal(rev.ok, true);
    assert.match(rev.detail!, /not revoked: C=US, ST=WA, O=acme, CN=signer r\d+ \(CRLs of their issuers, current\)/);
  });

  it('a verified CRL is reused until its nextUpdate: a second signer naming it costs no request', async () => {
    crls.set('shared.crl', await makeCrl(ca, []));
    for (let i = 0; i < 2; i++) {
      const { ref } = await signed('shared.crl');
      assert.equal((await verifyImage(ref, policy())).verified, true);
    }
    assert.equal(fetched.filter((u) => u === '/shared.crl').length, 1, fetched.join(', '));
  });

  it('the signing certificate listed in the CRL → revocation, with its serial and date; "log" does not hide a revoked certificate from the result', async () => {
    const { ref, serial } = await signed('revoked.crl');
    crls.set('revoked.crl', await makeCrl(ca, [serial]));
    const r = await verifyImage(ref, policy());
    assert.equal(r.verified, false);
    assert.equal(r.failure?.check, 'revocation', JSON.stringify(r.failure));
    assert.match(r.failure!.reason, new RegExp(`\\(serial ${serial}\\) is revoked since .*reason keyCompromise`));
    const logged = await verifyImage(ref, policy({ override: { revocation: 'log' } }));
    assert.equal(logged.verified, true, 'override revocation: log accepts it, as notation does');
    assert.match(logged.signatures[0]!.checks.find((c) => c.name === 'revocation')!.detail!, /^logged, not enforced.*is revoked/);
  });

  it('CRL unreachable, forged by another key, or expired → revocation status unknown, each named', async () => {
    const missing = await signed('nowhere.crl');
    const forged = await signed('forged.crl');
    crls.set('forged.crl', await makeCrl(ca, [], { signedBy: impostor }));
    const stale = await signed('stale.crl');
    crls.set('stale.crl', await makeCrl(ca, [], { thisUpdate: new Date(Date.now() - 3 * 86_400_000), nextUpdate: new Date(Date.now() - 86_400_000) }));
    const cases: Array<[string, RegExp]> = [
      [missing.ref, /revocation status of C=US, ST=WA, O=acme, CN=signer r\d+ unknown: CRL http:\/\/127\.0\.0\.1:\d+\/nowhere\.crl: HTTP 404/],
      [forged.ref, /its signature does not verify with the key of/],
      [stale.ref, /has expired \(nextUpdate /],
    ];
    for (const [ref, reason] of cases) {
      const r = await verifyImage(ref, policy());
      assert.equal(r.failure?.check, 'revocation', JSON.stringify(r.failure));
      assert.match(r.failure!.reason, reason);
      assert.match(r.failure!.reason, /override revocation: log accepts it/);
    }
  });

  it('a chain no trust store vouches for (audit level logs authenticity) makes no CRL request', async () => {
    const { ref } = await signed('untrusted.crl', { ca: impostor });
    crls.set('untrusted.crl', await makeCrl(impostor, []));
    const r = await verifyImage(ref, policy({ level: 'audit' }));
    assert.equal(r.verified, true, 'audit enforces integrity only');
    assert.ok(!fetched.includes('/untrusted.crl'), `no request for the unanchored chain's CRL (${fetched.join(', ')})`);
    assert.match(r.signatures[0]!.checks.find((c) => c.name === 'revocation')!.detail!, /^logged, not enforced.*not anchored in a trust store, so its CRL locations are not fetched/);
  });

  it('the issuer is found by signature, not position: a path given root first (as a TSA path may be) gives the same answer', async () => {
    const leaf = await makeSigner(ca, 'C=US, ST=WA, O=acme, CN=path order', 'ES256', undefined, { crl: `${base}/order.crl` });
    crls.set('order.crl', await makeCrl(ca, [leaf.cert.serialNumber]));
    const [l, root] = [new X509Certificate(Buffer.from(leaf.cert.rawData)), new X509Certificate(Buffer.from(ca.cert.rawData))];
    for (const path of [[l, root], [root, l]]) {
      const r = await chainRevocation(path, new Date(), true);
      assert.equal(r.status, 'revoked', r.detail);
    }
  });

  it('a certificate that names only an OCSP responder → unknown (OCSP is not queried); skip accepts it', async () => {
    const { ref } = await signed('', { ocspOnly: true });
    const r = await verifyImage(ref, policy());
    assert.equal(r.failure?.check, 'revocation', JSON.stringify(r.failure));
    assert.match(r.failure!.reason, /names only an OCSP responder, which Bulwark does not query/);
    assert.equal((await verifyImage(ref, policy({ override: { revocation: 'skip' } }))).verified, true);
  });
});
