import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineAnalyzer } from '../analyzers/contract.js';
import { Dispatcher } from './dispatch.js';

test('a matched file over an analyzer\'s size cap is reported as not analyzed, never skipped silently', async () => {
  const seen: Array<string | undefined> = [];
  const tiny = defineAnalyzer({
    id: 'tiny', version: 1, group: 'language', maxBytes: 10,
    matches: (p) => p.endsWith('.bin'),
    analyze: (f) => { seen.push(f.content?.toString()); return undefined; },
  });
  const d = new Dispatcher([tiny], { index: 0, digest: '', diffId: '' }, { mode: 'rootfs' });
  for (const [path, body] of [['small.bin', 'abc'], ['huge.bin', 'x'.repeat(20)]] as const) {
    const plan = d.plan(path, { size: body.length, mode: 0o755, type: 'file' })!;
    await d.complete(plan, plan.buffer ? Buffer.from(body) : undefined);
  }
  assert.deepEqual(seen, ['abc', undefined]);
  assert.deepEqual(d.warnings, ["huge.bin: 20 bytes, over analyzer tiny's 10-byte limit: not analyzed"]);
});

test('randomAccess analyzers: directory walks read ranges on demand past the cap; streams wrap the buffer', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const { walkDirectory } = await import('./walk-dir.js');
  const { bufferSource } = await import('../analyzers/contract.js');
  const tails: string[] = [];
  const ranged = defineAnalyzer({
    id: 'ranged', version: 1, group: 'language', maxBytes: 10, randomAccess: true,
    matches: (p) => p.endsWith('.bin'),
    analyze: (f) => { tails.push(f.source ? f.source.read(f.source.size - 3, 3).toString() : 'none'); return undefined; },
  });
  const dir = mkdtempSync(join(tmpdir(), 'ranged-'));
  try {
    writeFileSync(join(dir, 'big.bin'), `${'x'.repeat(1 << 20)}END`);
    const out = await walkDirectory(dir, { analyzers: [ranged], mode: 'rootfs' });
    assert.deepEqual(tails, ['END']);
    assert.equal(out.bytes, 0, 'nothing buffered');
    assert.deepEqual(out.warnings, [], 'no over-cap warning: the analyzer saw the file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // A stream (image layer) cannot seek: the cap applies and the buffer is wrapped.
  const d = new Dispatcher([ranged], { index: 1, digest: '', diffId: '' }, { mode: 'image' });
  for (const body of ['abcdef', 'x'.repeat(20)]) {
    const plan = d.plan('l.bin', { size: body.length, mode: 0o755, type: 'file' })!;
    await d.complete(plan, plan.buffer ? Buffer.from(body) : undefined);
  }
  assert.deepEqual(tails, ['END', 'def', 'none']);
  assert.equal(d.warnings.length, 1);
  assert.throws(() => bufferSource(Buffer.from('ab')).read(1, 2), /past the end/);
});
