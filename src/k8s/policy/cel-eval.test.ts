/** toCel: JSON integers become BigInt at any depth; what holds no integer is passed through, the input never changes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { toCel } from './cel-eval.js';

/** The plain deep conversion (a fresh copy of everything) that toCel must be equal to. */
function reference(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(reference);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = reference((v as Record<string, unknown>)[k]);
  return out;
}

test('toCel converts integers at every depth and equals a full deep conversion', () => {
  fc.assert(fc.property(fc.jsonValue(), (doc) => {
    const before = JSON.stringify(doc);
    fc.pre(!before.includes('"__proto__"')); // assigning that key in the reference copy would set a prototype instead
    assert.deepStrictEqual(toCel(doc), reference(doc));
    assert.equal(JSON.stringify(doc), before, 'the input is not modified');
  }), { numRuns: 300 });
});

test('toCel copies only the paths down to integers and shares the rest', () => {
  const pod = {
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: { containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 8080, protocol: 'TCP' }], securityContext: { runAsNonRoot: true } }], ratio: 0.5 },
  };
  const cel = toCel(pod) as typeof pod;
  assert.notEqual(cel, pod);
  assert.equal(cel.metadata, pod.metadata, 'no integer below: the same object');
  assert.notEqual(cel.spec.containers[0], pod.spec.containers[0]);
  assert.equal(cel.spec.containers[0]!.securityContext, pod.spec.containers[0]!.securityContext);
  assert.equal(cel.spec.containers[0]!.ports[0]!.containerPort as unknown, 8080n);
  assert.equal(cel.spec.containers[0]!.ports[0]!.protocol, 'TCP');
  assert.equal(cel.spec.ratio, 0.5, 'a non-integer number stays a double');
  assert.equal(pod.spec.containers[0]!.ports[0]!.containerPort, 8080, 'the input keeps its number');
  const noInts = { a: ['x', { b: true, c: null }], d: 1.5 };
  assert.equal(toCel(noInts), noInts);
  const arr = ['a', 'b', 3, 'd'];
  assert.deepStrictEqual(toCel(arr), ['a', 'b', 3n, 'd']);
  assert.deepStrictEqual(arr, ['a', 'b', 3, 'd']);
});
