import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Analyzer } from '../contract.js';
import { runAnalyzer } from '../shared/testing.js';
import { rustBinaryAnalyzer } from './auditable.js';
import { cargoLockAnalyzer } from './cargo-lock.js';

const td = new URL('./testdata/', import.meta.url).pathname;
const hasObjcopy = spawnSync('objcopy', ['--version']).status === 0;

test('rust-cargo-lock: v3 and v1 lockfiles, workspace crates local, edges with duplicate crate names', async () => {
  const run = await runAnalyzer(cargoLockAnalyzer, td, { mode: 'fs' });
  const at = (f: string) => run.packages.filter((p) => p.locations[0].path === f);
  assert.deepEqual(at('v3/Cargo.lock').map((p) => `${p.name}@${p.version}${p.nonRegistry ? ' ' + p.nonRegistry.kind : ''}`).sort(),
    ['cfg-if@1.0.0', 'getrandom@0.2.10', 'libc@0.2.148', 'myapp@0.1.0 local', 'rand_core@0.5.1', 'rand_core@0.6.4', 'wasi@0.11.0+wasi-snapshot-preview1']);
  assert.deepEqual(at('v3/Cargo.lock').find((p) => p.name === 'getrandom')?.dependsOn,
    ['pkg:cargo/cfg-if@1.0.0', 'pkg:cargo/libc@0.2.148', 'pkg:cargo/wasi@0.11.0+wasi-snapshot-preview1']);
  assert.deepEqual(at('v1/Cargo.lock').map((p) => p.purl).sort(), ['pkg:cargo/app@0.1.0', 'pkg:cargo/itoa@0.4.8']);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0], /^corrupt\/Cargo\.lock: /);
  assert.equal(run.packages.length, 11, 'v3 7, v1 2, workspace 2');
});

test('rust-cargo-lock: a workspace made by cargo 1.95 (lockfile v4, no source): members listed as local, with edges', async () => {
  const run = await runAnalyzer(cargoLockAnalyzer, td + 'workspace', { mode: 'fs' });
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(run.packages.map((p) => `${p.name}@${p.version} ${p.nonRegistry?.kind}`), ['app@0.1.0 local', 'helper@0.1.0 local']);
  assert.deepEqual(run.packages[0].dependsOn, ['pkg:cargo/helper@0.1.0']);
});

test('rust-binary: a real ELF with a cargo-auditable .dep-v0 section; a corrupt section warns', { skip: !hasObjcopy }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rust-aud-'));
  try {
    mkdirSync(join(dir, 'root/usr/bin'), { recursive: true });
    const audit = { packages: [
      { name: 'myapp', version: '0.1.0', source: 'local', dependencies: [1, 3, 4], root: true },
      { name: 'serde', version: '1.0.188', source: 'crates.io', dependencies: [2] },
      { name: 'serde_derive', version: '1.0.188', source: 'crates.io', kind: 'build' },
      { name: 'itoa', version: '1.0.9', source: 'crates.io' },
      { name: 'helper', version: '0.0.1', source: 'local' },
    ] };
    writeFileSync(join(dir, 'dep.z'), deflateSync(JSON.stringify(audit)));
    writeFileSync(join(dir, 'bad.z'), Buffer.from('not zlib at all'));
    for (const [name, section] of [['myapp', 'dep.z'], ['broken', 'bad.z']]) {
      const out = join(dir, 'root/usr/bin', name);
      copyFileSync('/bin/true', out);
      const r = spawnSync('objcopy', ['--add-section', `.dep-v0=${join(dir, section)}`, out], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      chmodSync(out, 0o755);
    }
    copyFileSync('/bin/true', join(dir, 'root/usr/bin/plain'));
    const run = await runAnalyzer(rustBinaryAnalyzer, join(dir, 'root'));
    assert.deepEqual(run.packages.map((p) => `${p.name}@${p.version} ${p.type}${p.nonRegistry ? ' ' + p.nonRegistry.kind : ''}`).sort(),
      ['helper@0.0.1 library local', 'itoa@1.0.9 library', 'myapp@0.1.0 application local', 'serde@1.0.188 library']);
    assert.deepEqual(run.packages.find((p) => p.name === 'myapp')?.dependsOn, ['pkg:cargo/helper@0.0.1', 'pkg:cargo/itoa@1.0.9', 'pkg:cargo/serde@1.0.188']);
    assert.equal(run.warnings.length, 1);
    assert.match(run.warnings[0], /^usr\/bin\/broken: \.dep-v0: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('rust analyzers: matched paths and modes', () => {
  const lock: Analyzer = cargoLockAnalyzer;
  const bin: Analyzer = rustBinaryAnalyzer;
  assert.ok(lock.matches('app/Cargo.lock', { size: 1, mode: 0o644, type: 'file' }) && !lock.matches('Cargo.toml', { size: 1, mode: 0o644, type: 'file' }));
  assert.ok(bin.matches('usr/bin/x', { size: 5000, mode: 0o755, type: 'file' }) && !bin.matches('usr/bin/x', { size: 5000, mode: 0o644, type: 'file' }));
  assert.equal(lock.modes, undefined);
});
