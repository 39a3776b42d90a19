/**
 * Image policies: allowed repositories, no latest/untagged, digests required or tags pinned to digests (resolved
 * with Bulwark's OCI client through scan/), the vulnerability gate and required signatures. Registry lookups and
 * gate results are cached by (digest, policy hash) with a TTL; negative results with a short one.
 */
import { atLeast, type Report, type Severity } from '../core/index.js';
import { tryParseReference, type DigestResolver, type ImageReference } from '../scan/index.js';
import type { AttestationRequirement, ImagePolicy, PolicyAction } from './policy-file.js';

/** What a scan says about one image digest: enough for the gate, small enough to keep thousands in memory. */
export interface VulnSummary {
  counts: Partial<Record<Severity, number>>;
  /** Highest-severity ids first, at most 5 (for messages). */
  top: Array<{ id: string; severity: Severity; kev: boolean }>;
  kev: string[];
}

export function summarize(report: Pick<Report, 'vulnerabilities'>): VulnSummary {
  const order: Severity[] = ['critical', 'high', 'medium', 'low', 'unknown'];
  const counts: Partial<Record<Severity, number>> = {};
  for (const v of report.vulnerabilities) counts[v.severity] = (counts[v.severity] ?? 0) + 1;
  const sorted = [...report.vulnerabilities].sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity) || a.id.localeCompare(b.id));
  return {
    counts,
    top: sorted.slice(0, 5).map((v) => ({ id: v.id, severity: v.severity, kev: Boolean(v.kev) })),
    kev: [...new Set(report.vulnerabilities.filter((v) => v.kev).map((v) => v.id))].sort(),
  };
}

/** Supplies vulnerability knowledge: cached scan results, and a bounded on-demand scan. */
export interface VulnSource {
  lookup(digest: string): VulnSummary | undefined;
  /** Scans `image@digest`; resolves late results into the store even after the caller gave up. */
  scan?(image: string, digest: string): Promise<VulnSummary>;
}

/** Verifies `registry/repo@digest` against the policy (supplychain's verifyImage through scan/). */
export type SignatureVerifier = (pinned: ImageReference, policy: NonNullable<ImagePolicy['requireSignature']>) => Promise<{ verified: boolean; reason: string }>;

/** Verifies the attestations of `registry/repo@digest` against one requirement (supplychain's verifyImageAttestations). */
export type AttestationVerifier = (pinned: ImageReference, requirement: AttestationRequirement) => Promise<{ verified: boolean; reason: string }>;

interface ImageViolation {
  rule: 'image-reference' | 'image-repository' | 'image-latest' | 'image-digest' | 'image-vulnerabilities' | 'image-signature' | 'image-attestation' | 'image-failure';
  image: string;
  message: string;
  action: PolicyAction;
}

export interface ImageDeps {
  resolver: DigestResolver;
  vulns?: VulnSource;
  verifySignature?: SignatureVerifier;
  verifyAttestation?: AttestationVerifier;
  now?: () => number;
}

interface Entry<T> { value: T; expires: number }

/** A bounded TTL map (oldest entries dropped first when full). */
class TtlCache<T> {
  private readonly map = new Map<string, Entry<T>>();
  hits = 0;
  misses = 0;
  constructor(private readonly max = 10_000) {}
  get(key: string, now: number): T | undefined {
    const e = this.map.get(key);
    if (!e || e.expires <= now) {
      if (e) this.map.delete(key);
      this.misses++;
      return undefined;
    }
    this.hits++;
    return e.value;
  }
  set(key: string, value: T, ttlMs: number, now: number): void {
    if (ttlMs <= 0) return;
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    this.map.set(key, { value, expires: now + ttlMs });
  }
  clear(): void {
    this.map.clear();
  }
}

/** `*` = within one path segment, `**` = anything; anchored. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') { re += '.*'; i++; } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The raw string names no tag and no digest (`nginx`, `ghcr.io/a/b`): the runtime would pull latest. */
export function isUntagged(image: string): boolean {
  if (image.includes('@')) return false;
  const slash = image.lastIndexOf('/');
  return image.lastIndexOf(':') <= slash;
}

type GateResult = { ok: true } | { ok: false; rule: ImageViolation['rule']; message: string; failure: boolean };

export class ImageGate {
  private readonly tags = new TtlCache<string>();
  private readonly decisions = new TtlCache<GateResult>();
  private readonly inflight = new Map<string, Promise<VulnSummary>>();
  private readonly globs: RegExp[];

  constructor(readonly policy: ImagePolicy, readonly policyHash: string, private readonly deps: ImageDeps) {
    this.globs = policy.allowedRepositories.map(globToRegExp);
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  cacheStats(): { hits: number; misses: number } {
    return { hits: this.tags.hits + this.decisions.hits, misses: this.tags.misses + this.decisions.misses };
  }

  /** Tag → digest with the positive TTL; failures are not cached (the next request retries the registry). */
  async resolve(ref: ImageReference): Promise<string> {
    if (ref.digest) return ref.digest;
    const key = `${ref.registry}/${ref.repository}:${ref.tag ?? 'latest'}`;
    const now = this.now();
    const hit = this.tags.get(key, now);
    if (hit) return hit;
    const signal = AbortSignal.timeout(Math.max(500, Math.min(5_000, this.policy.vulnerabilities?.scanTimeoutMs ?? 5_000)));
    const digest = await this.deps.resolver.resolve(ref, signal);
    this.tags.set(key, digest, this.policy.cacheTtlMs, this.now());
    return digest;
  }

  /** All image rules for one container image: the static ones, then (for a valid reference) the digest gates. */
  async violations(image: string, dryRun: boolean): Promise<ImageViolation[]> {
    const ref = tryParseReference(image);
    if (!ref) return [{ rule: 'image-reference', image, message: `image "${image}" is not a valid image reference`, action: this.policy.action }];
    return [...this.staticViolations(image, ref), ...await this.dynamicViolations(image, ref, dryRun)];
  }

  /** Static rules (no network): repository, latest, digest. */
  private staticViolations(image: string, ref: ImageReference): ImageViolation[] {
    const p = this.policy;
    const out: ImageViolation[] = [];
    const v = (rule: ImageViolation['rule'], message: string, action = p.action) => out.push({ rule, image, message, action });
    const repo = `${ref.registry}/${ref.repository}`;
    if (this.globs.length && !this.globs.some((g) => g.test(repo))) v('image-repository', `image "${image}": repository ${repo} is not in allowedRepositories (${p.allowedRepositories.join(', ')})`);
    if (p.disallowLatest) {
      if (isUntagged(image)) v('image-latest', `image "${image}" has no tag (the runtime pulls latest); name a version tag or digest`);
      else if (ref.tag === 'latest' && !ref.digest) v('image-latest', `image "${image}" uses the latest tag; name a version tag or digest`);
    }
    if (p.digest !== 'off' && !ref.digest) v('image-digest', `image "${image}" is not pinned by digest (image@sha256:…)`);
    return out;
  }

  /** Gates that need the digest: vulnerabilities, signatures and attestations. `dryRun` never starts a scan. */
  private async dynamicViolations(image: string, ref: ImageReference, dryRun: boolean): Promise<ImageViolation[]> {
    const p = this.policy;
    if (!p.vulnerabilities && !p.requireSignature && !p.requireAttestations.length) return [];
    let digest: string;
    try {
      digest = await this.resolve(ref);
    } catch (e) {
      return [{ rule: 'image-failure', image, action: p.failureAction, message: `image "${image}": digest resolution failed: ${(e as Error).message}` }];
    }
    const key = `${digest}|${this.policyHash}`;
    let result = this.decisions.get(key, this.now());
    if (!result) {
      result = await this.evaluate(image, ref, digest, dryRun);
      if (!dryRun && !(!result.ok && result.failure)) this.decisions.set(key, result, result.ok ? p.cacheTtlMs : p.negativeCacheTtlMs, this.now());
    }
    if (result.ok) return [];
    return [{ rule: result.rule, image, message: result.message, action: result.failure ? p.failureAction : p.action }];
  }

  private async evaluate(image: string, ref: ImageReference, digest: string, dryRun: boolean): Promise<GateResult> {
    const p = this.policy;
    const pinned = `${ref.registry}/${ref.repository}@${digest}`;
    if (p.vulnerabilities) {
      const gate = p.vulnerabilities;
      let summary = this.deps.vulns?.lookup(digest);
      if (!summary && this.deps.vulns?.scan && !dryRun) {
        try {
          summary = await this.scanBounded(pinned, digest, gate.scanTimeoutMs);
        } catch (e) {
          return { ok: false, rule: 'image-failure', failure: true, message: `image "${image}": on-demand vulnerability scan failed: ${(e as Error).message}` };
        }
      }
      if (!summary) {
        if (gate.requireScan) return { ok: false, rule: 'image-vulnerabilities', failure: false, message: `image "${image}" (${digest}) has never been scanned` };
      } else {
        const bad = gate.severity ? summary.top.filter((t) => atLeast(t.severity, gate.severity!)) : [];
        const count = gate.severity ? Object.entries(summary.counts).filter(([s]) => atLeast(s as Severity, gate.severity!)).reduce((n, [, c]) => n + (c ?? 0), 0) : 0;
        if (count > 0) return { ok: false, rule: 'image-vulnerabilities', failure: false, message: `image "${image}" has ${count} vulnerabilit${count === 1 ? 'y' : 'ies'} at or above ${gate.severity} (${bad.map((b) => b.id).join(', ')}${count > bad.length ? ', …' : ''})` };
        if (gate.kev && summary.kev.length) return { ok: false, rule: 'image-vulnerabilities', failure: false, message: `image "${image}" has known exploited vulnerabilities (CISA KEV): ${summary.kev.slice(0, 5).join(', ')}` };
      }
    }
    if (p.requireSignature) {
      if (!this.deps.verifySignature) return { ok: false, rule: 'image-failure', failure: true, message: `image "${image}": no signature verifier configured` };
      try {
        const r = await this.deps.verifySignature({ registry: ref.registry, repository: ref.repository, digest }, p.requireSignature);
        if (!r.verified) return { ok: false, rule: 'image-signature', failure: false, message: `image "${image}": no valid signature (${r.reason})` };
      } catch (e) {
        return { ok: false, rule: 'image-failure', failure: true, message: `image "${image}": signature verification failed: ${(e as Error).message}` };
      }
    }
    // Every requirement must hold (like Kyverno's verifyImages.attestations); the first unmet one decides the message.
    for (const req of p.requireAttestations) {
      if (!this.deps.verifyAttestation) return { ok: false, rule: 'image-failure', failure: true, message: `image "${image}": no attestation verifier configured` };
      try {
        const r = await this.deps.verifyAttestation({ registry: ref.registry, repository: ref.repository, digest }, req);
        if (!r.verified) return { ok: false, rule: 'image-attestation', failure: false, message: `image "${image}": no valid ${req.type} attestation (${r.reason})` };
      } catch (e) {
        return { ok: false, rule: 'image-failure', failure: true, message: `image "${image}": ${req.type} attestation verification failed: ${(e as Error).message}` };
      }
    }
    return { ok: true };
  }

  /** One scan per digest at a time; the caller waits at most `timeoutMs`, the scan finishes into the store anyway. */
  private scanBounded(pinned: string, digest: string, timeoutMs: number): Promise<VulnSummary> {
    let run = this.inflight.get(digest);
    if (!run) {
      run = this.deps.vulns!.scan!(pinned, digest).finally(() => this.inflight.delete(digest));
      run.catch(() => undefined);
      this.inflight.set(digest, run);
    }
    return new Promise<VulnSummary>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`did not finish within ${timeoutMs / 1000} s (it continues in the background)`)), timeoutMs);
      run!.then((v) => { clearTimeout(t); resolve(v); }, (e: unknown) => { clearTimeout(t); reject(e as Error); });
    });
  }

  clear(): void {
    this.tags.clear();
    this.decisions.clear();
  }
}
