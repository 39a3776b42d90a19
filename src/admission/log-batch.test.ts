import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decisionLine, lineBatcher } from './log-batch.js';

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

test('decisionLine: the same text as JSON.stringify of the merged line (with and without a worker id), escapes kept', () => {
  const now = new Date('2026-12-06T19:00:00.123Z');
  const rec = { endpoint: 'validate', uid: 'u"1', verdict: 'deny', policies: [{ policy: 'VAP-x[0]', actions: ['enforce'], message: 'a\nb "q" \u2028' }], dryRun: false, namespace: undefined, warnings: 2 };
  for (const worker of [undefined, 3]) {
    const merged = Object.assign(worker === undefined ? { time: now.toISOString(), level: 'info', msg: 'decision' } : { time: now.toISOString(), worker, level: 'info', msg: 'decision' }, rec, { latencyMs: 0.412 });
    assert.equal(decisionLine(worker)(rec, 0.412, now), JSON.stringify(merged));
  }
  assert.equal(decisionLine()({}, 1, now), JSON.stringify({ time: now.toISOString(), level: 'info', msg: 'decision', latencyMs: 1 }), 'an empty record');
  assert.equal(JSON.parse(decisionLine()(rec, Number.NaN, now)).latencyMs, null, 'NaN as JSON.stringify writes it');
});

test('decisionLine without a date: the time of now, as new Date().toISOString() writes it', () => {
  for (let i = 0; i < 2000; i++) {
    const before = Date.now();
    const time = (JSON.parse(decisionLine()({}, 1)) as { time: string }).time;
    const after = Date.now();
    const t = Date.parse(time);
    assert.ok(t >= before && t <= after, `${time} within [${before}, ${after}]`);
    assert.equal(new Date(t).toISOString(), time);
  }
});
