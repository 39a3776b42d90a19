/**
 * Keyless signing against @sigstore/mock's Fulcio and Rekor handlers served on 127.0.0.1 (real HTTP, no
 * nock), into the real registry; then verification with a trusted_root.json built from the mock's CA and
 * log keys, and tampering: wrong identity, wrong issuer, certificate expired before the log entry, bad
 * inclusion proof, Rekor bundle annotation swapped, truncated bundle.
 */
import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bulwarkAsync } from '../image/helpers.js';
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { fulcioHandler, initializeCA, initializeCTLog, initializeTLog, initializeTSA, rekorHandler, type HandlerFn } from '@sigstore/mock';
import { RFC3161Timestamp } from '@sigstore/core';
import * as pkijs from 'pkijs';
import { startRegistry, type RegistryServer } from '../helpers/registry.js';
import { pushImage } from './helpers.js';
import { cosignTag } from '../../src/supplychain/index.js';
import { attestImageReference, preparePolicy, signImageReference, verifyImage, verifyImageAttestations } from '../../src/scan/verify-image.js';
import { RegistryClient } from '../../src/oci/index.js';

const ISSUER = 'https://issuer.example.com';
const SUBJECT = 'ci@example.com';
const keyPair = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }) as { publicKey: KeyObject; privateKey: KeyObject };
const der = (k: Buffer | ArrayBufferView) => Buffer.from(k instanceof Buffer ? k : new Uint8Array(k.buffer, k.byteOffset, k.byteLength));

/** An unsigned JWT (the mock reads the claims without checking a signature). */
const token = (sub: string) => ['{"alg":"none"}', JSON.stringify({ sub, iss: ISSUER, aud: 'sigstore' }), ''].map((p) => Buffer.from(p).toString('base64url')).join('.');

/** The CLI, asynchronously: the mock servers live in this process and must keep answering while it runs. */
const cli = (cwd: string, args: string[]) => bulwarkAsync(args, { BULWARK_KEY_PASSWORD: '', COSIGN_PASSWORD: '' }, cwd);

/**
 * Replaces the RFC 3161 timestamp annotation of the first layer of `repo`'s cosign `tag` with a timestamp
 * of the bytes `stampedOf` picks from that layer's blob (tampering: a timestamp of other bytes).
 */
async function restamp(host: string, repo: string, tag: string, stampedOf: (blob: Buffer) => Buffer, stamp: (b: Buffer) => Promise<Buffer>): Promise<void> {
  const c = new RegistryClient(host);
  try {
    const m = await c.getManifest(repo, tag);
    const doc = JSON.parse(m.bytes.toString()) as { layers: Array<{ digest: string; size: number; annotations: Record<string, string> }> };
    const other = await stamp(stampedOf(await c.getBlobBytes(repo, doc.layers[0]!, 1 << 20)));
    doc.layers[0]!.annotations['dev.sigstore.cosign/rfc3161timestamp'] = JSON.stringify({ SignedRFC3161Timestamp: other.toString('base64') });
    await c.putManifest(repo, tag, Buffer.from(JSON.stringify(doc)), m.mediaType);
  } finally { c.close(); }
}

interface Mock {
  url: string;
  /** RFC 3161 endpoint (`application/timestamp-query`) in front of @sigstore/mock's TSA. */
  tsaUrl: string;
  root: Record<string, unknown>;
  /** A timestamp straight from the TSA over arbitrary bytes (for tampering). */
  stamp(data: Buffer): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * @sigstore/mock's TSA handler speaks Sigstore's JSON API; cosign's --timestamp-server-url (and Bulwark's)
 * sends a DER TimeStampReq. This glue parses the request with pkijs and hands it to the mock TSA.
 */
async function tsaGlue(tsa: Tsa, body: Buffer): Promise<Buffer> {
  const req = pkijs.TimeStampReq.fromBER(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
  const nonce = req.nonce ? Number(BigInt(`0x${Buffer.from(req.nonce.valueBlock.valueHexView).toString('hex')}`)) : 1;
  return stampWith(tsa, Buffer.from(req.messageImprint.hashedMessage.valueBlock.valueHexView), req.messageImprint.hashAlgorithm.algorithmId, nonce, req.certReq ?? false);
}

type Tsa = Awaited<ReturnType<typeof initializeTSA>>;

/**
 * The mock TSA writes genTime in DER (trailing zeros of the fraction dropped: ".12Z"), which
 * @sigstore/core's time parser rejects (it takes exactly three digits): about one stamp in ten. Stamp
 * again until the time parses, so the tests do not flake on that upstream mismatch.
 */
async function stampWith(tsa: Tsa, artifactHash: Buffer, hashAlgorithmOID: string, nonce: number, certReq: boolean): Promise<Buffer> {
  for (let i = 0; ; i++) {
    const resp = der(await tsa.timestamp({ artifactHash, hashAlgorithmOID, nonce, policyOID: '1.3.6.1.4.1.57264.2', certReq }));
    try {
      void RFC3161Timestamp.parse(resp).signingTime;
      return resp;
    } catch (e) {
      if (i > 50) throw e;
      await new Promise((r) => setTimeout(r, 3));
    }
  }
}

/** Fulcio + Rekor on one 127.0.0.1 port; `caClock` dates the certificates (the past = already expired). */
async function startMock(caClock?: Date): Promise<Mock> {
  const ctlog = await initializeCTLog(keyPair());
  const ca = await initializeCA(keyPair(), ctlog, caClock);
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const tlog = await initializeTLog(url, keyPair());
  const tsa = await initializeTSA(keyPair());
  const routes: Record<string, HandlerFn> = {};
  for (const h of [fulcioHandler(ca), rekorHandler(tlog)]) routes[h.path] = h.fn;
  server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/tsr' && req.headers['content-type'] === 'application/timestamp-query') {
        void tsaGlue(tsa, Buffer.concat(chunks)).then((b) => res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(b), (e: Error) => res.writeHead(400).end(e.message));
        return;
      }
      const fn = routes[(req.url ?? '').split('?')[0]!];
      if (!fn || req.method !== 'POST') { res.writeHead(404).end(); return; }
      void fn(Buffer.concat(chunks).toString()).then((r) => {
        res.writeHead(r.statusCode, { 'content-type': r.contentType ?? 'text/plain' });
        res.end(typeof r.response === 'string' ? r.response : der(r.response));
      });
    });
  });
  const start = '2000-01-01T00:00:00Z';
  const root = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [{ baseUrl: url, hashAlgorithm: 'SHA2_256', publicKey: { rawBytes: tlog.publicKey.toString('base64'), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start } }, logId: { keyId: createHash('sha256').update(tlog.publicKey).digest('base64') } }],
    certificateAuthorities: [{ subject: { organization: 'sigstore.mock', commonName: 'sigstore' }, uri: url, certChain: { certificates: [{ rawBytes: der(ca.rootCertificate).toString('base64') }] }, validFor: { start } }],
    ctlogs: [{ baseUrl: url, hashAlgorithm: 'SHA2_256', publicKey: { rawBytes: ctlog.publicKey.toString('base64'), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start } }, logId: { keyId: der(ctlog.logID).toString('base64') } }],
    timestampAuthorities: [{ subject: { organization: 'sigstore.mock', commonName: 'tsa' }, uri: `${url}/tsr`, certChain: { certificates: [tsa.intCertificate, tsa.rootCertificate].map((c) => ({ rawBytes: der(c).toString('base64') })) }, validFor: { start } }],
  };
  const stamp = (data: Buffer) => stampWith(tsa, createHash('sha256').update(data).digest(), '2.16.840.1.101.3.4.2.1', 7, true);
  return { url, tsaUrl: `${url}/tsr`, root, stamp, close: () => new Promise((r) => server.close(() => r())) };
}

describe('keyless signatures (@sigstore/mock Fulcio/Rekor on 127.0.0.1)', () => {
  let reg: RegistryServer;
  let mock: Mock;
  let stale: Mock;

  before(async () => {
    reg = await startRegistry();
    mock = await startMock();
    stale = await startMock(new Date(Date.now() - 24 * 3600_000));
    await pushImage(reg.host, 'team/kl', 'legacy', 'kl-legacy');
    await pushImage(reg.host, 'team/kl', 'bundle', 'kl-bundle');
    await pushImage(reg.host, 'team/kl', 'expired', 'kl-expired');
    await pushImage(reg.host, 'team/kl', 'other', 'kl-other');
  });
  after(async () => {
    await reg?.stop();
    await mock?.close();
    await stale?.close();
  });

  const policy = (root: Record<string, unknown>, subject = SUBJECT, issuer = ISSUER) => preparePolicy({ identities: [{ subject, issuer }], trustedRoot: root });
  const id = (m: Mock, sub = SUBJECT) => ({ kind: 'keyless' as const, fulcioUrl: m.url, rekorUrl: m.url, identityToken: token(sub) });

  it('legacy .sig with certificate and Rekor bundle annotations verifies with identity, issuer and log index', async () => {
    const out = await signImageReference(`${reg.host}/team/kl:legacy`, id(mock));
    assert.ok(out.logIndex !== undefined);
    const r = await verifyImage(`${reg.host}/team/kl:legacy`, policy(mock.root));
    assert.equal(r.verified, true, JSON.stringify(r.failure));
    const s = r.signatures[0]!;
    assert.equal(s.identity, SUBJECT);
    assert.equal(s.issuer, ISSUER);
    assert.equal(s.logIndex, out.logIndex);
    for (const c of ['certificate-chain', 'certificate-validity', 'tlog-inclusion', 'tlog-body', 'signature', 'identity', 'issuer']) {
      assert.ok(s.checks.some((x) => x.name === c && x.ok), `${c} checked`);
    }
  });

  it('Sigstore bundle referrer (DSSE, Rekor inclusion proof) verifies', async () => {
    await signImageReference(`${reg.host}/team/kl:bundle`, id(mock), { bundle: true });
    const r = await verifyImage(`${reg.host}/team/kl:bundle`, policy(mock.root));
    assert.equal(r.verified, true, JSON.stringify(r.failure));
    assert.equal(r.signatures[0]!.kind, 'sigstore-bundle');
  });

  it('wrong identity → identity; wrong issuer → issuer; a regexp identity matches', async () => {
    const wrongId = await verifyImage(`${reg.host}/team/kl:legacy`, policy(mock.root, 'someone@else.com'));
    assert.equal(wrongId.failure?.check, 'identity');
    const wrongIss = await verifyImage(`${reg.host}/team/kl:legacy`, policy(mock.root, SUBJECT, 'https://other-issuer.example.com'));
    assert.equal(wrongIss.failure?.check, 'issuer');
    const re = await verifyImage(`${reg.host}/team/kl:legacy`, preparePolicy({ identities: [{ subjectRegExp: '@example\\.com$', issuer: ISSUER }], trustedRoot: mock.root }));
    assert.equal(re.verified, true);
  });

  it('a certificate that expired before the log entry → not verified (certificate validity/chain at the log time)', async () => {
    await signImageReference(`${reg.host}/team/kl:expired`, id(stale));
    const r = await verifyImage(`${reg.host}/team/kl:expired`, policy(stale.root));
    assert.equal(r.verified, false);
    // @sigstore/verify finds no valid path at the log time; the leaf was issued by the trusted CA and expired
    // before the integrated time, which is the reason reported.
    assert.equal(r.failure?.check, 'certificate-validity', JSON.stringify(r.failure));
    assert.match(r.failure!.reason, /had expired before the log entry's integrated time/);
  });

  it('another CA\'s root does not verify the certificate → certificate-chain', async () => {
    const r = await verifyImage(`${reg.host}/team/kl:legacy`, policy(stale.root));
    assert.equal(r.failure?.check, 'certificate-chain');
  });

  it('bad signed entry timestamp → tlog-inclusion; truncated bundle → not verified, named', async () => {
    const img = await pushImage(reg.host, 'team/kl', 'badset', 'kl-badset');
    await signImageReference(`${reg.host}/team/kl:badset`, id(mock));
    const c = new RegistryClient(reg.host);
    try {
      const sig = await c.getManifest('team/kl', cosignTag(img.manifest.digest, '.sig'));
      const doc = JSON.parse(sig.bytes.toString()) as { layers: Array<{ annotations: Record<string, string> }> };
      const k = 'dev.sigstore.cosign/bundle';
      const rb = JSON.parse(doc.layers[0]!.annotations[k]!) as { SignedEntryTimestamp: string };
      const set = Buffer.from(rb.SignedEntryTimestamp, 'base64');
      set[set.length - 5]! ^= 0xff;
      rb.SignedEntryTimestamp = set.toString('base64');
      doc.layers[0]!.annotations[k] = JSON.stringify(rb);
      await c.putManifest('team/kl', cosignTag(img.manifest.digest, '.sig'), Buffer.from(JSON.stringify(doc)), sig.mediaType);
      const t = await pushImage(reg.host, 'team/kl', 'truncated', 'kl-truncated');
      const text = JSON.stringify({ mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json', verificationMaterial: {}, dsseEnvelope: {} });
      const blob = await c.putBlob('team/kl', Buffer.from(text.slice(0, 40)));
      const cfg = await c.putBlob('team/kl', Buffer.from('{}'));
      const m = Buffer.from(JSON.stringify({
        schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
        config: { mediaType: 'application/vnd.oci.empty.v1+json', ...cfg }, layers: [{ mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json', ...blob }],
        subject: { mediaType: t.manifest.mediaType, digest: t.manifest.digest, size: t.manifest.size },
      }));
      await c.pushReferrer('team/kl', m, { mediaType: 'application/vnd.oci.image.manifest.v1+json', artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json' }, t.manifest.digest);
    } finally { c.close(); }
    const bs = await verifyImage(`${reg.host}/team/kl:badset`, policy(mock.root));
    assert.equal(bs.failure?.check, 'tlog-inclusion', JSON.stringify(bs.failure));
    const tr = await verifyImage(`${reg.host}/team/kl:truncated`, policy(mock.root));
    assert.equal(tr.verified, false);
    assert.equal(tr.failure?.check, 'discovery');
    assert.match(tr.failure!.reason, /not JSON \(truncated or corrupt\)/);
  });

  it('Rekor bundle annotation swapped with another signature\'s → tlog-body', async () => {
    await signImageReference(`${reg.host}/team/kl:other`, id(mock));
    const c = new RegistryClient(reg.host);
    try {
      const a = (await c.getManifest('team/kl', 'legacy')).digest;
      const b = (await c.getManifest('team/kl', 'other')).digest;
      const sa = await c.getManifest('team/kl', cosignTag(a, '.sig'));
      const sb = await c.getManifest('team/kl', cosignTag(b, '.sig'));
      const k = 'dev.sigstore.cosign/bundle';
      const doc = JSON.parse(sa.bytes.toString()) as { layers: Array<{ annotations: Record<string, string> }> };
      doc.layers[0]!.annotations[k] = (JSON.parse(sb.bytes.toString()) as typeof doc).layers[0]!.annotations[k]!;
      await c.putManifest('team/kl', cosignTag(a, '.sig'), Buffer.from(JSON.stringify(doc)), sa.mediaType);
    } finally { c.close(); }
    const r = await verifyImage(`${reg.host}/team/kl:legacy`, policy(mock.root));
    assert.equal(r.verified, false);
    assert.equal(r.failure?.check, 'tlog-body', JSON.stringify(r.failure));
  });
  it('bundle referrer whose inclusion proof got a forged audit-path hash → tlog-inclusion', async () => {
    const img = await pushImage(reg.host, 'team/kl', 'proof', 'kl-proof');
    await signImageReference(`${reg.host}/team/kl:proof`, id(mock), { bundle: true });
    const c = new RegistryClient(reg.host);
    try {
      // Replace the referrer (tag-schema index) by a copy whose inclusion proof carries a forged hash.
      // @sigstore/mock's log has one entry per tree (empty audit path); vectors.test.ts alters a hash of a
      // real audit path.
      const { descriptors } = await c.referrers('team/kl', img.manifest.digest);
      const ref = descriptors.find((d) => d.artifactType?.startsWith('application/vnd.dev.sigstore.bundle'))!;
      const m = JSON.parse((await c.getManifest('team/kl', ref.digest)).bytes.toString()) as { layers: Array<{ digest: string; size: number; mediaType: string }> };
      const bundle = JSON.parse((await c.getBlobBytes('team/kl', m.layers[0]!, 1 << 20)).toString()) as { verificationMaterial: { tlogEntries: Array<{ inclusionProof: { hashes?: string[] } }> } };
      bundle.verificationMaterial.tlogEntries[0]!.inclusionProof.hashes = [Buffer.alloc(32, 7).toString('base64')];
      const blob = await c.putBlob('team/kl', Buffer.from(JSON.stringify(bundle)));
      const tampered = Buffer.from(JSON.stringify({ ...m, layers: [{ ...m.layers[0]!, digest: blob.digest, size: blob.size }] }));
      const digest = await c.putManifest('team/kl', `sha256:${createHash('sha256').update(tampered).digest('hex')}`, tampered, 'application/vnd.oci.image.manifest.v1+json');
      const index = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ ...ref, digest, size: tampered.length }] };
      await c.putManifest('team/kl', img.manifest.digest.replace(':', '-'), Buffer.from(JSON.stringify(index)), 'application/vnd.oci.image.index.v1+json');
    } finally { c.close(); }
    const r = await verifyImage(`${reg.host}/team/kl:proof`, policy(mock.root));
    assert.equal(r.verified, false);
    assert.equal(r.failure?.check, 'tlog-inclusion', JSON.stringify(r.failure));
  });

  describe('RFC 3161 timestamps (cosign --timestamp-server-url, dev.sigstore.cosign/rfc3161timestamp)', () => {
    const tsaId = (m: Mock) => ({ kind: 'keyless' as const, fulcioUrl: m.url, identityToken: token(SUBJECT), timestampServerUrl: m.tsaUrl });
    const allowNoTlog = (root: Record<string, unknown>) => preparePolicy({ identities: [{ subject: SUBJECT, issuer: ISSUER }], trustedRoot: root, ignoreTlog: true });

    it('keyless .sig with a timestamp and no Rekor entry: written as cosign\'s annotation, verified against the trusted root\'s TSA', async () => {
      const img = await pushImage(reg.host, 'team/ts', 'legacy', 'ts-legacy');
      const out = await signImageReference(`${reg.host}/team/ts:legacy`, tsaId(mock));
      assert.equal(out.logIndex, undefined);
      const c = new RegistryClient(reg.host);
      let ann: Record<string, string>;
      try {
        const sig = await c.getManifest('team/ts', cosignTag(img.manifest.digest, '.sig'));
        ann = (JSON.parse(sig.bytes.toString()) as { layers: Array<{ annotations: Record<string, string> }> }).layers[0]!.annotations;
      } finally { c.close(); }
      assert.equal(ann['dev.sigstore.cosign/bundle'], undefined);
      const tsDoc = JSON.parse(ann['dev.sigstore.cosign/rfc3161timestamp']!) as { SignedRFC3161Timestamp: string };
      assert.ok(Buffer.from(tsDoc.SignedRFC3161Timestamp, 'base64').length > 100);
      const r = await verifyImage(`${reg.host}/team/ts:legacy`, allowNoTlog(mock.root));
      assert.equal(r.verified, true, JSON.stringify(r.failure));
      const s = r.signatures[0]!;
      assert.equal(s.identity, SUBJECT);
      assert.ok(s.signedAt, 'the timestamp time is reported');
      assert.match(s.checks.find((x) => x.name === 'timestamp')?.detail ?? '', /1 RFC 3161 timestamp/);
      // Without --insecure-ignore-tlog a Rekor entry is still required (cosign's default).
      const strict = await verifyImage(`${reg.host}/team/ts:legacy`, policy(mock.root));
      assert.equal(strict.failure?.check, 'tlog-inclusion', JSON.stringify(strict.failure));
      // A trusted root without the TSA cannot vouch for the time.
      const noTsa = await verifyImage(`${reg.host}/team/ts:legacy`, allowNoTlog({ ...mock.root, timestampAuthorities: [] }));
      assert.equal(noTsa.failure?.check, 'timestamp', JSON.stringify(noTsa.failure));
      assert.match(noTsa.failure!.reason, /lists no timestamp authority/);
    });

    it('a timestamp whose imprint is over other bytes → timestamp, named as such', async () => {
      const img = await pushImage(reg.host, 'team/ts', 'tampered', 'ts-tampered');
      await signImageReference(`${reg.host}/team/ts:tampered`, tsaId(mock));
      await restamp(reg.host, 'team/ts', cosignTag(img.manifest.digest, '.sig'), () => Buffer.from('the signature of something else'), (b) => mock.stamp(b));
      const r = await verifyImage(`${reg.host}/team/ts:tampered`, allowNoTlog(mock.root));
      assert.equal(r.verified, false);
      assert.equal(r.failure?.check, 'timestamp', JSON.stringify(r.failure));
      assert.match(r.failure!.reason, /message imprint is over other bytes/);
    });

    it('a certificate that expired before the timestamp time → certificate-validity', async () => {
      await pushImage(reg.host, 'team/ts', 'expired', 'ts-expired');
      await signImageReference(`${reg.host}/team/ts:expired`, tsaId(stale));
      const r = await verifyImage(`${reg.host}/team/ts:expired`, allowNoTlog(stale.root));
      assert.equal(r.verified, false);
      assert.equal(r.failure?.check, 'certificate-validity', JSON.stringify(r.failure));
      assert.match(r.failure!.reason, /had expired before the RFC 3161 timestamp/);
    });

    it('CLI: bulwark sign --timestamp-server-url (keyless, no Rekor), then bulwark verify --insecure-ignore-tlog exits 0; without it 1', async () => {
      await pushImage(reg.host, 'team/ts', 'cli', 'ts-cli');
      const dir = mkdtempSync(join(tmpdir(), 'bw-tsa-'));
      const run = (args: string[]) => cli(dir, args);
      try {
        writeFileSync(join(dir, 'trusted_root.json'), JSON.stringify(mock.root));
        const ref = `${reg.host}/team/ts:cli`;
        const signed = await run(['sign', ref, '--fulcio-url', mock.url, '--timestamp-server-url', mock.tsaUrl, '--identity-token', token(SUBJECT)]);
        assert.equal(signed.status, 0, signed.stderr);
        const id = ['--certificate-identity', SUBJECT, '--certificate-oidc-issuer', ISSUER, '--trusted-root', 'trusted_root.json'];
        const ok = await run(['verify', ref, ...id, '--insecure-ignore-tlog']);
        assert.equal(ok.status, 0, ok.stderr);
        const strict = await run(['verify', ref, ...id]);
        assert.equal(strict.status, 1, strict.stderr);
        assert.match(strict.stderr, /not verified: tlog-inclusion/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('CLI, key-based: sign --key --timestamp-server-url, verify --insecure-ignore-tlog --timestamp-certificate-chain (cosign\'s flags)', async () => {
      await pushImage(reg.host, 'team/ts', 'keyed', 'ts-keyed');
      const dir = mkdtempSync(join(tmpdir(), 'bw-tsa-key-'));
      const run = (args: string[]) => cli(dir, args);
      try {
        const { privateKey, publicKey } = keyPair();
        writeFileSync(join(dir, 'cosign.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
        writeFileSync(join(dir, 'cosign.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
        const chain = (mock.root.timestampAuthorities as Array<{ certChain: { certificates: Array<{ rawBytes: string }> } }>)[0]!.certChain.certificates
          .map((c) => `-----BEGIN CERTIFICATE-----\n${c.rawBytes.replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`).join('');
        writeFileSync(join(dir, 'tsa.pem'), chain);
        const ref = `${reg.host}/team/ts:keyed`;
        const signed = await run(['sign', ref, '--key', 'cosign.key', '--timestamp-server-url', mock.tsaUrl]);
        assert.equal(signed.status, 0, signed.stderr);
        const ok = await run(['verify', ref, '--key', 'cosign.pub', '--insecure-ignore-tlog', '--timestamp-certificate-chain', 'tsa.pem']);
        assert.equal(ok.status, 0, ok.stderr);
        const noChain = await run(['verify', ref, '--key', 'cosign.pub', '--insecure-ignore-tlog']);
        assert.equal(noChain.status, 1, noChain.stderr);
        assert.match(noChain.stderr, /not verified: timestamp: .*lists no timestamp authority/);
        // The same for an attestation, whose .att timestamp covers the whole envelope.
        writeFileSync(join(dir, 'p.json'), JSON.stringify({ runDetails: { builder: { id: 'https://ci.example.com/builder' } } }));
        const attested = await run(['attest', ref, '--key', 'cosign.key', '--type', 'slsaprovenance1', '--predicate', 'p.json', '--timestamp-server-url', mock.tsaUrl]);
        assert.equal(attested.status, 0, attested.stderr);
        const attOk = await run(['verify-attestation', ref, '--key', 'cosign.pub', '--type', 'slsaprovenance1', '--insecure-ignore-tlog', '--timestamp-certificate-chain', 'tsa.pem']);
        assert.equal(attOk.status, 0, attOk.stderr);
        const attNoChain = await run(['verify-attestation', ref, '--key', 'cosign.pub', '--type', 'slsaprovenance1', '--insecure-ignore-tlog']);
        assert.equal(attNoChain.status, 1, attNoChain.stderr);
        assert.match(attNoChain.stderr, /not verified: timestamp: .*lists no timestamp authority/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('keyless .att with a timestamp over the envelope and no Rekor entry: verified; a timestamp of the DSSE signature alone → timestamp', async () => {
      const img = await pushImage(reg.host, 'team/ts', 'att', 'ts-att');
      const predicate = { runDetails: { builder: { id: 'https://ci.example.com/builder' } } };
      await attestImageReference(`${reg.host}/team/ts:att`, tsaId(mock), 'https://slsa.dev/provenance/v1', predicate);
      const attPolicy = (root: Record<string, unknown>, ignoreTlog = true) => preparePolicy({ identities: [{ subject: SUBJECT, issuer: ISSUER }], trustedRoot: root, ignoreTlog, attestation: { type: 'slsaprovenance1', policy: 'predicate.runDetails.builder.id == "https://ci.example.com/builder"' } });
      const r = await verifyImageAttestations(`${reg.host}/team/ts:att`, attPolicy(mock.root));
      assert.equal(r.verified, true, JSON.stringify(r.failure));
      const s = r.signatures[0]!;
      assert.equal(s.kind, 'cosign-attestation');
      assert.equal(s.identity, SUBJECT);
      assert.ok(s.signedAt, 'the timestamp time is reported');
      assert.match(s.checks.find((x) => x.name === 'timestamp')?.detail ?? '', /1 RFC 3161 timestamp/);
      // Without --insecure-ignore-tlog a Rekor entry is still required; a root without the TSA cannot vouch.
      assert.equal((await verifyImageAttestations(`${reg.host}/team/ts:att`, attPolicy(mock.root, false))).failure?.check, 'tlog-inclusion');
      const noTsa = await verifyImageAttestations(`${reg.host}/team/ts:att`, attPolicy({ ...mock.root, timestampAuthorities: [] }));
      assert.equal(noTsa.failure?.check, 'timestamp', JSON.stringify(noTsa.failure));
      // cosign stamps the whole envelope on .att layers: a timestamp over the DSSE signature bytes alone
      // (what a bundle's timestamp covers) is a timestamp of other bytes.
      const dsseSignature = (blob: Buffer) => Buffer.from((JSON.parse(blob.toString()) as { signatures: Array<{ sig: string }> }).signatures[0]!.sig, 'base64');
      await restamp(reg.host, 'team/ts', cosignTag(img.manifest.digest, '.att'), dsseSignature, (b) => mock.stamp(b));
      const bad = await verifyImageAttestations(`${reg.host}/team/ts:att`, attPolicy(mock.root));
      assert.equal(bad.verified, false);
      assert.equal(bad.failure?.check, 'timestamp', JSON.stringify(bad.failure));
      assert.match(bad.failure!.reason, /message imprint is over other bytes than this envelope/);
    });

    it('a certificate that expired before the .att timestamp → certificate-validity', async () => {
      await pushImage(reg.host, 'team/ts', 'att-expired', 'ts-att-expired');
      await attestImageReference(`${reg.host}/team/ts:att-expired`, tsaId(stale), 'https://slsa.dev/provenance/v1', { runDetails: {} });
      const r = await verifyImageAttestations(`${reg.host}/team/ts:att-expired`, preparePolicy({ identities: [{ subject: SUBJECT, issuer: ISSUER }], trustedRoot: stale.root, ignoreTlog: true, attestation: { type: 'slsaprovenance1' } }));
      assert.equal(r.verified, false);
      assert.equal(r.failure?.check, 'certificate-validity', JSON.stringify(r.failure));
      assert.match(r.failure!.reason, /had expired before the RFC 3161 timestamp/);
    });

    it('sign --bundle --timestamp-server-url: the bundle carries the timestamp and verifies without Rekor', async () => {
      await pushImage(reg.host, 'team/ts', 'bundle', 'ts-bundle');
      await signImageReference(`${reg.host}/team/ts:bundle`, tsaId(mock), { bundle: true });
      const r = await verifyImage(`${reg.host}/team/ts:bundle`, allowNoTlog(mock.root));
      assert.equal(r.verified, true, JSON.stringify(r.failure));
      assert.equal(r.signatures[0]!.kind, 'sigstore-bundle');
      assert.ok(r.signatures[0]!.checks.some((x) => x.name === 'timestamp' && x.ok && /1 RFC 3161/.test(x.detail ?? '')));
    });
  });
});
