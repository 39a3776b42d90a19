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

/** Where and from whom `fetchTrustedRoot` refreshes the trusted root. */
interface TufOptions {
  /** TUF metadata and targets between runs (Bulwark's CLI: `<cache dir>/sigstore-tuf`). */
  cachePath?: string;
  /** A private Sigstore deployment's TUF repository; default the public-good instance's CDN. */
  mirrorURL?: string;
  /** The initial (trust-on-first-use) root.json for `mirrorURL`; the public-good root ships with @sigstore/tuf. */
  rootPath?: string;
}

/** tuf-js and make-fetch-happen errors that mean "could not reach the mirror", not "the mirror lied". */
function unreachable(e: unknown): boolean {
  for (let c = e as { code?: string; name?: string; cause?: unknown } | undefined, depth = 0; c && depth < 5; c = c.cause as typeof c, depth++) {
    if (c.name === 'DownloadHTTPError' || c.name === 'FetchError' || /^(ECONN|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)/.test(c.code ?? '')) return true;
  }
  return false;
}

/** The innermost message of an error chain (@sigstore/tuf wraps tuf-js's errors in a generic one). */
function rootCause(e: unknown): string {
  let c = e as { message?: string; name?: string; cause?: unknown };
  for (let depth = 0; c?.cause && depth < 5; depth++) c = c.cause as typeof c;
  return `${c?.name && c.name !== 'Error' ? `${c.name}: ` : ''}${c?.message ?? String(c)}`;
}

/**
 * The trusted root through TUF (@sigstore/tuf, tuf-js): root rotation, expiry, rollback and the targets'
 * lengths and hashes are checked by the TUF client. Only called when the caller gave no trusted root and
 * is online. An unreachable mirror is REGISTRY_UNREACHABLE; metadata or a target the client refuses
 * (expired, unsigned, rolled back, other bytes) is TRUST_UPDATE_FAILED. A string is the cache path.
 */
export async function fetchTrustedRoot(options: string | TufOptions = {}): Promise<TrustedRootJson> {
  const o: TufOptions = typeof options === 'string' ? { cachePath: options } : options;
  const { getTrustedRoot, DEFAULT_MIRROR_URL } = await import('@sigstore/tuf');
  const mirror = o.mirrorURL ?? DEFAULT_MIRROR_URL;
  try {
    const root = await getTrustedRoot({
      ...(o.cachePath ? { cachePath: o.cachePath } : {}), ...(o.mirrorURL ? { mirrorURL: o.mirrorURL } : {}),
      ...(o.rootPath ? { rootPath: o.rootPath } : {}), retry: false, timeout: 15_000,
    });
    return protobufSpecs().TrustedRoot.toJSON(root) as TrustedRootJson;
  } catch (e) {
    // @sigstore/tuf ships the public-good root only; another mirror's first root must be given.
    if ((e as { code?: string }).code === 'TUF_INIT_CACHE_ERROR') {
      throw new BulwarkError('USAGE', `TUF mirror ${mirror}: no root.json is known for it yet; give its initial root with --tuf-root-path root.json`, { cause: e });
    }
    if (unreachable(e)) {
      throw new BulwarkError('REGISTRY_UNREACHABLE', `TUF refresh of the Sigstore trusted root failed: ${mirror} is unreachable (${rootCause(e)}); pass --trusted-root trusted_root.json when offline`, { cause: e });
    }
    throw new BulwarkError('TRUST_UPDATE_FAILED', `TUF refresh of the Sigstore trusted root from ${mirror} was refused (${rootCause(e)})`, { cause: e });
  }
}
