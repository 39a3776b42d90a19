import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineBatcher } from './log-batch.js';

test('lineBatcher: lines of a burst are one write, in order; flush writes what waits; a full buffer is written at once', async () => {
  const writes: string[] = [];
  const b = lineBatcher((t) => writes.push(t), 10, 64);
  b.log('a');
  b.log('b');
  assert.deepEqual(writes, [], 'nothing written synchronously');
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(writes, ['a\nb\n']);
  b.log('c');
  b.flush();
  assert.deepEqual(writes, ['a\nb\n', 'c\n'], 'flush writes the waiting line');
  b.flush();
  assert.equal(writes.length, 3 - 1, 'an empty flush writes nothing');
  b.log('x'.repeat(70));
  assert.equal(writes.at(-1), `${'x'.repeat(70)}\n`, 'over maxBytes: written without waiting');
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(writes.length, 3, 'and not again by the timer');
});
