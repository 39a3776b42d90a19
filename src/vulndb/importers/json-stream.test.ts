import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARRAY_DONE, JsonStreamScanner, JsonSyntaxError, type JsonSink } from './json-stream.js';

/** Rebuilds what the scanner saw: whole values as they are, split values from their units. */
function collect(): JsonSink & { values: unknown[] } {
  const values: unknown[] = [];
  let cur: Record<string, unknown> | unknown[] | undefined;
  const obj = () => (cur ??= {}) as Record<string, unknown>;
  return {
    values,
    onValue: (v) => values.push(v),
    onMember: (k, v) => {
      if (v === ARRAY_DONE) { obj()[k] ??= []; return; }
      obj()[k] = v;
    },
    onElement: (k, v) => {
      if (k === undefined) { ((cur ??= []) as unknown[]).push(v); return; }
      ((obj()[k] ??= []) as unknown[]).push(v);
    },
    onEnd: () => { values.push(cur ?? {}); cur = undefined; },
  };
}

/** Deterministic chunk sizes 1..max, so escapes, quotes and multi-byte characters fall on chunk edges. */
function feed(bytes: Buffer, window: number, max: number): unknown[] {
  const sink = collect();
  const sc = new JsonStreamScanner(sink, window);
  let x = 12345;
  for (let i = 0; i < bytes.length;) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const n = 1 + (x % max);
    sc.write(bytes.subarray(i, i + n));
    i += n;
  }
  sc.end();
  return sink.values;
}

const tricky = {
  format: 'NVD_CVE', n: -1.5e3, t: true, f: false, z: null, empty: [], emptyObj: {},
  'key "quoted" \\ ': 'v',
  vulnerabilities: [
    { cve: { id: 'CVE-1', d: 'back\\slash at end\\', q: 'say "hi"', u: 'é 漢字 🎉 \u2028', esc: '\\"\\\\' } },
    { cve: { id: 'CVE-2', nested: [[1, [2, { a: ']}' }]], { '[': '{' }] } },
    'a string element', 42, [],
  ],
  tail: { x: [1, 2, 3] },
};

test('whole and split reading give exactly JSON.parse, whatever the chunk edges', () => {
  const text = JSON.stringify(tricky, null, 1);
  const bytes = Buffer.from(text, 'utf8');
  for (const max of [1, 2, 3, 7, 64, 1 << 20]) {
    assert.deepEqual(feed(bytes, 1 << 30, max), [tricky], `whole, chunks ≤ ${max}`);
    assert.deepEqual(feed(bytes, 1, max), [tricky], `split, chunks ≤ ${max}`);
  }
  const arr = [tricky, 'x', 3, [tricky]];
  assert.deepEqual(feed(Buffer.from(JSON.stringify(arr)), 1, 5), [arr], 'top-level array, split');
});

test('JSON lines and concatenated values are read one after another', () => {
  const lines = [{ id: 'A', x: [1] }, { id: 'B' }, [1, 2]].map((v) => JSON.stringify(v)).join('\n');
  assert.deepEqual(feed(Buffer.from(`${lines}\n\n`), 1 << 30, 4), [{ id: 'A', x: [1] }, { id: 'B' }, [1, 2]]);
  assert.deepEqual(feed(Buffer.from(lines), 8, 4), [{ id: 'A', x: [1] }, { id: 'B' }, [1, 2]]);
});

test('truncated, unbalanced or malformed input is a JsonSyntaxError', () => {
  const bad = ['{"a": [1, 2', '{"a": "unterminated', '}', 'not json', '{"a": tru}', '[1, 2] ]', '{"a": [1, 2], "b": {"c": 1,}}'];
  for (const t of bad) {
    for (const window of [1, 1 << 30]) {
      assert.throws(() => feed(Buffer.from(t), window, 3), JsonSyntaxError, `${t} (window ${window})`);
    }
  }
});

test('split reading keeps only the open unit: the buffer never holds the whole document', () => {
  const big = { format: 'NVD_CVE', vulnerabilities: Array.from({ length: 2000 }, (_, i) => ({ cve: { id: `CVE-2099-${i}`, d: 'x'.repeat(1000) } })) };
  const bytes = Buffer.from(JSON.stringify(big));
  let seen = 0;
  let maxHeld = 0;
  const sc = new JsonStreamScanner({ onValue: () => undefined, onMember: () => undefined, onElement: () => { seen++; }, onEnd: () => undefined }, 4096);
  for (let i = 0; i < bytes.length; i += 500) {
    sc.write(bytes.subarray(i, i + 500));
    maxHeld = Math.max(maxHeld, (sc as unknown as { len: number }).len);
  }
  sc.end();
  assert.equal(seen, 2000);
  assert.ok(maxHeld < 8192, `held at most ${maxHeld} bytes of ${bytes.length}`);
});
