import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../store/index.js';
import { responseCache } from './cache.js';

test('list-page cache: reused until a write, and off entirely with ttlMs 0', async () => {
  let writes = 0;
  const db = { writes: () => writes } as unknown as Db;
  let runs = 0;
  const produce = () => Promise.resolve({ run: ++runs });
  const on = responseCache(db);
  assert.equal(await on.get('/a', produce), '{"run":1}');
  assert.equal(await on.get('/a', produce), '{"run":1}', 'second read reuses the page');
  writes++;
  assert.equal(await on.get('/a', produce), '{"run":2}', 'a write invalidates it');
  const off = responseCache(db, { ttlMs: 0 });
  assert.equal(await off.get('/a', produce), '{"run":3}');
  assert.equal(await off.get('/a', produce), '{"run":4}', 'ttlMs 0: every request runs its query');
});
