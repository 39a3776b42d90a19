/**
 * Use-cases for image signatures: verify (signatures or attestations) and sign/attest a reference. The
 * tag is resolved to a digest first; an index's platform manifest is a subject too. Decisions are cached
 * by (digest, policy hash): with a digest reference a cached decision needs no network at all, which is
 * what the admission webhook relies on.
 */
import { BulwarkError, silentLogger, type Logger } from '../core/index.js';
import {
  DEFAULT_PLATFORM, RegistryClient, formatReference, parsePlatform, parseReference, selectPlatform,
  type FetchedManifest, type ImageReference, type RegistryClientOptions, type RegistryClientPool,
} from '../oci/index.js';
import {
  attestImage, preparePolicy, signImage, verifyImageDigests,
  type PreparedPolicy, type SignaturePolicy, type SigningIdentity, type SignOutcome, type VerificationCache, type VerifyResult,
} from '../supplychain/index.js';

export interface VerifyImageDeps {
  /** Registry connection settings (credentials, --insecure, retries) of a client made for this call. */
  registry?: RegistryClientOptions;
  /** Clients kept across calls (their own settings; `registry` is then unused); the caller closes them. */
  clients?: RegistryClientPool;
  /** Decision cache shared across calls (admission keeps one per process). */
  cache?: VerificationCache;
  /** Platform whose manifest is also a subject when the reference is an index (default linux/amd64). */
  platform?: string;
  logger?: Logger;
}

export interface VerifyImageResult extends VerifyResult {
  reference: string;
  /** `registry/repository@digest`: what to pull so that the verified bytes are the ones used. */
  pinned: string;
  /** The policy hash the decision is cached under. */
  policyHash: string;
  /** True when the decision came from the cache. */
  cached: boolean;
}

interface Resolved {
  ref: ImageReference;
  client: RegistryClient;
  /** Closes the client when this call made it; a pooled one stays open. */
  done(): void;
  top: FetchedManifest;
  platform?: FetchedManifest;
}

async function resolve(reference: string, deps: VerifyImageDeps): Promise<Resolved> {
  const ref = parseReference(reference);
  const client = deps.clients?.get(ref.registry) ?? new RegistryClient(ref.registry, { ...deps.registry, logger: deps.logger ?? deps.registry?.logger ?? silentLogger });
  const done = deps.clients ? () => undefined : () => client.close();
  try {
    const top = await client.getManifest(ref.repository, ref.digest ?? ref.tag ?? 'latest');
    if (top.document.kind !== 'index') return { ref, client, done, top };
    const want = deps.platform ? parsePlatform(deps.platform) : DEFAULT_PLATFORM;
    let platform: FetchedManifest | undefined;
    try {
      const desc = selectPlatform(top.document.index, want, formatReference(ref));
      platform = await client.getManifest(ref.repository, desc.digest);
    } catch (e) {
      // An index without the platform can still be verified by its own signatures.
      if (!(e instanceof BulwarkError && e.code === 'PLATFORM_NOT_FOUND')) throw e;
    }
    return { ref, client, done, top, ...(platform ? { platform } : {}) };
  } catch (e) {
    done();
    throw e;
  }
}

const prepared = (policy: SignaturePolicy | PreparedPolicy): PreparedPolicy => ('hash' in policy && 'keys' in policy && 'keyedOptions' in policy ? policy : preparePolicy(policy as SignaturePolicy));

async function verify(reference: string, policy: SignaturePolicy | PreparedPolicy, deps: VerifyImageDeps, mode: 'signatures' | 'attestations'): Promise<VerifyImageResult> {
  const p = prepared(policy);
  // Attestation decisions depend on the type and CEL policy, which are part of the policy hash.
  const hash = mode === 'attestations' ? `${p.hash}+att` : p.hash;
  const ref = parseReference(reference);
  if (ref.digest && deps.cache) {
    const hit = deps.cache.get(ref.digest, hash);
    if (hit) return { ...hit, reference, pinned: `${ref.registry}/${ref.repository}@${ref.digest}`, policyHash: hash, cached: true };
  }
  const r = await resolve(reference, deps);
  try {
    const digests = [r.top.digest, ...(r.platform ? [r.platform.digest] : [])];
    const cachedTop = !ref.digest && deps.cache?.get(r.top.digest, hash);
    const pinned = `${r.ref.registry}/${r.ref.repository}@${r.top.digest}`;
    if (cachedTop) return { ...cachedTop, reference, pinned, policyHash: hash, cached: true };
    const manifests = new Map([[r.top.digest, r.top.bytes], ...(r.platform ? [[r.platform.digest, r.platform.bytes] as const] : [])]);
    const mediaTypes = new Map([[r.top.digest, r.top.mediaType], ...(r.platform ? [[r.platform.digest, r.platform.mediaType] as const] : [])]);
    const result = await verifyImageDigests({
      client: r.client, repository: `${r.ref.registry}/${r.ref.repository}`, path: r.ref.repository, digests, manifests, mediaTypes,
    }, p, mode);
    deps.cache?.set(r.top.digest, hash, result);
    return { ...result, reference, pinned, policyHash: hash, cached: false };
  } finally {
    r.done();
  }
}

/** Verifies the signatures of an image (cosign `.sig`, Sigstore bundles, Notation). */
export function verifyImage(reference: string, policy: SignaturePolicy | PreparedPolicy, deps: VerifyImageDeps = {}): Promise<VerifyImageResult> {
  return verify(reference, policy, deps, 'signatures');
}

/** Verifies attestations (policy.attestation: type and CEL) of an image. */
export function verifyImageAttestations(reference: string, policy: SignaturePolicy | PreparedPolicy, deps: VerifyImageDeps = {}): Promise<VerifyImageResult> {
  if (!('attestation' in (('policy' in policy ? policy.policy : policy) as SignaturePolicy))) throw new BulwarkError('USAGE', 'verify-attestation needs --type');
  return verify(reference, policy, deps, 'attestations');
}

async function target<T>(reference: string, deps: VerifyImageDeps, fn: (t: Parameters<typeof signImage>[0]) => Promise<T>): Promise<T> {
  const r = await resolve(reference, { ...deps, platform: undefined });
  try {
    const subject = { mediaType: r.top.mediaType, digest: r.top.digest, size: r.top.size };
    return await fn({ client: r.client, path: r.ref.repository, name: `${r.ref.registry}/${r.ref.repository}`, subject });
  } finally {
    r.done();
  }
}

/** Signs the digest the reference resolves to (an index is signed as a whole, as cosign does). */
export function signImageReference(reference: string, id: SigningIdentity, opts: { bundle?: boolean } & VerifyImageDeps = {}): Promise<SignOutcome & { subject: string }> {
  return target(reference, opts, async (t) => ({ ...(await signImage(t, id, opts)), subject: t.subject.digest }));
}

/**
 * Attests the digest the reference resolves to. `predicate` may be a function of the pinned reference
 * (`registry/repo@sha256:…`), so a predicate computed from the image (Bulwark's own SBOM) describes
 * exactly the digest that is attested even if the tag moves meanwhile.
 */
export function attestImageReference(
  reference: string, id: SigningIdentity, predicateType: string,
  predicate: unknown | ((pinned: string) => Promise<unknown>), opts: { bundle?: boolean } & VerifyImageDeps = {},
): Promise<SignOutcome & { subject: string }> {
  return target(reference, opts, async (t) => {
    const body = typeof predicate === 'function' ? await (predicate as (pinned: string) => Promise<unknown>)(`${t.name}@${t.subject.digest}`) : predicate;
    return { ...(await attestImage(t, id, predicateType, body, opts)), subject: t.subject.digest };
  });
}

// What callers of these use-cases (CLI, admission webhook) need from supplychain/ and oci/, without importing them.
export { RegistryClientPool } from '../oci/index.js';
export { preparePolicy, VerificationCache, parsePublicKey, parseTrustedRoot, fetchTrustedRoot } from '../supplychain/index.js';
export type { PreparedPolicy, SignaturePolicy, SignatureResult, VerifyResult, Failure, Check, IdentityMatcher, VerificationCacheOptions } from '../supplychain/index.js';
