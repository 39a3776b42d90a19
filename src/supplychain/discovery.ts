/**
 * Finds every signature artifact attached to one digest: cosign's `sha256-<hex>.sig` / `.att` tags and
 * OCI 1.1 referrers (Sigstore bundles, Notation signatures) through the referrers API or its tag-schema
 * fallback. Reading is bounded; an unreadable artifact becomes a `discovery` failure of that candidate
 * rather than an exception, so one bad artifact never hides a good signature.
 */
import { BulwarkError } from '../core/index.js';
import type { Descriptor, RegistryClient } from '../oci/index.js';
import { cosignTag } from './cosign.js';
import type { Failure } from './types.js';

/** cosign's default attachment limit is far larger; signatures and attestations here are small JSON. */
const MAX_ARTIFACT_BYTES = 8 * 1024 * 1024;
const MAX_CANDIDATES = 64;

export const BUNDLE_MEDIA_TYPES = [
  'application/vnd.dev.sigstore.bundle.v0.3+json',
  'application/vnd.dev.sigstore.bundle+json;version=0.3',
  'application/vnd.dev.sigstore.bundle+json;version=0.2',
  'application/vnd.dev.sigstore.bundle+json;version=0.1',
] as const;
const NOTATION_ARTIFACT_TYPE = 'application/vnd.cncf.notary.signature';
const NOTATION_COSE = 'application/cose';
/** Annotation cosign sets on bundle referrers: the DSSE predicate type, or cosign's sign predicate. */
export const BUNDLE_PREDICATE_ANNOTATION = 'dev.sigstore.bundle.predicateType';

export type Candidate =
  | { kind: 'cosign'; source: string; subject: string; payload: Buffer; annotations: Record<string, string> }
  /** `raw`: the layer's bytes as stored, which cosign's RFC 3161 timestamp annotation stamps on `.att` layers. */
  | { kind: 'cosign-attestation'; source: string; subject: string; envelope: unknown; raw?: Buffer; annotations: Record<string, string> }
  | { kind: 'sigstore-bundle'; source: string; subject: string; bundle: unknown; predicateType?: string }
  | { kind: 'notation-jws' | 'notation-cose'; source: string; subject: string; envelope: Buffer; annotations: Record<string, string> }
  | { kind: 'unreadable'; source: string; subject: string; failure: Failure };

interface Discovery {
  candidates: Candidate[];
  /** Which places were looked at (for "no signatures found" messages). */
  looked: string[];
}

async function layersOf(client: RegistryClient, repo: string, tag: string): Promise<Descriptor[] | undefined> {
  const m = await client.findManifest(repo, tag);
  if (!m) return undefined;
  return m.document.kind === 'manifest' ? m.document.manifest.layers : [];
}

function unreadable(source: string, subject: string, e: unknown): Candidate {
  const reason = e instanceof BulwarkError ? e.message : (e as Error).message;
  return { kind: 'unreadable', source, subject, failure: { check: 'discovery', reason } };
}

async function blobJson(client: RegistryClient, repo: string, d: Descriptor): Promise<{ json: unknown; raw: Buffer }> {
  const raw = await client.getBlobBytes(repo, d, MAX_ARTIFACT_BYTES);
  try {
    return { json: JSON.parse(raw.toString('utf8')), raw };
  } catch {
    throw new BulwarkError('MALFORMED_DOCUMENT', `blob ${d.digest} is not JSON (truncated or corrupt)`);
  }
}

/** cosign `.sig` (and `.att` when `attestations`) for `digest`. */
async function legacy(client: RegistryClient, repo: string, digest: string, suffix: '.sig' | '.att', out: Candidate[], looked: string[]): Promise<void> {
  const tag = cosignTag(digest, suffix);
  looked.push(`tag ${tag}`);
  let layers: Descriptor[] | undefined;
  try {
    layers = await layersOf(client, repo, tag);
  } catch (e) {
    out.push(unreadable(`tag ${tag}`, digest, e));
    return;
  }
  for (const [i, l] of (layers ?? []).entries()) {
    const source = `tag ${tag} layer ${i}`;
    const annotations = l.annotations ?? {};
    try {
      if (suffix === '.sig') {
        out.push({ kind: 'cosign', source, subject: digest, payload: await client.getBlobBytes(repo, l, MAX_ARTIFACT_BYTES), annotations });
      } else {
        const { json, raw } = await blobJson(client, repo, l);
        out.push({ kind: 'cosign-attestation', source, subject: digest, envelope: json, raw, annotations });
      }
    } catch (e) {
      out.push(unreadable(source, digest, e));
    }
  }
}

async function referrers(client: RegistryClient, repo: string, digest: string, out: Candidate[], looked: string[]): Promise<void> {
  let list: Descriptor[];
  try {
    const r = await client.referrers(repo, digest);
    looked.push(r.via === 'api' ? 'referrers API' : `referrers tag ${cosignTag(digest, '')}`);
    list = r.descriptors;
  } catch (e) {
    out.push(unreadable('referrers', digest, e));
    return;
  }
  for (const d of list) {
    const type = d.artifactType ?? '';
    const isBundle = (BUNDLE_MEDIA_TYPES as readonly string[]).includes(type);
    if (!isBundle && type !== NOTATION_ARTIFACT_TYPE) continue;
    const source = `referrer ${d.digest}`;
    try {
      const m = await client.getManifest(repo, d.digest);
      if (m.document.kind !== 'manifest') throw new BulwarkError('MALFORMED_DOCUMENT', 'referrer is an index, not a manifest');
      const man = m.document.manifest;
      // The referrer must point back at this digest: a descriptor copied into another image's index
      // would otherwise be accepted for it.
      if (man.subject?.digest !== digest) throw new BulwarkError('MALFORMED_DOCUMENT', `referrer's subject is ${man.subject?.digest ?? 'missing'}, not ${digest}`);
      const layer = man.layers[0];
      if (!layer) throw new BulwarkError('MALFORMED_DOCUMENT', 'referrer has no layer');
      if (isBundle) {
        const predicateType = man.annotations?.[BUNDLE_PREDICATE_ANNOTATION] ?? d.annotations?.[BUNDLE_PREDICATE_ANNOTATION];
        out.push({ kind: 'sigstore-bundle', source, subject: digest, bundle: (await blobJson(client, repo, layer)).json, ...(predicateType ? { predicateType } : {}) });
      } else {
        const kind = layer.mediaType === NOTATION_COSE ? 'notation-cose' : 'notation-jws';
        out.push({ kind, source, subject: digest, envelope: await client.getBlobBytes(repo, layer, MAX_ARTIFACT_BYTES), annotations: man.annotations ?? {} });
      }
    } catch (e) {
      out.push(unreadable(source, digest, e));
    }
    if (out.length >= MAX_CANDIDATES) return;
  }
}

/** Every candidate for `digest` in `repo`; `what` selects image signatures or attestations. */
export async function discover(client: RegistryClient, repo: string, digest: string, what: 'signatures' | 'attestations'): Promise<Discovery> {
  const candidates: Candidate[] = [];
  const looked: string[] = [];
  await legacy(client, repo, digest, what === 'signatures' ? '.sig' : '.att', candidates, looked);
  await referrers(client, repo, digest, candidates, looked);
  return { candidates: candidates.slice(0, MAX_CANDIDATES), looked };
}
