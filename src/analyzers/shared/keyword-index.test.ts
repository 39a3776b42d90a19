import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { KeywordIndex } from './keyword-index.js';

/** Every (keyword, end) occurrence, ASCII case-insensitively, ordered by end then keyword id. */
function naive(keywords: string[], text: string): number[] {
  const lower = text.toLowerCase();
  const out: Array<[number, number]> = [];
  keywords.forEach((k, id) => {
    for (let i = lower.indexOf(k); i !== -1; i = lower.indexOf(k, i + 1)) out.push([id, i + k.length]);
  });
  out.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  return out.flat();
}

const scanned = (index: KeywordIndex, text: string) => {
  const n = index.scan(Buffer.from(text, 'latin1')); // before reading `hits`: a scan may replace the array
  return [...index.hits.subarray(0, 2 * n)];
};

test('KeywordIndex finds exactly the occurrences a naive search finds, small inputs and four-way split ones', () => {
  const keyword = fc.stringMatching(/^[a-e.:/]{1,6}$/);
  // Long inputs (over 4 KiB: the interleaved path) are built from repeated chunks so that keyword
  // occurrences land on and across the quarter boundaries.
  const input = fc.tuple(fc.uniqueArray(keyword, { minLength: 1, maxLength: 8 }), fc.array(fc.stringMatching(/^[a-eA-E.:/x\n]{0,40}$/), { minLength: 1, maxLength: 8 }),
    fc.integer({ min: 1, max: 400 }));
  fc.assert(fc.property(input, ([keywords, chunks, repeat]) => {
    const text = chunks.join('').repeat(repeat);
    const index = new KeywordIndex(keywords);
    assert.deepEqual(scanned(index, text), naive(keywords, text));
  }), { numRuns: 400 });
});

test('KeywordIndex: an occurrence straddling a quarter boundary is reported once', () => {
  const index = new KeywordIndex(['boundary', 'x']);
  for (let at = 4090; at < 4110; at++) {
    const text = `${'.'.repeat(at)}BOUNDARY${'.'.repeat(16384 - at)}x`;
    assert.deepEqual(scanned(index, text), [0, at + 8, 1, text.length], `at ${at}`);
  }
});
