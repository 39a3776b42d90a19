/**
 * DSSE envelopes and in-toto Statements: the envelope's PAE signature (through @sigstore/core's PAE and
 * node:crypto), the Statement's subject digest against the verified digest, the predicate type (cosign's
 * aliases), and a CEL policy over the statement.
 */
import type * as SigstoreCore from '@sigstore/core';
import { Environment } from '@marcbachmann/cel-js';
import { BulwarkError, lazy } from '../core/index.js';

const sigstoreCore = lazy<typeof SigstoreCore>('@sigstore/core');
import type { Check } from './types.js';

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** cosign's `--type` aliases (cosign/pkg/cosign/attestation, options.PredicateTypeMap). */
const PREDICATE_TYPES: Readonly<Record<string, string>> = {
  custom: 'https://cosign.sigstore.dev/attestation/v1',
  slsaprovenance: 'https://slsa.dev/provenance/v0.2',
  slsaprovenance02: 'https://slsa.dev/provenance/v0.2',
  slsaprovenance1: 'https://slsa.dev/provenance/v1',
  spdx: 'https://spdx.dev/Document',
  spdxjson: 'https://spdx.dev/Document',
  cyclonedx: 'https://cyclonedx.org/bom',
  vuln: 'https://cosign.sigstore.dev/attestation/vuln/v1',
  openvex: 'https://openvex.dev/ns',
  link: 'https://in-toto.io/Link/v1',
};

/** The predicate type cosign signs image signatures with in the new bundle format. */
export const COSIGN_SIGN_PREDICATE = 'https://sigstore.dev/cosign/sign/v1';

/** Alias or URI → URI; anything else is a usage error (cosign refuses unknown aliases too). */
export function predicateTypeUri(type: string): string {
  const alias = PREDICATE_TYPES[type.toLowerCase()];
  if (alias) return alias;
  if (/^[a-z][a-z0-9+.-]*:/i.test(type)) return type;
  throw new BulwarkError('USAGE', `--type: unknown predicate type "${type}" (use ${Object.keys(PREDICATE_TYPES).join(', ')} or a URI)`);
}

interface DsseEnvelope {
  payloadType: string;
  payload: Buffer;
  signatures: Array<{ keyid: string; sig: Buffer }>;
}

/** Parses the JSON envelope (`payload` and `sig` base64); throws MALFORMED_DOCUMENT. */
export function parseEnvelope(json: unknown, what: string): DsseEnvelope {
  const e = json as { payloadType?: unknown; payload?: unknown; signatures?: unknown };
  if (!e || typeof e.payloadType !== 'string' || typeof e.payload !== 'string' || !Array.isArray(e.signatures) || !e.signatures.length) {
    throw new BulwarkError('MALFORMED_DOCUMENT', `${what}: not a DSSE envelope (payloadType, payload, signatures)`);
  }
  return {
    payloadType: e.payloadType,
    payload: Buffer.from(e.payload, 'base64'),
    signatures: (e.signatures as Array<{ keyid?: unknown; sig?: unknown }>).map((s) => ({
      keyid: typeof s.keyid === 'string' ? s.keyid : '',
      sig: Buffer.from(typeof s.sig === 'string' ? s.sig : '', 'base64'),
    })),
  };
}

export function envelopeJson(env: DsseEnvelope): Record<string, unknown> {
  return {
    payloadType: env.payloadType, payload: env.payload.toString('base64'),
    signatures: env.signatures.map((s) => ({ keyid: s.keyid, sig: s.sig.toString('base64') })),
  };
}

export function pae(env: Pick<DsseEnvelope, 'payloadType' | 'payload'>): Buffer {
  return sigstoreCore().dsse.preAuthEncoding(env.payloadType, env.payload);
}

interface Statement {
  _type: string;
  subject: Array<{ name?: string; digest: Record<string, string> }>;
  predicateType: string;
  predicate: unknown;
}

/** Parses an in-toto Statement (v0.1 or v1); undefined when the payload is not one. */
export function parseStatement(payload: Buffer): Statement | undefined {
  try {
    const s = JSON.parse(payload.toString('utf8')) as Partial<Statement>;
    if (typeof s._type !== 'string' || !s._type.startsWith('https://in-toto.io/Statement/')) return undefined;
    if (typeof s.predicateType !== 'string' || !Array.isArray(s.subject)) return undefined;
    return { _type: s._type, predicateType: s.predicateType, predicate: s.predicate ?? null,
      subject: s.subject.filter((x) => x && typeof x === 'object').map((x) => ({ ...(typeof x.name === 'string' ? { name: x.name } : {}), digest: (x.digest && typeof x.digest === 'object' ? x.digest : {}) as Record<string, string> })) };
  } catch {
    return undefined;
  }
}

/** Some subject has sha256 = `digest` (`sha256:<hex>` or bare hex). */
export function subjectCheck(st: Statement, digest: string): Check {
  const hex = digest.replace(/^sha256:/, '').toLowerCase();
  if (!st.subject.length) return { name: 'digest-binding', ok: false, detail: 'in-toto statement has no subject' };
  const ok = st.subject.some((s) => typeof s.digest.sha256 === 'string' && s.digest.sha256.toLowerCase() === hex);
  const listed = st.subject.map((s) => s.digest.sha256 ? `sha256:${s.digest.sha256}` : '(no sha256)').join(', ');
  return { name: 'digest-binding', ok, detail: ok ? `in-toto subject names sha256:${hex}` : `in-toto subject ${listed} does not name sha256:${hex}` };
}

export function predicateCheck(st: Statement, wantUri: string): Check {
  const ok = st.predicateType === wantUri;
  return { name: 'predicate-type', ok, detail: ok ? `predicate type ${wantUri}` : `predicate type is ${st.predicateType}, not ${wantUri}` };
}

const celEnv = new Environment({ unlistedVariablesAreDyn: true, enableOptionalTypes: true, homogeneousAggregateLiterals: false });

export type CompiledCel = (st: Statement) => Check;

/**
 * Compiles a CEL expression over the statement: variables `predicate`, `predicateType`, `subject` and
 * `statement`. It must evaluate to true; anything else (false, an error, a non-boolean) fails `policy`.
 */
export function compileCel(source: string, what: string): CompiledCel {
  let fn: (vars: Record<string, unknown>) => unknown;
  try {
    fn = celEnv.parse(source) as unknown as (vars: Record<string, unknown>) => unknown;
  } catch (e) {
    throw new BulwarkError('POLICY_INVALID', `${what}: invalid CEL expression: ${(e as Error).message.split('\n')[0]}`, { cause: e });
  }
  return (st) => {
    try {
      const v = fn({ predicate: st.predicate, predicateType: st.predicateType, subject: st.subject, statement: st });
      return v === true ? { name: 'policy', ok: true, detail: `CEL ${source} is true` } : { name: 'policy', ok: false, detail: `CEL ${source} is ${JSON.stringify(v)}` };
    } catch (e) {
      return { name: 'policy', ok: false, detail: `CEL ${source} failed: ${(e as Error).message.split('\n')[0]}` };
    }
  };
}
