/**
 * rfc3161.ts against @sigstore/mock's TSA (a real RFC 3161 TSA built with pkijs): responses and bare tokens
 * parse alike, a truncated one is refused, verification needs the right root and the right bytes, and the
 * client refuses an answer with another nonce or over other bytes (a replayed or misdirected response).
 */
import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { X509Certificate, createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { initializeTSA } from '@sigstore/mock';
import * as pkijs from 'pkijs';
import { parseTimestamp, requestTimestamp, verifyTimestamp, TimestampError } from './rfc3161.js';

type Tsa = Awaited<ReturnType<typeof initializeTSA>>;
const kp = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }) as { publicKey: KeyObject; privateKey: KeyObject };
const buf = (v: ArrayBufferView) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
const stamp = async (tsa: Tsa, data: Buffer, nonce = 5) => buf(await tsa.timestamp({
  artifactHash: createHash('sha256').update(data).digest(), hashAlgorithmOID: '2.16.840.1.101.3.4.2.1', nonce, policyOID: '1.3.6.1.4.1.57264.2', certReq: true,
}));

describe('rfc3161', () => {
  let tsa: Tsa;
  let other: Tsa;
  let server: http.Server;
  let url: string;
  /** What the test server answers: a stamp over the requested hash, or a canned response. */
  let answer: (body: Buffer) => Promise<Buffer>;

  before(async () => {
    tsa = await initializeTSA(kp());
    other = await initializeTSA(kp());
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => void answer(Buffer.concat(chunks)).then((b) => res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(b)));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/tsr`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('a TimeStampResp and the bare TimeStampToken inside it parse to the same time; truncated bytes are refused', async () => {
    const resp = await stamp(tsa, Buffer.from('sig'));
    const a = parseTimestamp(resp);
    const ab = resp.buffer.slice(resp.byteOffset, resp.byteOffset + resp.byteLength) as ArrayBuffer;
    const token = Buffer.from(pkijs.TimeStampResp.fromBER(ab).timeStampToken!.toSchema().toBER(false));
    const b = parseTimestamp(token);
    assert.equal(a.genTime.getTime(), b.genTime.getTime());
    assert.equal(a.accuracyMs, 1000);
    assert.ok(parseTimestamp(b.response), 'the wrapped response parses again');
    assert.throws(() => parseTimestamp(resp.subarray(0, resp.length - 20)), TimestampError);
  });

  it('verifies over the stamped bytes to the TSA root; other bytes or another root fail with the reason', async () => {
    const data = Buffer.from('the signature value');
    const t = parseTimestamp(await stamp(tsa, data));
    const root = new X509Certificate(buf(tsa.rootCertificate));
    const v = await verifyTimestamp(t, data, [root]);
    assert.match(v.tsa, /CN=tsa signing/);
    await assert.rejects(verifyTimestamp(t, Buffer.from('other bytes'), [root]), /message imprint \(sha256\) is over other bytes/);
    await assert.rejects(verifyTimestamp(t, data, [new X509Certificate(buf(other.rootCertificate))]), /does not verify against the trusted TSA roots/);
  });

  it('requestTimestamp: sends a TimeStampReq and returns the checked response; another nonce or other bytes are refused', async () => {
    answer = async (body) => {
      const req = pkijs.TimeStampReq.fromBER(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
      const nonce = Number(BigInt(`0x${Buffer.from(req.nonce!.valueBlock.valueHexView).toString('hex')}`));
      return buf(await tsa.timestamp({ artifactHash: Buffer.from(req.messageImprint.hashedMessage.valueBlock.valueHexView), hashAlgorithmOID: req.messageImprint.hashAlgorithm.algorithmId, nonce, policyOID: '1.3.6.1.4.1.57264.2', certReq: true }));
    };
    const data = Buffer.from('sig bytes');
    const resp = await requestTimestamp(url, data);
    await verifyTimestamp(parseTimestamp(resp), data, [new X509Certificate(buf(tsa.rootCertificate))]);
    answer = () => stamp(tsa, data, 1234);
    await assert.rejects(requestTimestamp(url, data), /answered with another nonce/);
    answer = () => stamp(tsa, Buffer.from('something else'));
    await assert.rejects(requestTimestamp(url, data), /stamped other bytes than the signature/);
  });
});
