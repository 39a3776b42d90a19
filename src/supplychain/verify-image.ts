/** Signatures and attestations of one image digest (and its platform manifest) in a registry. */
import type { RegistryClient } from '../oci/index.js';
import { discover, type Candidate } from './discovery.js';
import type { PreparedPolicy } from './policy.js';
import { verifyNotation } from './notation.js';
import type { SignatureResult, VerifyResult } from './types.js';
import { verifyCandidates } from './verify-candidates.js';

interface ImageSubjects {
  client: RegistryClient;
  /** `registry/repository`, as in results and replay checks. */
  repository: string;
  /** Repository path inside the registry. */
  path: string;
  /** The resolved digest first (index or manifest), then the platform manifest's when it is an index. */
  digests: string[];
  /** Manifest bytes by digest (message-signature bundles sign them). */
  manifests: ReadonlyMap<string, Buffer>;
  /** Manifest media types by digest (Notation payloads name the target's media type). */
  mediaTypes?: ReadonlyMap<string, string>;
}

export async function verifyImageDigests(s: ImageSubjects, p: PreparedPolicy, mode: 'signatures' | 'attestations'): Promise<VerifyResult> {
  const candidates: Candidate[] = [];
  const looked: string[] = [];
  for (const d of s.digests) {
    const found = await discover(s.client, s.path, d, mode);
    candidates.push(...found.candidates);
    looked.push(...found.looked);
  }
  const notation = new Map<Candidate, SignatureResult>();
  if (mode === 'signatures') {
    for (const c of candidates) {
      if (c.kind !== 'notation-jws' && c.kind !== 'notation-cose') continue;
      notation.set(c, await verifyNotation(c, p, { repository: s.repository, subjectBytes: s.manifests, ...(s.mediaTypes ? { subjectMediaTypes: s.mediaTypes } : {}) }));
    }
  }
  return verifyCandidates(candidates, looked, s.digests[0]!, p, { repository: s.repository, subjectBytes: s.manifests, mode, notation });
}
