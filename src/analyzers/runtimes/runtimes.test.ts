import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Analyzer } from '../contract.js';
import { runAnalyzer } from '../shared/testing.js';
import { runtimeAnalyzer } from './analyzer.js';
import { ruleFor } from './detect.js';

const td = new URL('./testdata/root', import.meta.url).pathname;

test('runtime-version: node, python, java and go from their well-known files', async () => {
  const run = await runAnalyzer(runtimeAnalyzer, td);
  assert.deepEqual(run.warnings, []);
  const header = readFileSync(td + '/usr/include/node/node_version.h', 'utf8');
  const nodeVersion = ['MAJOR', 'MINOR', 'PATCH'].map((k) => new RegExp(`NODE_${k}_VERSION (\\d+)`).exec(header)?.[1]).join('.');
  assert.deepEqual(run.packages.map((p) => `${p.name}@${p.version} ${p.purl} ${p.type} ${p.ecosystem}`).sort(), [
    `go@1.19.8 pkg:generic/go@1.19.8 runtime binary`,
    `java@17.0.15 pkg:generic/java@17.0.15 runtime binary`,
    `node@${nodeVersion} pkg:generic/node@${nodeVersion} runtime binary`,
    `python@3.11.7 pkg:generic/python@3.11.7 runtime binary`,
  ]);
  assert.equal(run.packages.find((p) => p.name === 'java')?.vendor, 'Debian');
});

test('runtime-version: the running node binary reports process.version; python3 agrees with its header', () => {
  const rule = ruleFor('usr/local/bin/node');
  assert.ok(rule);
  const hit = rule.read(readFileSync(process.execPath));
  // Official and Debian builds embed the release URL; a custom build may not, and then nothing is claimed.
  if (hit) assert.equal(`v${hit.version}`, process.version);
  const py = spawnSync('python3', ['-c', 'import sysconfig, platform; print(sysconfig.get_path("include")); print(platform.python_version())'], { encoding: 'utf8' });
  if (py.status === 0) {
    const [inc, version] = py.stdout.trim().split('\n');
    const path = `${inc.replace(/^\//, '')}/patchlevel.h`;
    assert.equal(ruleFor(path)?.read(readFileSync('/' + path))?.version, version);
  }
});

test('runtime-version: matched paths', () => {
  const a: Analyzer = runtimeAnalyzer;
  const f = { size: 10, mode: 0o755, type: 'file' as const };
  for (const p of ['usr/local/bin/node', 'nodejs/bin/node', 'usr/local/include/node/node_version.h', 'usr/include/python3.12/patchlevel.h', 'opt/java/openjdk/release', 'usr/local/go/VERSION', 'usr/lib/go-1.22/VERSION']) assert.ok(a.matches(p, f), p);
  for (const p of ['usr/bin/nodemon', 'etc/release', 'usr/local/go/src/VERSION', 'app/VERSION']) assert.ok(!a.matches(p, f), p);
  assert.ok(!a.matches('usr/local/bin/node', { ...f, type: 'symlink' }));
});
