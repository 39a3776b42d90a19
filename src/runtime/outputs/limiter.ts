/**
 * Noise control before the outputs: identical alerts (same rule and output text without the timestamp)
 * within `dedupWindowMs` are folded into one, and each rule has a token bucket (`ratePerSec`, `burst`).
 * Suppressed alerts are counted per rule so nothing disappears unseen.
 */
interface LimiterOptions { dedupWindowMs: number; ratePerSec: number; burst: number }

export class AlertLimiter {
  private readonly recent = new Map<string, number>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  readonly suppressed = new Map<string, { dedup: number; rate: number }>();

  constructor(private readonly o: LimiterOptions) {}

  /** True when the alert should go out. `text` is the output without its time prefix. */
  admit(rule: string, text: string, nowMs: number): boolean {
    const count = (k: 'dedup' | 'rate'): false => {
      const s = this.suppressed.get(rule) ?? { dedup: 0, rate: 0 };
      s[k]++;
      this.suppressed.set(rule, s);
      return false;
    };
    if (this.o.dedupWindowMs > 0) {
      const key = `${rule}\0${text}`;
      const last = this.recent.get(key);
      if (last !== undefined && nowMs - last < this.o.dedupWindowMs) return count('dedup');
      this.recent.set(key, nowMs);
      if (this.recent.size > 50_000) for (const [k, t] of this.recent) if (nowMs - t >= this.o.dedupWindowMs) this.recent.delete(k);
    }
    if (this.o.ratePerSec > 0) {
      const b = this.buckets.get(rule) ?? { tokens: this.o.burst, at: nowMs };
      b.tokens = Math.min(this.o.burst, b.tokens + ((nowMs - b.at) / 1000) * this.o.ratePerSec);
      b.at = nowMs;
      this.buckets.set(rule, b);
      if (b.tokens < 1) return count('rate');
      b.tokens -= 1;
    }
    return true;
  }
}
