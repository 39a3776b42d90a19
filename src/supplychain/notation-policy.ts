/**
 * Notation's trust policy (notaryproject specification "trust-store-trust-policy", version 1.0) and
 * trust store, checked and parsed once per policy. Bad policies are rejected here, before any registry
 * is contacted, with notation's own rules: unique names and scopes, `*` alone, skip level without
 * stores/identities, identities with at least C, ST and O.
 */
import 'reflect-metadata';
import { X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { BulwarkError } from '../core/index.js';

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
const STORE_TYPES = ['ca', 'signingAuthority'] as const;
const REQUIRED_DN = ['C', 'ST', 'O'];

/** A distinguished name as attribute type → value (notation rejects multi-valued attributes). */
type Dn = ReadonlyMap<string, string>;

interface NotationStatement {
  name: string;
  scopes: string[];
  level: Level;
  actions: Record<Validation, Action>;
  /** `ca:name` / `signingAuthority:name`, with their parsed certificates. */
  stores: Array<{ id: string; certs: X509Certificate[] }>;
  /** `'*'` trusts every identity the stores vouch for. */
  identities: '*' | Array<{ text: string; dn: Dn }>;
}

export interface PreparedNotation {
  statements: NotationStatement[];
}

const bad = (msg: string): BulwarkError => new BulwarkError('POLICY_INVALID', `Notation trust policy: ${msg}`);

/** RFC 4514 text (`C=US, ST=WA, O=acme`) or a certificate's name → attribute map. */
export function dnOf(name: x509.Name, what: string): Dn {
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
    dn = dnOf(new x509.Name(m[1]!), `statement ${stmt}`);
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

/** A statement's registryScopes; `seen` collects scopes across statements (each may appear once). */
function scopesOf(v: unknown, name: string, seen: Set<string>): string[] {
  const sc = strings(v, `statement ${name}: registryScopes`);
  if (!sc.length) throw bad(`statement ${name}: registryScopes is empty`);
  if (sc.includes('*') && sc.length > 1) throw bad(`statement ${name}: the wildcard scope "*" must be alone`);
  for (const s of sc) {
    if (s !== '*' && !validScope(s)) throw bad(`statement ${name}: registry scope ${JSON.stringify(s)} is not "registry/repository" (no tag or digest)`);
    if (seen.has(s)) throw bad(`registry scope ${JSON.stringify(s)} appears in more than one statement`);
    seen.add(s);
  }
  return sc;
}

/** `trustPolicy` is trust-policy.json's content; `trustStore` maps `ca:name` to that store's files. */
export function prepareNotation(trustPolicy: Record<string, unknown>, trustStore: Record<string, string[]>): PreparedNotation {
  if (trustPolicy.version !== '1.0') throw bad(`version must be "1.0", got ${JSON.stringify(trustPolicy.version)}`);
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
    const sc = scopesOf(raw.registryScopes, name, scopes);
    if (!isObject(raw.signatureVerification)) throw bad(`statement ${name}: signatureVerification is missing`);
    const { level, actions } = actionsOf(raw.signatureVerification, name);
    const storeIds = raw.trustStores === undefined ? [] : strings(raw.trustStores, `statement ${name}: trustStores`);
    const ids = raw.trustedIdentities === undefined ? [] : strings(raw.trustedIdentities, `statement ${name}: trustedIdentities`);
    if (level === 'skip') {
      if (storeIds.length || ids.length) throw bad(`statement ${name}: level skip must not have trustStores or trustedIdentities`);
      statements.push({ name, scopes: sc, level, actions, stores: [], identities: [] });
      continue;
    }
    if (!storeIds.length) throw bad(`statement ${name}: trustStores is empty`);
    if (!ids.length) throw bad(`statement ${name}: trustedIdentities is empty`);
    if (ids.includes('*') && ids.length > 1) throw bad(`statement ${name}: the wildcard identity "*" must be alone`);
    const stores = storeIds.map((id) => {
      const [type, storeName] = id.split(':');
      if (!(STORE_TYPES as readonly string[]).includes(type ?? '') || !storeName) throw bad(`statement ${name}: trust store ${JSON.stringify(id)} is not "ca:<name>" or "signingAuthority:<name>"`);
      const files = trustStore[id];
      if (!files) throw bad(`statement ${name}: trust store ${id} not found (expected <trust store dir>/x509/${type}/${storeName}/*.pem|crt)`);
      return { id, certs: parseStore(id, files) };
    });
    statements.push({ name, scopes: sc, level, actions, stores, identities: ids[0] === '*' ? '*' : ids.map((t) => parseIdentity(t, name)) });
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
