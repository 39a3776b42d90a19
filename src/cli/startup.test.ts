import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

// Every command module is imported at start-up; the sigstore libraries (with make-fetch-happen and cacache behind
// @sigstore/sign) cost ~0.5 s CPU there and must load only when something is signed or verified (core/lazy.ts).
test('registering every CLI command loads no sigstore library', async () => {
  await import('./commands/index.js');
  const loaded = Object.keys(createRequire(import.meta.url).cache).filter((k) => /node_modules\/(@sigstore\/|make-fetch-happen\/)/.test(k));
  assert.deepEqual(loaded, []);
});
