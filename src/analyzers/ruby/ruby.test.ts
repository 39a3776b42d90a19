import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Analyzer } from '../contract.js';
import { runAnalyzer } from '../shared/testing.js';
import { gemfileLockAnalyzer } from './gemfile-lock.js';
import { gemspecAnalyzer } from './gemspec.js';

const td = new URL('./testdata/', import.meta.url).pathname;

test('ruby-gemspec: every Debian gemspec yields the name-version its file name says, with licenses', async () => {
  const run = await runAnalyzer(gemspecAnalyzer, td + 'gems');
  assert.deepEqual(run.warnings, []);
  assert.equal(run.packages.length, 13);
  for (const p of run.packages) assert.ok(p.locations[0].path.endsWith(`/${p.name}-${p.version}.gemspec`), p.locations[0].path);
  const digest = run.packages.find((p) => p.name === 'digest');
  assert.deepEqual(digest?.licenses, ['Ruby', 'BSD-2-Clause']);
  assert.equal(digest?.purl, 'pkg:gem/digest@3.1.0');
  assert.equal(digest?.ecosystem, 'RubyGems');
});

test('ruby-gemfile-lock: real and hand-written lockfiles, platforms stripped, PATH gems skipped, edges', async () => {
  const run = await runAnalyzer(gemfileLockAnalyzer, td + 'lock', { mode: 'fs' });
  assert.deepEqual(run.warnings, []);
  const at = (f: string) => run.packages.filter((p) => p.locations[0].path === f);
  assert.equal(at('steep/Gemfile.lock').length, 19);
  assert.deepEqual(at('app/Gemfile.lock').map((p) => `${p.name}@${p.version}`).sort(), ['forked@0.3.0', 'nokogiri@1.15.4', 'racc@1.7.1', 'rack@3.0.8']);
  assert.deepEqual(at('steep/Gemfile.lock').find((p) => p.name === 'i18n')?.dependsOn, ['pkg:gem/concurrent-ruby@1.1.9']);
  assert.deepEqual(at('app/Gemfile.lock').find((p) => p.name === 'forked')?.dependsOn, ['pkg:gem/rack@3.0.8']);
});

test('ruby analyzers: corrupt files warn with the file name', async () => {
  const a = await runAnalyzer(gemspecAnalyzer, td + 'corrupt');
  assert.deepEqual(a.warnings, ['specifications/broken-1.0.gemspec: gemspec without name or version']);
  const b = await runAnalyzer(gemfileLockAnalyzer, td + 'corrupt', { mode: 'fs' });
  assert.deepEqual(b.warnings, ['Gemfile.lock: no GEM section']);
});

test('ruby analyzers: matched paths and modes', () => {
  const spec: Analyzer = gemspecAnalyzer;
  const lock: Analyzer = gemfileLockAnalyzer;
  const f = { size: 1, mode: 0o644, type: 'file' as const };
  assert.ok(spec.matches('usr/local/bundle/specifications/rack-3.0.8.gemspec', f) && spec.matches('x/specifications/default/uri-0.11.0.gemspec', f));
  assert.ok(!spec.matches('app/rack.gemspec', f) && !spec.matches('x/specifications/a/b.gemspec', f));
  assert.ok(lock.matches('app/Gemfile.lock', f) && lock.matches('gems.locked', f) && !lock.matches('Gemfile', f));
  assert.deepEqual(lock.modes, ['fs']);
});
