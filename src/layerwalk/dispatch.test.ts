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
