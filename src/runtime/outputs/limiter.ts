/**
 * Noise control before the outputs: identical alerts (same rule and output text without the timestamp)
 * within `dedupWindowMs` are folded into one, and each rule has a token bucket (`ratePerSec`, `burst`).
 * The caller counts each suppression under the reason returned, so nothing disappears unseen.
 */
interface LimiterOptions { dedupWindowMs: number; ratePerSec: number; burst: number }

type SuppressReason = 'dedup' | 'rate';

export class AlertLimiter {
  private readonly recent = new Map<string, number>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly o: LimiterOptions) {}

  /** Why the alert is held back, or undefined when it should go out. `text` is the output without its time prefix. */
  suppress(rule: string, text: string, nowMs: number): SuppressReason | undefined {
    if (this.o.dedupWindowMs > 0) {
      const key = `${rule}\0${text}`;
      const last = this.recent.get(key);
      if (last !== undefined && nowMs - last < this.o.dedupWindowMs) return 'dedup';
      this.recent.set(key, nowMs);
      if (this.recent.size > 50_000) for (const [k, t] of this.recent) if (nowMs - t >= this.o.dedupWindowMs) this.recent.delete(k);
    }
    if (this.o.ratePerSec > 0) {
      const b = this.buckets.get(rule) ?? { tokens: this.o.burst, at: nowMs };
      b.tokens = Math.min(this.o.burst, b.tokens + ((nowMs - b.at) / 1000) * this.o.ratePerSec);
      b.at = nowMs;
      this.buckets.set(rule, b);
      if (b.tokens < 1) return 'rate';
      b.tokens -= 1;
    }
    return undefined;
  }
}
