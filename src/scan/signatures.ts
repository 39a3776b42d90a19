/**
 * Use-cases for signatures that need no registry (blobs, key pairs) and the one place that turns file
 * paths and cosign-style flags into a prepared policy, shared by the CLI and the admission webhook.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { X509Certificate, createPublicKey } from 'node:crypto';
import { BulwarkError } from '../core/index.js';
import { defaultCacheDir } from '../cache/index.js';
import {
  fetchTrustedRoot, parsePrivateKey, parsePublicKey, parseTrustedRoot, preparePolicy, predicateTypeUri,
  type BlobInput, type IdentityMatcher, type PreparedPolicy, type SignaturePolicy, type SigningIdentity,
} from '../supplychain/index.js';

export {
  verifyBlob, verifyBlobAttestation, signBlob, generateKeyPair, parsePrivateKey, predicateTypeUri, renderVerify,
  type BlobInput, type KeyAlgorithm, type SigningIdentity, type VerifyFormat, type RenderedVerify,
} from '../supplychain/index.js';

/** The files of `verify-blob[-attestation]`: the artifact, `--bundle`, `--signature` (base64), `--certificate`. */
export function loadBlobInput(f: { file?: string; bundle?: string; signature?: string; certificate?: string; digest?: string; maxBytes?: number }): BlobInput {
  const sig = f.signature ? readInput(f.signature, '--signature').toString('utf8').trim() : undefined;
  return {
    source: f.bundle ?? f.signature ?? f.file ?? 'input',
    ...(f.file ? { artifact: readInput(f.file, 'file') } : {}),
    ...(f.digest ? { artifactDigest: f.digest } : {}),
    ...(f.bundle ? { bundle: readJson(f.bundle, '--bundle') } : {}),
    ...(sig ? { signature: Buffer.from(sig, 'base64') } : {}),
    ...(f.certificate ? { certificate: readInput(f.certificate, '--certificate').toString('utf8') } : {}),
    ...(f.maxBytes !== undefined ? { maxBytes: f.maxBytes } : {}),
  };
}

/** `--key FILE` (PKCS#8 PEM, decrypted with `password`) → a signing identity. */
export function loadSigningKey(path: string, password: string, rekorUrl?: string): SigningIdentity {
  const privateKey = parsePrivateKey(readInput(path, '--key'), `--key ${path}`, password);
  return { kind: 'key', privateKey, publicKey: createPublicKey(privateKey), ...(rekorUrl ? { rekorUrl } : {}) };
}

/** `--predicate FILE` (JSON) or any other small input file. */
export function loadJsonFile(path: string, what: string): unknown {
  return readJson(path, what);
}

export function loadFile(path: string, what: string): Buffer {
  return readInput(path, what);
}

export interface PolicyFiles {
  /** `--key` files (PEM/DER public keys). */
  keyFiles?: string[];
  certificateIdentity?: string;
  certificateIdentityRegexp?: string;
  certificateOidcIssuer?: string;
  certificateOidcIssuerRegexp?: string;
  /** `--trusted-root trusted_root.json`; without it keyless verification refreshes the root through TUF. */
  trustedRootFile?: string;
  /** cosign's `--timestamp-certificate-chain`: a TSA's PEM chain (leaf first) added to the trusted root. */
  timestampCertificateChainFile?: string;
  /** Never go online: keyless then needs trustedRootFile. */
  offline?: boolean;
  /** TUF cache (default `<cache dir>/sigstore-tuf`), a private mirror and its initial root.json. */
  tufCacheDir?: string;
  tufMirrorUrl?: string;
  tufRootPath?: string;
  ignoreTlog?: boolean;
  ignoreSct?: boolean;
  /** `verify-attestation --type` and `--policy FILE` (a CEL expression). */
  attestationType?: string;
  celPolicyFile?: string;
  notationTrustPolicyFile?: string;
  notationTrustStoreDir?: string;
}

function readInput(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new BulwarkError('INPUT_NOT_FOUND', `${what} ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readInput(path, what).toString('utf8'));
  } catch (e) {
    if (e instanceof BulwarkError) throw e;
    throw new BulwarkError('MALFORMED_DOCUMENT', `${what} ${path}: not valid JSON (${(e as Error).message})`);
  }
}

function identitiesOf(f: PolicyFiles): IdentityMatcher[] {
  if (!(f.certificateIdentity || f.certificateIdentityRegexp || f.certificateOidcIssuer || f.certificateOidcIssuerRegexp)) return [];
  return [{
    ...(f.certificateIdentity ? { subject: f.certificateIdentity } : {}), ...(f.certificateIdentityRegexp ? { subjectRegExp: f.certificateIdentityRegexp } : {}),
    ...(f.certificateOidcIssuer ? { issuer: f.certificateOidcIssuer } : {}), ...(f.certificateOidcIssuerRegexp ? { issuerRegExp: f.certificateOidcIssuerRegexp } : {}),
  }];
}

/** The trusted root through TUF, unless --offline forbids going online. */
async function tufRoot(f: PolicyFiles, keyless: boolean): Promise<SignaturePolicy['trustedRoot']> {
  if (f.offline) throw new BulwarkError('USAGE', `${keyless ? 'keyless verification' : 'verifying the Rekor entry of a key signature'} needs --trusted-root when offline${keyless ? '' : ' (or --insecure-ignore-tlog)'}`);
  if (f.tufRootPath && !existsSync(f.tufRootPath)) throw new BulwarkError('INPUT_NOT_FOUND', `--tuf-root-path ${f.tufRootPath}: no such file`);
  return fetchTrustedRoot({
    cachePath: f.tufCacheDir ?? join(defaultCacheDir(), 'sigstore-tuf'),
    ...(f.tufMirrorUrl ? { mirrorURL: f.tufMirrorUrl } : {}), ...(f.tufRootPath ? { rootPath: f.tufRootPath } : {}),
  });
}

/** Flags → a prepared policy. Reads and checks every file before anything touches the network. */
export async function loadPolicy(f: PolicyFiles): Promise<PreparedPolicy> {
  const keys = (f.keyFiles ?? []).map((k) => parsePublicKey(readInput(k, '--key'), `--key ${k}`));
  const identities = identitiesOf(f);
  const keyless = identities.length > 0;
  if (keys.length && keyless) throw new BulwarkError('USAGE', 'give either --key or --certificate-identity/--certificate-oidc-issuer, not both');
  let trustedRoot: SignaturePolicy['trustedRoot'];
  if (f.trustedRootFile) {
    const json = readJson(f.trustedRootFile, '--trusted-root');
    parseTrustedRoot(json, `--trusted-root ${f.trustedRootFile}`);
    trustedRoot = json as SignaturePolicy['trustedRoot'];
  }
  if (f.attestationType) predicateTypeUri(f.attestationType);
  const cel = f.celPolicyFile ? readInput(f.celPolicyFile, '--policy').toString('utf8').trim() : undefined;
  const notation = f.notationTrustPolicyFile ? loadNotation(f.notationTrustPolicyFile, f.notationTrustStoreDir) : undefined;
  const needsRoot = keyless || (keys.length > 0 && !f.ignoreTlog);
  if (needsRoot && !trustedRoot) trustedRoot = await tufRoot(f, keyless);
  if (f.timestampCertificateChainFile) trustedRoot = withTsaChain(trustedRoot, f.timestampCertificateChainFile);
  const policy: SignaturePolicy = { keys, identities };
  if (trustedRoot) policy.trustedRoot = trustedRoot;
  if (f.ignoreTlog) policy.ignoreTlog = true;
  if (f.ignoreSct) policy.ignoreSct = true;
  if (f.attestationType) policy.attestation = { type: f.attestationType, ...(cel ? { policy: cel } : {}) };
  if (notation) policy.notation = notation;
  return preparePolicy(policy);
}

/**
 * cosign's `--timestamp-certificate-chain`: the TSA's chain (signing certificate first, as @sigstore/verify
 * matches the token's signer against the first certificate) becomes one more timestampAuthority of the
 * trusted root, or of an otherwise empty root for key-only verification.
 */
function withTsaChain(root: SignaturePolicy['trustedRoot'], file: string): NonNullable<SignaturePolicy['trustedRoot']> {
  const text = readInput(file, '--timestamp-certificate-chain').toString('utf8');
  const certificates = [...text.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map((m) => {
    try {
      return { rawBytes: new X509Certificate(m[0]).raw.toString('base64') };
    } catch (e) {
      throw new BulwarkError('MALFORMED_DOCUMENT', `--timestamp-certificate-chain ${file}: ${(e as Error).message}`);
    }
  });
  if (!certificates.length) throw new BulwarkError('MALFORMED_DOCUMENT', `--timestamp-certificate-chain ${file}: no PEM certificate`);
  const base = root ?? { mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1', tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] };
  const tsas = Array.isArray(base.timestampAuthorities) ? base.timestampAuthorities : [];
  return { ...base, timestampAuthorities: [...tsas, { subject: {}, certChain: { certificates }, validFor: { start: '1970-01-01T00:00:00Z' } }] };
}

/**
 * trust-policy.json and the trust store directory. Without --notation-trust-store, notation's own
 * layout is assumed: `truststore/` beside trust-policy.json (as in ~/.config/notation).
 */
function loadNotation(policyFile: string, storeFlag: string | undefined): NonNullable<SignaturePolicy['notation']> {
  const trustPolicy = readJson(policyFile, '--notation-trust-policy') as Record<string, unknown>;
  if (typeof trustPolicy !== 'object' || trustPolicy === null || Array.isArray(trustPolicy)) throw new BulwarkError('POLICY_INVALID', `--notation-trust-policy ${policyFile}: not a trust policy object`);
  const trustStore: Record<string, string[]> = {};
  const storeDir = storeFlag ?? join(dirname(policyFile), 'truststore');
  if (storeFlag && !existsSync(storeFlag)) throw new BulwarkError('INPUT_NOT_FOUND', `--notation-trust-store ${storeFlag}: no such directory`);
  {
    // Notation's layout: <dir>/x509/{ca,signingAuthority,tsa}/<store name>/*.pem|*.crt
    for (const type of ['ca', 'signingAuthority', 'tsa']) {
      const base = `${storeDir}/x509/${type}`;
      let names: string[] = [];
      try {
        names = readdirNames(base);
      } catch { continue; }
      for (const name of names) {
        const files = readdirNames(`${base}/${name}`);
        // PEM as text; DER (.crt/.cer) as base64, which prepareNotation decodes.
        trustStore[`${type}:${name}`] = files.map((file) => {
          const bytes = readInput(`${base}/${name}/${file}`, 'trust store certificate');
          return bytes.includes('-----BEGIN') ? bytes.toString('utf8') : bytes.toString('base64');
        });
      }
    }
  }
  return { trustPolicy, trustStore };
}

function readdirNames(dir: string): string[] {
  return readdirSync(dir).sort();
}
