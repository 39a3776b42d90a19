/**
 * Trust material for @sigstore/verify: a trusted_root.json (Fulcio CAs, Rekor and CT log keys, TSAs)
 * given as a file for air-gapped use, or fetched through TUF (@sigstore/tuf) when online, plus the
 * configured public keys. Built once per policy and reused for every signature.
 */
import type { KeyObject } from 'node:crypto';
import type * as ProtobufSpecs from '@sigstore/protobuf-specs';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import type * as SigstoreVerify from '@sigstore/verify';
import type { TrustMaterial } from '@sigstore/verify';
import { BulwarkError, lazy } from '../core/index.js';

// Loaded on first use (start-up of commands that verify nothing).
const protobufSpecs = lazy<typeof ProtobufSpecs>('@sigstore/protobuf-specs');
const sigstoreVerify = lazy<typeof SigstoreVerify>('@sigstore/verify');
import type { TrustedRootJson } from './types.js';

/** A trust root with no authorities: key-based verification without Rekor needs nothing else. */
const EMPTY_ROOT: TrustedRootJson = {
  mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
  tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [],
};

/** Checks and converts trusted_root.json; `what` names the file in errors. */
export function parseTrustedRoot(json: unknown, what: string): TrustedRoot {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new BulwarkError('MALFORMED_DOCUMENT', `${what}: a trusted root is a JSON object`);
  }
  const doc = json as Record<string, unknown>;
  if (typeof doc.mediaType !== 'string' || !doc.mediaType.startsWith('application/vnd.dev.sigstore.trustedroot')) {
    throw new BulwarkError('MALFORMED_DOCUMENT', `${what}: not a Sigstore trusted root (mediaType ${JSON.stringify(doc.mediaType)})`);
  }
  try {
    return protobufSpecs().TrustedRoot.fromJSON(doc);
  } catch (e) {
    throw new BulwarkError('MALFORMED_DOCUMENT', `${what}: ${(e as Error).message}`, { cause: e });
  }
}

/** Trust material whose key finder always returns `key` (legacy signatures carry no key hint). */
export function trustMaterialFor(root: TrustedRootJson | undefined, key?: KeyObject): TrustMaterial {
  const parsed = parseTrustedRoot(root ?? EMPTY_ROOT, 'trusted root');
  if (!key) return sigstoreVerify().toTrustMaterial(parsed);
  return sigstoreVerify().toTrustMaterial(parsed, () => ({ publicKey: key, validFor: () => true }));
}

/**
 * The public-good trusted root through TUF. Only called when the caller gave no trusted root and is
 * online; `cachePath` keeps TUF metadata between runs.
 */
export async function fetchTrustedRoot(cachePath?: string): Promise<TrustedRootJson> {
  const { getTrustedRoot } = await import('@sigstore/tuf');
  try {
    const root = await getTrustedRoot(cachePath ? { cachePath } : {});
    return protobufSpecs().TrustedRoot.toJSON(root) as TrustedRootJson;
  } catch (e) {
    throw new BulwarkError('REGISTRY_UNREACHABLE', `TUF refresh of the Sigstore trusted root failed (${(e as Error).message}); pass --trusted-root trusted_root.json when offline`, { cause: e });
  }
}
