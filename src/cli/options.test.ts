import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSeverities } from './options.js';

test('--severity: one value is a threshold, a list is exact', () => {
  assert.deepEqual(parseSeverities('high'), ['critical', 'high']);
  assert.deepEqual(parseSeverities('LOW'), ['critical', 'high', 'medium', 'low']);
  assert.deepEqual(parseSeverities('unknown'), ['critical', 'high', 'medium', 'low', 'unknown']);
  assert.deepEqual(parseSeverities('critical,medium'), ['critical', 'medium']);
  assert.equal(parseSeverities(undefined), undefined);
  assert.throws(() => parseSeverities('severe'), /unknown severity/);
});

test('db status help shows the real default max age (the db module is loaded lazily, the number is mirrored)', async () => {
  const { DEFAULT_MAX_AGE_DAYS_HELP } = await import('./commands/db.js');
  const { DEFAULT_MAX_AGE_DAYS } = await import('../vulndb/index.js');
  assert.equal(DEFAULT_MAX_AGE_DAYS_HELP, DEFAULT_MAX_AGE_DAYS);
});
