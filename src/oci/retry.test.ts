import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, isRetryableError, isRetryableStatus, nextDelay, parseRetryAfter } from './retry.js';

describe('retry policy', () => {
  const p = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };
  it('classifies statuses and network errors', () => {
    for (const s of [429, 500, 502, 503, 504]) assert.ok(isRetryableStatus(s), String(s));
    for (const s of [200, 400, 401, 403, 404, 501]) assert.ok(!isRetryableStatus(s), String(s));
    assert.ok(isRetryableError({ code: 'ECONNRESET' }));
    assert.ok(!isRetryableError({ code: 'ECONNREFUSED' }));
    assert.ok(!isRetryableError(new Error('x')));
  });
  it('grows the backoff ceiling exponentially up to the cap (full jitter)', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 10].map((r) => backoffDelay(r, p, () => 0.999999)), [99, 199, 399, 799, 999, 999]);
    assert.equal(backoffDelay(3, p, () => 0), 0);
  });
  it('honours Retry-After seconds and dates, capped', () => {
    assert.equal(parseRetryAfter('2'), 2000);
    assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6000);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(nextDelay(0, p, '3'), 3000);
    assert.equal(nextDelay(0, p, '3600'), 5000);
  });
});
