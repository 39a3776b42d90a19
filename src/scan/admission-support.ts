/**
 * What the admission webhook (L7) needs from below scan/: the one Kubernetes engine (PSS, built-in checks,
 * CEL/VAP) re-exported unchanged, and the OCI client behind one use-case, tag → digest resolution. Admission
 * never imports k8s/ or oci/ itself, so there is no second implementation of any check.
 */
import { BulwarkError } from '../core/index.js';
import { RegistryClientPool, formatReference, parseReference, type ImageReference } from '../oci/index.js';
import { compileCel } from '../supplychain/index.js';

export {
  toK8sObject, podTemplateOf, containersOf, evaluatePss, LATEST_VERIFIED_MINOR, builtinChecks, createEngine, evaluateObject,
  compilePolicies, parseManifests, WORKLOAD_KINDS, type K8sObject, type PssLevel, type CompiledPolicy, type Engine, type EngineFinding,
} from '../k8s/index.js';
export type { ImageReference } from '../oci/index.js';

export interface DigestResolverOptions {
  /** Registries reached over plain HTTP / without TLS verification. */
  insecureRegistries?: readonly string[];
  dockerConfig?: string;
  /** Socket idle timeout per registry request, ms. */
  timeoutMs?: number;
}

export interface DigestResolver {
  /** `registry/repo:tag` → the manifest (or index) digest the registry serves for the tag now. */
  resolve(ref: ImageReference, signal?: AbortSignal): Promise<string>;
  close(): void;
}

/** The registry-backed resolver, whose clients signature verification of the same images reuses (verifyImage's `clients`). */
export interface RegistryDigestResolver extends DigestResolver {
  readonly clients: RegistryClientPool;
}

/**
 * One RegistryClient per registry (kept-alive connections, cached tokens). A single attempt: admission has a
 * deadline, and a failure goes to the policy's failure action instead of a retry loop.
 */
export function createDigestResolver(opts: DigestResolverOptions = {}): RegistryDigestResolver {
  const insecure = new Set(opts.insecureRegistries ?? []);
  const clients = new RegistryClientPool((registry) => ({
    insecure: insecure.has(registry), retry: { attempts: 1 }, timeoutMs: opts.timeoutMs ?? 5_000,
    ...(opts.dockerConfig ? { dockerConfig: opts.dockerConfig } : {}),
  }));
  return {
    async resolve(ref, signal) {
      if (ref.digest) return ref.digest;
      if (!ref.tag) throw new BulwarkError('USAGE', `${ref.registry}/${ref.repository}: no tag to resolve`);
      const client = clients.get(ref.registry);
      const head = await abortable(client.headManifest(ref.repository, ref.tag), signal);
      if (head?.digest) return head.digest;
      if (!head) throw new BulwarkError('IMAGE_NOT_FOUND', `${ref.registry}/${ref.repository}:${ref.tag} not found in the registry`);
      // A registry that omits Docker-Content-Digest on HEAD: the digest of the bytes it serves.
      return (await abortable(client.getManifest(ref.repository, ref.tag), signal)).digest;
    },
    clients,
    close() {
      clients.close();
    },
  };
}

function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new BulwarkError('REGISTRY_UNREACHABLE', 'digest resolution timed out'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    p.then((v) => { signal.removeEventListener('abort', onAbort); resolve(v); }, (e: unknown) => { signal.removeEventListener('abort', onAbort); reject(e); });
  });
}

/** `registry/repo[:tag][@digest]`. */
export function formatImageReference(ref: ImageReference): string {
  return formatReference(ref);
}

/** Parses a user-typed reference (undefined when invalid) so admission never imports oci/. */
export function tryParseReference(image: string): ImageReference | undefined {
  try {
    return parseReference(image);
  } catch {
    return undefined;
  }
}

export {
  verifyImage, verifyImageAttestations, preparePolicy, parsePublicKey, parseTrustedRoot, VerificationCache, type PreparedPolicy, type IdentityMatcher,
} from './verify-image.js';
export { predicateTypeUri } from '../supplychain/index.js';

/** Compiles an attestation policy's CEL (the one supplychain evaluates) so a mistake is caught at policy load. */
export function checkAttestationCel(source: string, what: string): void {
  compileCel(source, what);
}
