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
