/**
 * RFC 3161 time-stamping: requesting a timestamp over a signature (`sign --timestamp-server-url`, cosign's
 * flag) and verifying a TimeStampToken against trusted TSA roots (Notation countersignatures). ASN.1,
 * CMS and certificate-path work is `pkijs` (PKI.js); the message imprint, nonce, EKU and time-range rules
 * on top are RFC 3161 §2.4.2 and notation-go's. Sigstore bundles' timestamps are verified by
 * @sigstore/verify instead (verify-bundle.ts); this module only converts cosign's annotation for it.
 */
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import type * as Asn1js from 'asn1js';
import type * as Pkijs from 'pkijs';
import { BulwarkError, lazy } from '../core/index.js';

// Loaded on first use (start-up of commands that verify nothing).
const pkijs = lazy<typeof Pkijs>('pkijs');
const asn1js = lazy<typeof Asn1js>('asn1js');

const HASHES: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256', '2.16.840.1.101.3.4.2.2': 'sha384', '2.16.840.1.101.3.4.2.3': 'sha512',
};
const SHA256_OID = '2.16.840.1.101.3.4.2.1';
const SIGNED_DATA_OID = '1.2.840.113549.1.7.2';
const TSTINFO_OID = '1.2.840.113549.1.9.16.1.4';
const TIME_STAMPING_EKU = '1.3.6.1.5.5.7.3.8';

/** A TimeStampToken with what verification needs from its TSTInfo. */
interface TimestampToken {
  signedData: Pkijs.SignedData;
  tstInfo: Pkijs.TSTInfo;
  genTime: Date;
  /** TSTInfo accuracy in ms; absent accuracy counts as 1 s (notation-go's tspclient does the same). */
  accuracyMs: number;
  /** The TimeStampResp DER (a bare token is wrapped in a granted response): what Sigstore bundles carry. */
  response: Buffer;
}

export class TimestampError extends Error {}

const ab = (b: Buffer): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

function accuracyOf(t: Pkijs.TSTInfo): number {
  const a = t.accuracy;
  if (!a) return 1000;
  return (a.seconds ?? 0) * 1000 + (a.millis ?? 0) + Math.ceil((a.micros ?? 0) / 1000);
}

/**
 * Parses a DER TimeStampResp (what cosign stores and TSAs answer) or a bare TimeStampToken (what
 * Notation stores). Throws TimestampError with the reason.
 */
export function parseTimestamp(der: Buffer): TimestampToken {
  const p = pkijs();
  const parsed = asn1js().fromBER(ab(der));
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js().Sequence)) throw new TimestampError('the timestamp is not DER (truncated or corrupt)');
  const first = parsed.result.valueBlock.value[0];
  let token: Pkijs.ContentInfo;
  let response: Buffer;
  try {
    if (first instanceof asn1js().ObjectIdentifier) {
      token = new p.ContentInfo({ schema: parsed.result });
      response = Buffer.from(new p.TimeStampResp({ status: new p.PKIStatusInfo({ status: 0 }), timeStampToken: token }).toSchema().toBER(false));
    } else {
      const resp = new p.TimeStampResp({ schema: parsed.result });
      if (resp.status.status !== 0 && resp.status.status !== 1) throw new TimestampError(`the TSA did not grant the timestamp (PKIStatus ${resp.status.status})`);
      if (!resp.timeStampToken) throw new TimestampError('the timestamp response has no TimeStampToken');
      token = resp.timeStampToken;
      response = der;
    }
  } catch (e) {
    if (e instanceof TimestampError) throw e;
    throw new TimestampError(`the timestamp is not an RFC 3161 TimeStampResp or TimeStampToken (${(e as Error).message})`);
  }
  if (token.contentType !== SIGNED_DATA_OID) throw new TimestampError(`the TimeStampToken content type is ${token.contentType}, not SignedData`);
  try {
    const signedData = new p.SignedData({ schema: token.content });
    if (signedData.encapContentInfo.eContentType !== TSTINFO_OID || !signedData.encapContentInfo.eContent) throw new TimestampError('the TimeStampToken does not encapsulate a TSTInfo');
    const tstInfo = p.TSTInfo.fromBER(signedData.encapContentInfo.eContent.valueBlock.valueHexView);
    return { signedData, tstInfo, genTime: tstInfo.genTime, accuracyMs: accuracyOf(tstInfo), response };
  } catch (e) {
    if (e instanceof TimestampError) throw e;
    throw new TimestampError(`the TimeStampToken is malformed (${(e as Error).message})`);
  }
}

/** The message imprint check (RFC 3161 §2.4.2): the token's hashed message is the hash of `data`. */
function imprintCovers(t: TimestampToken, data: Buffer): { ok: boolean; reason?: string } {
  const oid = t.tstInfo.messageImprint.hashAlgorithm.algorithmId;
  const alg = HASHES[oid];
  if (!alg) return { ok: false, reason: `the timestamp's message imprint uses hash algorithm ${oid} (only SHA-256/384/512 are accepted)` };
  const want = createHash(alg).update(data).digest();
  const got = Buffer.from(t.tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView);
  return want.equals(got) ? { ok: true } : { ok: false, reason: `the timestamp's message imprint (${alg}) is over other bytes than the signature` };
}

export interface VerifiedTimestamp {
  genTime: Date;
  accuracyMs: number;
  /** Subject of the TSA signing certificate. */
  tsa: string;
  /** The TSA's certificate path, signer first (for the revocation rule). */
  chain: X509Certificate[];
}

const nodeCert = (c: Pkijs.Certificate): X509Certificate => new X509Certificate(Buffer.from(c.toSchema().toBER(false)));

/**
 * Verifies a TimeStampToken over `data`: message imprint, CMS signature and signed attributes, the TSA
 * certificate path to one of `roots` valid at genTime (pkijs), and the TSA signing certificate's
 * timeStamping extended key usage. Throws TimestampError naming the failed rule.
 */
export async function verifyTimestamp(t: TimestampToken, data: Buffer, roots: X509Certificate[]): Promise<VerifiedTimestamp> {
  const imprint = imprintCovers(t, data);
  if (!imprint.ok) throw new TimestampError(imprint.reason!);
  if (!roots.length) throw new TimestampError('no trusted TSA root certificate');
  const p = pkijs();
  const trustedCerts = roots.map((r) => p.Certificate.fromBER(ab(r.raw)));
  let result: Pkijs.SignedDataVerifyResult;
  try {
    result = await t.signedData.verify({ signer: 0, data: ab(data), trustedCerts, checkChain: true, extendedMode: true });
  } catch (e) {
    const err = e as { message?: string; resultMessage?: string };
    throw new TimestampError(`the timestamp signature or its TSA certificate chain does not verify against the trusted TSA roots (${err.message ?? err.resultMessage ?? String(e)})`);
  }
  if (!result.signatureVerified || !result.signerCertificate) throw new TimestampError('the timestamp signature does not verify');
  const signer = nodeCert(result.signerCertificate);
  const eku = signer.keyUsage;
  if (!eku?.includes(TIME_STAMPING_EKU)) throw new TimestampError(`the TSA certificate ${signer.subject.split('\n').join(', ')} is not for time stamping (no timeStamping extended key usage)`);
  const path = (result.certificatePath ?? []).map(nodeCert);
  return { genTime: t.genTime, accuracyMs: t.accuracyMs, tsa: signer.subject.split('\n').join(', '), chain: path.length ? path : [signer] };
}

/**
 * Requests an RFC 3161 timestamp over `data` (SHA-256 imprint, nonce, certReq) from `url`, the way cosign's
 * `--timestamp-server-url` does (`application/timestamp-query`), and checks the answer: granted, same
 * imprint, same nonce. Returns the TimeStampResp DER.
 */
export async function requestTimestamp(url: string, data: Buffer, timeoutMs = 10_000): Promise<Buffer> {
  const p = pkijs();
  const a = asn1js();
  const digest = createHash('sha256').update(data).digest();
  // 48 random bits: unique per request, and representable by every TSA implementation's integer type.
  const nonce = randomBytes(6);
  nonce[0]! &= 0x7f;
  const req = new p.TimeStampReq({
    version: 1,
    messageImprint: new p.MessageImprint({ hashAlgorithm: new p.AlgorithmIdentifier({ algorithmId: SHA256_OID }), hashedMessage: new a.OctetString({ valueHex: ab(digest) }) }),
    nonce: new a.Integer({ valueHex: ab(nonce) }),
    certReq: true,
  });
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' }, body: Buffer.from(req.toSchema().toBER(false)), signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw new BulwarkError('REGISTRY_UNREACHABLE', `timestamp server ${url}: ${(e as Error).message}`, { cause: e });
  }
  const body = Buffer.from(await res.arrayBuffer());
  if (!res.ok) throw new BulwarkError('REGISTRY_UNREACHABLE', `timestamp server ${url} answered HTTP ${res.status}`);
  let t: TimestampToken;
  try {
    t = parseTimestamp(body);
  } catch (e) {
    throw new BulwarkError('MALFORMED_DOCUMENT', `timestamp server ${url}: ${(e as Error).message}`);
  }
  if (!imprintCovers(t, data).ok) throw new BulwarkError('MALFORMED_DOCUMENT', `timestamp server ${url} stamped other bytes than the signature`);
  const got = t.tstInfo.nonce ? Buffer.from(t.tstInfo.nonce.valueBlock.valueHexView) : undefined;
  if (!got || BigInt(`0x${got.toString('hex') || '0'}`) !== BigInt(`0x${nonce.toString('hex')}`)) throw new BulwarkError('MALFORMED_DOCUMENT', `timestamp server ${url} answered with another nonce (replayed response?)`);
  return t.response;
}
