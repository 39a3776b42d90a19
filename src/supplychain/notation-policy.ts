/**
 * Notation's trust policy (notaryproject specification "trust-store-trust-policy", versions 1.0 and 1.1) and
 * trust store, checked and parsed once per policy. Bad policies are rejected here, before any registry
 * is contacted, with notation's own rules: unique names and scopes, `*` alone, skip level without
 * stores/identities, identities with at least C, ST and O.
 */
import { X509Certificate } from 'node:crypto';
import type { Name } from '@peculiar/x509';
import { BulwarkError, x509Lib } from '../core/index.js';

/** The five validations of the specification, in the order they are run. */
export type Validation = 'integrity' | 'authenticity' | 'authenticTimestamp' | 'expiry' | 'revocation';
export type Action = 'enforce' | 'log' | 'skip';
type Level = 'strict' | 'permissive' | 'audit' | 'skip';

const LEVELS: Record<Level, Record<Validation, Action>> = {
  strict: { integrity: 'enforce', authenticity: 'enforce', authenticTimestamp: 'enforce', expiry: 'enforce', revocation: 'enforce' },
  permissive: { integrity: 'enforce', authenticity: 'enforce', authenticTimestamp: 'log', expiry: 'log', revocation: 'log' },
  audit: { integrity: 'enforce', authenticity: 'log', authenticTimestamp: 'log', expiry: 'log', revocation: 'log' },
  skip: { integrity: 'skip', authenticity: 'skip', authenticTimestamp: 'skip', expiry: 'skip', revocation: 'skip' },
};
const OVERRIDABLE = ['authenticity', 'authenticTimestamp', 'expiry', 'revocation'] as const;
const STORE_TYPES = ['ca', 'signingAuthority', 'tsa'] as const;
type StoreType = (typeof STORE_TYPES)[number];
const VERSIONS = ['1.0', '1.1'];
const REQUIRED_DN = ['C', 'ST', 'O'];

/** A distinguished name as attribute type → value (notation rejects multi-valued attributes). */
type Dn = ReadonlyMap<string, string>;

interface NotationStatement {
  name: string;
  /** `registry/repository` or `*` (version 1.1's `oci:` prefix removed; `blob:` scopes dropped). */
  scopes: string[];
  level: Level;
  actions: Record<Validation, Action>;
  /** `ca:name` / `signingAuthority:name` / `tsa:name`, with their parsed certificates. */
  stores: Array<{ id: string; type: StoreType; certs: X509Certificate[] }>;
  /** notation-go's `verifyTimestamp`: `always` (default) or `afterCertExpiry`. */
  verifyTimestamp: 'always' | 'afterCertExpiry';
  /** notation-go's `skipTimestampRevocationCheck`. */
  skipTimestampRevocationCheck: boolean;
  /** `'*'` trusts every identity the stores vouch for. */
  identities: '*' | Array<{ text: string; dn: Dn }>;
}

export interface PreparedNotation {
  statements: NotationStatement[];
}

const bad = (msg: string): BulwarkError => new BulwarkError('POLICY_INVALID', `Notation trust policy: ${msg}`);

/** RFC 4514 text (`C=US, ST=WA, O=acme`) or a certificate's name → attribute map. */
export function dnOf(name: Name, what: string): Dn {
  const out = new Map<string, string>();
  for (const rdn of name.toJSON()) {
    for (const [type, values] of Object.entries(rdn)) {
      if (out.has(type) || values.length !== 1) throw new BulwarkError('POLICY_INVALID', `${what}: multi-valued attribute ${type} is not supported (as in notation)`);
      out.set(type, values[0]!);
    }
  }
  return out;
}

function parseIdentity(text: string, stmt: string): { text: string; dn: Dn } {
  const m = /^x509\.subject\s*:\s*(.+)$/.exec(text.trim());
  if (!m) throw bad(`statement ${stmt}: trusted identity ${JSON.stringify(text)} is not "x509.subject: <DN>" or "*"`);
  let dn: Dn;
  try {
    dn = dnOf(new (x509Lib().Name)(m[1]!), `statement ${stmt}`);
  } catch (e) {
    throw bad(`statement ${stmt}: trusted identity ${JSON.stringify(text)}: ${(e as Error).message}`);
  }
  const missing = REQUIRED_DN.filter((a) => !dn.has(a));
  if (missing.length) throw bad(`statement ${stmt}: trusted identity ${JSON.stringify(text)} lacks the mandatory attributes ${missing.join(', ')} (C, ST and O are required)`);
  return { text, dn };
}

/** PEM bundles or DER files of one store → certificates. */
function parseStore(id: string, files: string[]): X509Certificate[] {
  const certs: X509Certificate[] = [];
  for (const f of files) {
    const pems = f.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
    try {
      if (pems) certs.push(...pems.map((p) => new X509Certificate(p)));
      else certs.push(new X509Certificate(Buffer.from(f, 'base64')));
    } catch (e) {
      throw bad(`trust store ${id}: a file is not a certificate (${(e as Error).message})`);
    }
  }
  if (!certs.length) throw bad(`trust store ${id} holds no certificate`);
  return certs;
}

/** `registry[:port]/repository`: no tag, no digest, no whitespace. */
const validScope = (s: string): boolean => s.indexOf('/') > 0 && !/[\s@]/.test(s) && !s.slice(s.indexOf('/')).includes(':') && !s.endsWith('/');

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown, what: string): string[] => {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw bad(`${what} must be an array of strings`);
  return v as string[];
};

function actionsOf(sv: Record<string, unknown>, stmt: string): { level: Level; actions: Record<Validation, Action> } {
  const level = sv.level as Level;
  if (!(typeof level === 'string' && level in LEVELS)) throw bad(`statement ${stmt}: signatureVerification.level must be strict, permissive, audit or skip`);
  const actions = { ...LEVELS[level] };
  if (sv.override !== undefined) {
    if (!isObject(sv.override)) throw bad(`statement ${stmt}: signatureVerification.override must be an object`);
    if (level === 'skip') throw bad(`statement ${stmt}: level skip cannot be overridden`);
    for (const [k, v] of Object.entries(sv.override)) {
      if (!(OVERRIDABLE as readonly string[]).includes(k)) throw bad(`statement ${stmt}: ${k} cannot be overridden (only ${OVERRIDABLE.join(', ')})`);
      if (v !== 'enforce' && v !== 'log' && v !== 'skip') throw bad(`statement ${stmt}: override ${k} must be enforce, log or skip`);
      if (k === 'authenticity' && v === 'skip') throw bad(`statement ${stmt}: authenticity cannot be skipped (use level skip)`);
      actions[k as Validation] = v;
    }
  }
  return { level, actions };
}

/**
 * Version 1.1's `scopes` (`oci:<registry/repository>`, `oci:*`, `blob:<name>`, `blob:*`) → the OCI scopes in
 * 1.0's form. Blob scopes are checked but dropped: Bulwark verifies images.
 */
function ociScopes(v: unknown, name: string): string[] {
  const sc = strings(v, `statement ${name}: scopes`);
  if (!sc.length) throw bad(`statement ${name}: scopes is empty`);
  const oci: string[] = [];
  for (const s of sc) {
    if (s.startsWith('oci:')) oci.push(s.slice(4));
    else if (!/^blob:(\*|[A-Za-z0-9_-]+)$/.test(s)) throw bad(`statement ${name}: scope ${JSON.stringify(s)} is not "oci:<registry/repository>", "oci:*" or "blob:<name>"`);
  }
  return oci;
}

/** Version 1.0's `registryScopes` or 1.1's `scopes`, in 1.0's form. */
function listedScopes(raw: Record<string, unknown>, version: string, name: string): string[] {
  if (version === '1.0') {
    if (raw.scopes !== undefined) throw bad(`statement ${name}: "scopes" is a version 1.1 property; version 1.0 uses registryScopes`);
    const listed = strings(raw.registryScopes, `statement ${name}: registryScopes`);
    if (!listed.length) throw bad(`statement ${name}: registryScopes is empty`);
    return listed;
  }
  if (raw.registryScopes !== undefined) throw bad(`statement ${name}: version 1.1 uses "scopes" (oci:…), not registryScopes`);
  return ociScopes(raw.scopes, name);
}

/** A statement's registryScopes; `seen` collects scopes across statements (each may appear once). */
function scopesOf(sc: string[], name: string, seen: Set<string>): string[] {
  if (sc.includes('*') && sc.length > 1) throw bad(`statement ${name}: the wildcard scope "*" must be alone`);
  for (const s of sc) {
    if (s !== '*' && !validScope(s)) throw bad(`statement ${name}: registry scope ${JSON.stringify(s)} is not "registry/repository" (no tag or digest)`);
    if (seen.has(s)) throw bad(`registry scope ${JSON.stringify(s)} appears in more than one statement`);
    seen.add(s);
  }
  return sc;
}

/** notation-go's timestamp options of signatureVerification. */
function timestampOptions(sv: Record<string, unknown>, stmt: string): Pick<NotationStatement, 'verifyTimestamp' | 'skipTimestampRevocationCheck'> {
  const vt = sv.verifyTimestamp ?? 'always';
  if (vt !== 'always' && vt !== 'afterCertExpiry') throw bad(`statement ${stmt}: signatureVerification.verifyTimestamp must be "always" or "afterCertExpiry"`);
  const skip = sv.skipTimestampRevocationCheck ?? false;
  if (typeof skip !== 'boolean') throw bad(`statement ${stmt}: signatureVerification.skipTimestampRevocationCheck must be true or false`);
  return { verifyTimestamp: vt, skipTimestampRevocationCheck: skip };
}

/** `trustPolicy` is trust-policy.json's content; `trustStore` maps `ca:name` to that store's files. */
export function prepareNotation(trustPolicy: Record<string, unknown>, trustStore: Record<string, string[]>): PreparedNotation {
  const version = trustPolicy.version;
  if (typeof version !== 'string' || !VERSIONS.includes(version)) throw bad(`unsupported version ${JSON.stringify(version)} (Bulwark reads versions 1.0 and 1.1)`);
  const list = trustPolicy.trustPolicies;
  if (!Array.isArray(list) || !list.length) throw bad('trustPolicies must be a non-empty array');
  const names = new Set<string>();
  const scopes = new Set<string>();
  const statements: NotationStatement[] = [];
  for (const [i, raw] of list.entries()) {
    if (!isObject(raw)) throw bad(`trustPolicies[${i}] is not an object`);
    const name = raw.name;
    if (typeof name !== 'string' || !name) throw bad(`trustPolicies[${i}] has no name`);
    if (names.has(name)) throw bad(`statement name ${JSON.stringify(name)} is used twice`);
    names.add(name);
    const sc = scopesOf(listedScopes(raw, version, name), name, scopes);
    if (!isObject(raw.signatureVerification)) throw bad(`statement ${name}: signatureVerification is missing`);
    const { level, actions } = actionsOf(raw.signatureVerification, name);
    const storeIds = raw.trustStores === undefined ? [] : strings(raw.trustStores, `statement ${name}: trustStores`);
    const ids = raw.trustedIdentities === undefined ? [] : strings(raw.trustedIdentities, `statement ${name}: trustedIdentities`);
    const ts = timestampOptions(raw.signatureVerification, name);
    if (level === 'skip') {
      if (storeIds.length || ids.length) throw bad(`statement ${name}: level skip must not have trustStores or trustedIdentities`);
      statements.push({ name, scopes: sc, level, actions, stores: [], identities: [], ...ts });
      continue;
    }
    if (!storeIds.length) throw bad(`statement ${name}: trustStores is empty`);
    if (!ids.length) throw bad(`statement ${name}: trustedIdentities is empty`);
    if (ids.includes('*') && ids.length > 1) throw bad(`statement ${name}: the wildcard identity "*" must be alone`);
    const stores = storeIds.map((id) => {
      const [type, storeName] = id.split(':');
      if (!(STORE_TYPES as readonly string[]).includes(type ?? '') || !storeName) throw bad(`statement ${name}: trust store ${JSON.stringify(id)} is not "ca:<name>", "signingAuthority:<name>" or "tsa:<name>"`);
      const files = trustStore[id];
      if (!files) throw bad(`statement ${name}: trust store ${id} not found (expected <trust store dir>/x509/${type}/${storeName}/*.pem|crt)`);
      return { id, type: type as StoreType, certs: parseStore(id, files) };
    });
    if (!stores.some((st) => st.type !== 'tsa')) throw bad(`statement ${name}: trustStores names no "ca:" or "signingAuthority:" store (a "tsa:" store only vouches for timestamps)`);
    statements.push({ name, scopes: sc, level, actions, stores, identities: ids[0] === '*' ? '*' : ids.map((t) => parseIdentity(t, name)), ...ts });
  }
  return { statements };
}

/** Notation's selection: the statement naming the repository exactly, else the wildcard one. */
export function statementFor(n: PreparedNotation, repository: string): NotationStatement | undefined {
  return n.statements.find((s) => s.scopes.includes(repository)) ?? n.statements.find((s) => s.scopes.includes('*'));
}

/** notation-go's IsSubsetDN: every attribute of the trusted identity is in the certificate's subject. */
export function dnSubset(trusted: Dn, subject: Dn): boolean {
  for (const [k, v] of trusted) if (subject.get(k) !== v) return false;
  return true;
}
