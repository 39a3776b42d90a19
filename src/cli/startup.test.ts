import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

// Every command module is imported at start-up; the sigstore libraries (with make-fetch-happen and cacache behind
// @sigstore/sign) cost ~0.5 s CPU there, @peculiar/x509 with its ASN.1 schemas ~0.25 s: they must load only when
// something is signed, verified or certified (core/lazy.ts). ESM-only ones (jose, cbor2) are imported where used.
test('registering every CLI command loads no sigstore or X.509 library', async () => {
  await import('./commands/index.js');
  const loaded = Object.keys(createRequire(import.meta.url).cache)
    .filter((k) => /node_modules\/(@sigstore\/|make-fetch-happen\/|@peculiar\/|pkijs\/|tsyringe\/|reflect-metadata\/)/.test(k));
  assert.deepEqual(loaded, []);
});
