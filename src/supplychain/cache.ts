/**
 * Verification decisions cached by (digest, policy hash) with a TTL: admission re-verifies the same
 * digest thousands of times a day (Kyverno #9580). Failures get a shorter TTL than successes so a
 * signature pushed a moment later is seen soon. Bounded LRU (Map insertion order), no timers.
 */
import type { VerifyResult } from './types.js';

export interface VerificationCacheOptions {
  /** Lifetime of a verified decision, ms (default 5 minutes). */
  ttlMs?: number;
  /** Lifetime of a not-verified decision, ms (default 30 seconds; 0 disables the negative cache). */
  negativeTtlMs?: number;
  /** Entries kept (default 10,000); the least recently used go first. */
  maxEntries?: number;
  /** Clock, for tests. */
  now?: () => number;
}

export class VerificationCache {
  private readonly entries = new Map<string, { result: VerifyResult; expires: number }>();
  private readonly ttl: number;
  private readonly negativeTtl: number;
  private readonly max: number;
  private readonly now: () => number;
  hits = 0;
  misses = 0;

  constructor(opts: VerificationCacheOptions = {}) {
    this.ttl = opts.ttlMs ?? 5 * 60_000;
    this.negativeTtl = opts.negativeTtlMs ?? 30_000;
    this.max = Math.max(1, opts.maxEntries ?? 10_000);
    this.now = opts.now ?? Date.now;
  }

  get(digest: string, policyHash: string): VerifyResult | undefined {
    const key = `${digest} ${policyHash}`;
    const e = this.entries.get(key);
    if (!e || e.expires <= this.now()) {
      if (e) this.entries.delete(key);
      this.misses++;
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, e);
    this.hits++;
    return e.result;
  }

  set(digest: string, policyHash: string, result: VerifyResult): void {
    const ttl = result.verified ? this.ttl : this.negativeTtl;
    if (ttl <= 0) return;
    const key = `${digest} ${policyHash}`;
    this.entries.delete(key);
    this.entries.set(key, { result, expires: this.now() + ttl });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
