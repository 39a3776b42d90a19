/**
 * `admission certs`: a CA and a serving certificate for the webhook Service, with @peculiar/x509 over WebCrypto
 * (ECDSA P-256). The CA goes into the webhook configurations' caBundle; tls.crt/tls.key into the Secret.
 */
import { webcrypto } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BulwarkError, x509Lib } from '../core/index.js';

const crypto = webcrypto;

/** The library, loaded on first use (it is slow to load), with node's WebCrypto as its provider. */
function lib(): ReturnType<typeof x509Lib> {
  const x509 = x509Lib();
  x509.cryptoProvider.set(crypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  return x509;
}

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 24 * 60 * 60 * 1000;

interface CertOptions {
  service: string;
  namespace: string;
  /** Validity of the serving certificate in days (the CA lives ten times as long). */
  days?: number;
  now?: Date;
}

interface CertBundle { caCert: string; tlsCert: string; tlsKey: string; sans: string[] }

/** The names the API server and local tools dial: the Service in every spelling, localhost and 127.0.0.1. */
function servingNames(service: string, namespace: string): { dns: string[]; ips: string[] } {
  return { dns: [service, `${service}.${namespace}`, `${service}.${namespace}.svc`, `${service}.${namespace}.svc.cluster.local`, 'localhost'], ips: ['127.0.0.1'] };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function toPem(der: ArrayBuffer, label: string): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

export async function generateCerts(o: CertOptions): Promise<CertBundle> {
  for (const [flag, v] of [['--service', o.service], ['--namespace', o.namespace]] as const) {
    if (!DNS_LABEL.test(v) || v.length > 63) throw new BulwarkError('USAGE', `${flag} must be a DNS label (lowercase letters, digits, '-'), got ${JSON.stringify(v)}`);
  }
  const x509 = lib();
  const now = o.now ?? new Date();
  const days = o.days ?? 365;
  const notBefore = new Date(now.getTime() - 5 * 60 * 1000); // clock skew between nodes
  const caKeys = await crypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${o.service}.${o.namespace} admission CA, O=Bulwark`, keys: caKeys, signingAlgorithm: ALG, notBefore, notAfter: new Date(now.getTime() + days * 10 * DAY),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const leafKeys = await crypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const names = servingNames(o.service, o.namespace);
  const leaf = await x509.X509CertificateGenerator.create({
    subject: `CN=${o.service}.${o.namespace}.svc`, issuer: ca.subject, publicKey: leafKeys.publicKey, signingKey: caKeys.privateKey, signingAlgorithm: ALG,
    notBefore, notAfter: new Date(now.getTime() + days * DAY),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([...names.dns.map((value) => ({ type: 'dns' as const, value })), ...names.ips.map((value) => ({ type: 'ip' as const, value }))]),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
      await x509.SubjectKeyIdentifierExtension.create(leafKeys.publicKey),
    ],
  });
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', leafKeys.privateKey);
  return { caCert: ca.toString('pem') + '\n', tlsCert: leaf.toString('pem') + '\n', tlsKey: toPem(pkcs8, 'PRIVATE KEY'), sans: [...names.dns, ...names.ips] };
}

/** Writes DIR/ca.crt, DIR/tls.crt, DIR/tls.key (the key 0600). */
export function writeCerts(dir: string, b: CertBundle): string[] {
  try {
    mkdirSync(dir, { recursive: true });
    const files = [join(dir, 'ca.crt'), join(dir, 'tls.crt'), join(dir, 'tls.key')];
    writeFileSync(files[0]!, b.caCert);
    writeFileSync(files[1]!, b.tlsCert);
    writeFileSync(files[2]!, b.tlsKey, { mode: 0o600 });
    chmodSync(files[2]!, 0o600);
    return files;
  } catch (e) {
    throw new BulwarkError('OUTPUT_NOT_WRITABLE', `--out ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
