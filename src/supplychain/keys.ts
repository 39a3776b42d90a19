/**
 * Keys through node:crypto only: PEM/DER public keys (ECDSA P-256/P-384, RSA, Ed25519), key pairs, and
 * the hash each key type signs with (cosign's defaults: P-256 → SHA-256, P-384 → SHA-384, RSA → SHA-256,
 * Ed25519 → none, the message is signed as is).
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { BulwarkError } from '../core/index.js';

export type KeyAlgorithm = 'ecdsa-p256' | 'ecdsa-p384' | 'rsa' | 'ed25519';

const PEM = /-----BEGIN ([A-Z0-9 ]+)-----/;

/** Parses a public key (PEM `PUBLIC KEY`, `RSA PUBLIC KEY`, `EC PUBLIC KEY`, or DER SPKI/PKCS#1); `what` names it in errors. */
export function parsePublicKey(data: Buffer | string, what: string): KeyObject {
  const text = Buffer.isBuffer(data) ? data.toString('latin1') : data;
  const label = PEM.exec(text)?.[1];
  try {
    if (label) {
      if (label.includes('PRIVATE')) throw new BulwarkError('USAGE', `${what}: a private key was given where a public key is expected`);
      return createPublicKey(text); // also takes a CERTIFICATE: its subject key
    }
    const der = Buffer.isBuffer(data) ? data : Buffer.from(data, 'latin1');
    try {
      return createPublicKey({ key: der, format: 'der', type: 'spki' });
    } catch {
      return createPublicKey({ key: der, format: 'der', type: 'pkcs1' });
    }
  } catch (e) {
    if (e instanceof BulwarkError) throw e;
    throw new BulwarkError('MALFORMED_DOCUMENT', `${what}: not a PEM or DER public key`, { cause: e });
  }
}

/** Loads a private key (PKCS#8 PEM, optionally encrypted with `password`). */
export function parsePrivateKey(data: Buffer | string, what: string, password?: string): KeyObject {
  try {
    return createPrivateKey({ key: data, format: 'pem', ...(password ? { passphrase: password } : {}) });
  } catch (e) {
    const msg = (e as Error).message;
    const hint = /passphrase|decrypt|bad decrypt/i.test(msg) ? ' (wrong or missing password: set BULWARK_KEY_PASSWORD or COSIGN_PASSWORD)' : '';
    throw new BulwarkError('MALFORMED_DOCUMENT', `${what}: not a usable PEM private key${hint}`, { cause: e });
  }
}

function keyAlgorithm(key: KeyObject): KeyAlgorithm {
  const t = key.asymmetricKeyType;
  if (t === 'ed25519') return 'ed25519';
  if (t === 'rsa' || t === 'rsa-pss') return 'rsa';
  if (t === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1' || curve === 'P-256') return 'ecdsa-p256';
    if (curve === 'secp384r1' || curve === 'P-384') return 'ecdsa-p384';
    throw new BulwarkError('USAGE', `unsupported EC curve ${curve ?? '?'} (P-256 and P-384 are supported)`);
  }
  throw new BulwarkError('USAGE', `unsupported key type ${t ?? '?'} (ECDSA P-256/P-384, RSA, Ed25519 are supported)`);
}

/** The digest algorithm a key signs messages with; null for Ed25519 (pure EdDSA). */
function hashFor(key: KeyObject): 'sha256' | 'sha384' | null {
  const alg = keyAlgorithm(key);
  return alg === 'ed25519' ? null : alg === 'ecdsa-p384' ? 'sha384' : 'sha256';
}

export function signBytes(data: Buffer, key: KeyObject): Buffer {
  return sign(hashFor(key), data, key);
}

/** True when `signature` is valid over `data`; never throws on malformed signatures. */
export function verifyBytes(data: Buffer, key: KeyObject, signature: Buffer): boolean {
  try {
    return verify(hashFor(key), data, key, signature);
  } catch {
    return false;
  }
}

/**
 * DSSE signatures are made over the PAE with the key's default digest (SHA-256 for EC and RSA, none for
 * Ed25519): what sigstore-js and cosign's DSSE verifier compute.
 */
export function signPae(pae: Buffer, key: KeyObject): Buffer {
  return sign(null, pae, key);
}

export function verifyPae(pae: Buffer, key: KeyObject, signature: Buffer): boolean {
  try {
    return verify(null, pae, key, signature);
  } catch {
    return false;
  }
}

/** `sha256:<hex>` of the DER SPKI: how results name a key (stable, short enough to print). */
export function keyFingerprint(key: KeyObject): string {
  return `sha256:${createHash('sha256').update(key.export({ format: 'der', type: 'spki' })).digest('hex')}`;
}

export function publicKeyPem(key: KeyObject): string {
  return key.export({ format: 'pem', type: 'spki' }).toString();
}

interface GeneratedKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

/**
 * A new key pair; the private key is PKCS#8 PEM, AES-256-CBC encrypted when `password` is non-empty.
 * (cosign's own "ENCRYPTED SIGSTORE PRIVATE KEY" format uses scrypt + secretbox, which node:crypto does
 * not offer; the public key is the same SPKI PEM cosign writes, so cosign verifies our signatures.)
 */
export function generateKeyPair(algorithm: KeyAlgorithm = 'ecdsa-p256', password = ''): GeneratedKeyPair {
  const pair = algorithm === 'ed25519' ? generateKeyPairSync('ed25519')
    : algorithm === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 3072 })
      : generateKeyPairSync('ec', { namedCurve: algorithm === 'ecdsa-p384' ? 'P-384' : 'P-256' });
  const privateKeyPem = pair.privateKey.export({
    format: 'pem', type: 'pkcs8', ...(password ? { cipher: 'aes-256-cbc', passphrase: password } : {}),
  }).toString();
  return { privateKeyPem, publicKeyPem: publicKeyPem(pair.publicKey) };
}
