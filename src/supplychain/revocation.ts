/**
 * Revocation of a Notation certificate chain through CRLs, as notation-go checks it (notation-core-go
 * `revocation/crl`): every certificate but a self-signed root is looked up in a CRL of its issuer, fetched
 * from its CRL distribution points over HTTP(S) (5 s, 32 MiB, like notation-go's limits), whose signature
 * (by the issuer in the chain), issuer name and thisUpdate/nextUpdate window are checked first. A
 * certificate with no CRL distribution point and no OCSP responder is not revocable. OCSP is not spoken:
 * a certificate that names only an OCSP responder has an unknown status. Parsing and signature checks are
 * @peculiar/x509's; CRLs are cached in-process until their nextUpdate (the webhook verifies many images
 * of one signer).
 */
import type { X509Certificate } from 'node:crypto';
import type * as X509Module from '@peculiar/x509';
import { x509Lib } from '../core/index.js';

const FETCH_TIMEOUT_MS = 5_000;
const MAX_CRL_BYTES = 32 * 1024 * 1024;
const CACHE_ENTRIES = 256;
const CRL_DISTRIBUTION_POINTS = '2.5.29.31';
const DELTA_CRL_INDICATOR = '2.5.29.27';
const FRESHEST_CRL = '2.5.29.46';

interface RevocationResult {
  /** ok: no certificate is revoked and every status is known; unknown: a status could not be established. */
  status: 'ok' | 'revoked' | 'unknown';
  detail: string;
}

/** Verified CRLs by (URL, issuer key), reused until their nextUpdate. */
const cache = new Map<string, X509Module.X509Crl>();

/** The http(s) URLs of a certificate's CRL distribution points. */
function crlUrls(c: X509Module.X509Certificate): string[] {
  const x = x509Lib();
  const ext = c.getExtension(x.CRLDistributionPointsExtension);
  const urls: string[] = [];
  for (const dp of ext?.distributionPoints ?? []) {
    for (const name of dp.distributionPoint?.fullName ?? []) {
      const u = name.uniformResourceIdentifier;
      if (u && /^https?:\/\//i.test(u)) urls.push(u);
    }
  }
  return urls;
}

async function download(url: string): Promise<Buffer> {
  const res = await globalThis.fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_CRL_BYTES) throw new Error(`larger than ${MAX_CRL_BYTES} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  const body = Buffer.concat(chunks);
  const pem = /-----BEGIN X509 CRL-----([\s\S]*?)-----END X509 CRL-----/.exec(body.toString('latin1'));
  return pem ? Buffer.from(pem[1]!.replace(/\s+/g, ''), 'base64') : body;
}

/** A verified, current CRL of `issuer` from `url`, or the reason there is none. */
async function crlFrom(url: string, issuer: X509Module.X509Certificate, now: Date): Promise<X509Module.X509Crl | string> {
  // Keyed by the issuer's key as well: only a CRL verified against this very issuer is reused unverified.
  const key = `${url}\n${Buffer.from(issuer.publicKey.rawData).toString('base64')}`;
  const hit = cache.get(key);
  if (hit && (hit.nextUpdate?.getTime() ?? 0) >= now.getTime() && hit.thisUpdate.getTime() <= now.getTime()) return hit;
  let crl: X509Module.X509Crl;
  try {
    crl = new (x509Lib().X509Crl)(await download(url));
  } catch (e) {
    return `CRL ${url}: ${(e as Error).message}`;
  }
  if (crl.getExtension(DELTA_CRL_INDICATOR) || crl.getExtension(FRESHEST_CRL)) return `CRL ${url}: delta CRLs are not supported`;
  if (crl.issuer !== issuer.subject) return `CRL ${url} is issued by ${crl.issuer}, not ${issuer.subject}`;
  if (!(await crl.verify({ publicKey: issuer.publicKey }).catch(() => false))) return `CRL ${url}: its signature does not verify with the key of ${issuer.subject}`;
  if (crl.thisUpdate.getTime() > now.getTime()) return `CRL ${url} is not valid yet (thisUpdate ${crl.thisUpdate.toISOString()})`;
  if (!crl.nextUpdate || crl.nextUpdate.getTime() < now.getTime()) return `CRL ${url} has expired (nextUpdate ${crl.nextUpdate?.toISOString() ?? 'missing'})`;
  cache.delete(key);
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, crl);
  return crl;
}

/**
 * `chain`: a certificate path in any order (each certificate's issuer is found by its signature). `fetch`:
 * whether its CRL locations may be fetched. They come from the signature's own certificates, so only a
 * chain a trust store vouches for may make the verifier request URLs (a logged, unanchored one may not).
 */
export async function chainRevocation(chain: readonly X509Certificate[], now: Date, fetch: boolean): Promise<RevocationResult> {
  const x = x509Lib();
  const certs = chain.map((c) => new x.X509Certificate(c.raw));
  const checked: string[] = [];
  for (const [i, cert] of certs.entries()) {
    const own = chain[i]!;
    if (own.checkIssued(own)) continue; // a self-signed root: trusted or not, it is not revoked by anyone
    // By signature, not by position: a TSA's certificate path may come root first.
    const at = chain.findIndex((c, j) => j !== i && own.checkIssued(c) && own.verify(c.publicKey));
    const issuer = at >= 0 ? certs[at]! : null;
    const urls = crlUrls(cert);
    const ocsp = Boolean(own.infoAccess?.includes('OCSP'));
    if (!urls.length) {
      if (ocsp || cert.getExtension(CRL_DISTRIBUTION_POINTS)) return { status: 'unknown', detail: `certificate ${cert.subject} names ${ocsp ? 'only an OCSP responder, which Bulwark does not query' : 'no http(s) CRL location'}: revocation status unknown` };
      continue;
    }
    if (issuer === null) return { status: 'unknown', detail: `certificate ${cert.subject} names a CRL, but its issuer ${cert.issuer} is not in the chain` };
    if (!fetch) return { status: 'unknown', detail: `revocation status of ${cert.subject} unknown: the chain is not anchored in a trust store, so its CRL locations are not fetched` };
    const reasons: string[] = [];
    let crl: X509Module.X509Crl | undefined;
    for (const url of urls) {
      const got = await crlFrom(url, issuer, now);
      if (typeof got === 'string') reasons.push(got);
      else {
        crl = got;
        break;
      }
    }
    if (!crl) return { status: 'unknown', detail: `revocation status of ${cert.subject} unknown: ${reasons.join('; ')}` };
    const entry = crl.findRevoked(cert);
    if (entry) {
      const reason = entry.reason !== undefined ? `, reason ${x.X509CrlReason[entry.reason] ?? entry.reason}` : '';
      return { status: 'revoked', detail: `certificate ${cert.subject} (serial ${cert.serialNumber}) is revoked since ${entry.revocationDate.toISOString()}${reason} (CRL of ${issuer.subject})` };
    }
    checked.push(cert.subject);
  }
  return {
    status: 'ok',
    detail: checked.length ? `not revoked: ${checked.join('; ')} (CRLs of their issuers, current)` : 'no certificate names an OCSP/CRL endpoint (not revocable)',
  };
}
