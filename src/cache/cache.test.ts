import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonCache, cacheKey, cleanCache, defaultCacheDir } from './index.js';

test('put/get round-trip, atomic files only (no temp left), corrupt entry is a miss, clean removes', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'bw-cache-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const c = new JsonCache(root, 'layers');
  const k = cacheKey(['sha256:abc', 'dpkg@1']);
  assert.equal(c.get(k), undefined);
  c.put(k, { a: 1 });
  assert.deepEqual(c.get(k), { a: 1 });
  const dir = join(root, 'layers', k.slice(0, 2));
  assert.deepEqual(readdirSync(dir), [`${k}.json`]);
  writeFileSync(join(dir, `${k}.json`), '{"trunc');
  assert.equal(c.get(k), undefined);
  assert.equal(cleanCache(root), true);
  assert.equal(existsSync(join(root, 'layers')), false);
  assert.equal(cleanCache(root), false);
});

test('keys: length-prefixed parts, hex only', () => {
  assert.notEqual(cacheKey(['ab', 'c']), cacheKey(['a', 'bc']));
  assert.match(cacheKey(['x']), /^[a-f0-9]{64}$/);
  assert.throws(() => new JsonCache('/tmp', 'x').get('../../etc/passwd'));
});

test('default dir honours BULWARK_CACHE_DIR and XDG_CACHE_HOME', () => {
  assert.equal(defaultCacheDir({ BULWARK_CACHE_DIR: '/c' }), '/c');
  assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/x' }), '/x/bulwark');
});
