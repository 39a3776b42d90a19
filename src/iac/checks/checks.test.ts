/**
 * The one generated fixture test: every check's `fail` examples must produce a finding of that check with a file and
 * line, its `pass` and `unknown` examples none (an unknown value is never insecure), and every example must parse.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFiles } from '../load/analyze.js';
import { runChecks } from '../engine/run.js';
import { iacChecks } from './registry.js';
import type { Example, IacCheck } from './define.js';

async function findingsOf(check: IacCheck, ex: Example) {
  const a = await analyzeFiles(new Map(Object.entries(ex)), { today: '2026-01-01' });
  assert.deepEqual(a.errors, [], `${check.id}: example does not parse`);
  return runChecks(a.state, [check], a.ignores).findings;
}

for (const check of iacChecks) {
  test(`${check.id} ${check.title}`, async () => {
    assert.ok(check.examples.fail.length > 0 && check.examples.pass.length > 0, 'needs a failing and a passing example');
    for (const [i, ex] of check.examples.fail.entries()) {
      const found = await findingsOf(check, ex);
      assert.ok(found.length > 0, `fail example ${i} gave no finding`);
      for (const f of found) {
        assert.ok(f.file && Object.hasOwn(ex, f.file), `finding file ${f.file} is not an example file`);
        assert.ok((f.line ?? 0) > 0, 'finding has no line');
      }
    }
    for (const [i, ex] of check.examples.pass.entries()) assert.deepEqual((await findingsOf(check, ex)).map((f) => f.message), [], `pass example ${i}`);
    for (const [i, ex] of (check.examples.unknown ?? []).entries()) assert.deepEqual((await findingsOf(check, ex)).map((f) => f.message), [], `unknown example ${i}`);
  });
}
