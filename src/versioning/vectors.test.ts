/** Upstream test vectors (testdata/vectors/README.md) for apk, RubyGems, NuGet and Composer. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compareApk } from './apk.js';
import { compareGem } from './gem.js';
import { compareNuGet } from './nuget.js';
import { compareComposer, normalizeComposer } from './composer.js';
import type { Cmp } from './types.js';

const OPS: Record<string, Cmp> = { '<': -1, '=': 0, '>': 1 };

function vectors(file: string): Array<[string, Cmp, string]> {
  const text = readFileSync(new URL(`./testdata/vectors/${file}`, import.meta.url), 'utf8');
  return text.split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => {
    const m = /^(.*?) ([<=>]) (\S*)/.exec(l.replace(/\t+#.*$/, ''));
    if (!m) throw new Error(`bad vector line: ${l}`);
    return [m[1]!, OPS[m[2]!]!, m[3]!];
  });
}

function checkAll(name: string, file: string, cmp: (a: string, b: string) => Cmp): void {
  test(`${name}: upstream vectors (${file})`, () => {
    const rows = vectors(file);
    assert.ok(rows.length > 10);
    const bad: string[] = [];
    for (const [a, want, b] of rows) {
      if (cmp(a, b) !== want) bad.push(`${a} vs ${b}: got ${cmp(a, b)}, want ${want}`);
      if (cmp(b, a) !== -want) bad.push(`${b} vs ${a} (reversed): got ${cmp(b, a)}, want ${-want}`);
    }
    assert.deepEqual(bad, []);
  });
}

checkAll('apk', 'apk-version.data', compareApk);
checkAll('gem', 'gem.txt', compareGem);
checkAll('nuget', 'nuget.txt', compareNuGet);
checkAll('composer', 'composer-order.txt', compareComposer);

test('composer: VersionParser normalize vectors', () => {
  const text = readFileSync(new URL('./testdata/vectors/composer-normalize.txt', import.meta.url), 'utf8');
  const bad: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [input, want] = line.split('\t') as [string, string];
    const got = normalizeComposer(input);
    if (got !== want) bad.push(`${JSON.stringify(input)} → ${got}, want ${want}`);
  }
  assert.deepEqual(bad, []);
});

test('composer: rejects what VersionParser rejects', () => {
  for (const v of ['', 'a', '1.0.0-meh', '1.0.0.0.0', 'feature-foo', '1.0.1-SNAPSHOT']) {
    assert.equal(normalizeComposer(v), null, v);
  }
});

test('nuget: four-part legacy versions and leading zeros', () => {
  assert.equal(compareNuGet('1.0', '1.0.0.0'), 0);
  assert.equal(compareNuGet('1.0.0.1', '1.0.0'), 1);
  assert.equal(compareNuGet('1.0.01', '1.0.1'), 0);
  assert.equal(compareNuGet('1.0.0-alpha.10', '1.0.0-alpha.9'), 1);
});
