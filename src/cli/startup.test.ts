import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `bulwark --help` imports every command module; the sigstore libraries (with make-fetch-happen and cacache behind
// @sigstore/sign) cost ~0.5 s CPU there, @peculiar/x509 with its ASN.1 schemas ~0.25 s: they must load only when
// something is signed, verified or certified (core/lazy.ts). ESM-only ones (jose, cbor2) are imported where used.
test('registering every CLI command loads no sigstore or X.509 library', async () => {
  const { loadCommands } = await import('./commands/index.js');
  await loadCommands();
  const loaded = Object.keys(createRequire(import.meta.url).cache)
    .filter((k) => /node_modules\/(@sigstore\/|make-fetch-happen\/|@peculiar\/|pkijs\/|tsyringe\/|reflect-metadata\/)/.test(k));
  assert.deepEqual(loaded, []);
});

test('`bulwark fs DIR` loads the scan pipeline only: no IaC checks, graph, runtime rules, admission, server, registry', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-startup-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const record = join(dir, 'modules.txt');
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', join(import.meta.dirname, '../../test/helpers/record-modules.mjs'),
    join(import.meta.dirname, 'main.ts'), 'fs', dir, '--format', 'json', '-o', join(dir, 'out.json'), '--db-dir', join(dir, 'db'), '--allow-missing-db', '-q'],
  { encoding: 'utf8', env: { ...process.env, BULWARK_RECORD_MODULES: record } });
  assert.equal(r.status, 0, r.stderr);
  const loaded = readFileSync(record, 'utf8').split('\n').filter((u) => u.includes('/src/'));
  assert.ok(loaded.some((u) => u.includes('/src/scan/scan-image.ts')), 'the recorder saw the scan pipeline');
  const foreign = loaded.filter((u) => /\/src\/(iac|graph|runtime|admission|server|store|registry|supplychain)\//.test(u) || /\/src\/cli\/commands\/(?!(fs|rootfs|index)\.ts$)/.test(u));
  assert.deepEqual(foreign, []);
});

test('`bulwark --version` loads no command module', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-startup-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const record = join(dir, 'modules.txt');
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', join(import.meta.dirname, '../../test/helpers/record-modules.mjs'),
    join(import.meta.dirname, 'main.ts'), '--version'], { encoding: 'utf8', env: { ...process.env, BULWARK_RECORD_MODULES: record } });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^\d+\.\d+\.\d+/);
  const loaded = readFileSync(record, 'utf8').split('\n').filter((u) => u.includes('/src/'));
  assert.ok(loaded.some((u) => u.includes('/src/cli/program.ts')), 'the recorder saw the CLI');
  assert.deepEqual(loaded.filter((u) => /\/src\/cli\/commands\/(?!index\.ts$)/.test(u)), []);
});
