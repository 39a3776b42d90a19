// jsonPieces must give byte for byte the text writeJson gives (JSON.stringify with two-space indent), for
// reports with long arrays split into pieces, undefined members, toJSON values and odd keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Report } from '../core/index.js';
import { jsonPieces, writeJson } from './json.js';

const element = fc.oneof(
  fc.record({ name: fc.string(), version: fc.string(), licenses: fc.array(fc.string(), { maxLength: 2 }), dev: fc.option(fc.boolean(), { nil: undefined }) }),
  fc.jsonValue({ maxDepth: 2 }),
  fc.constant(undefined),
  fc.constant(new Date(0)),
);

test('json report: the streamed pieces join to exactly writeJson', () => {
  fc.assert(fc.property(
    fc.dictionary(fc.oneof(fc.string({ maxLength: 5 }), fc.constantFrom('packages', '__proto__', '0', 'warnings')),
      fc.oneof(
        { weight: 3, arbitrary: fc.array(element, { maxLength: 2600 }) },
        { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
        { weight: 1, arbitrary: fc.constantFrom(undefined, () => 1, new Date(1)) },
      ), { maxKeys: 5 }),
    (extra) => {
      const report = { vulnerabilities: [], ...extra } as unknown as Report;
      assert.equal([...jsonPieces(report)].join(''), writeJson(report));
    }), { numRuns: 60 });
});

test('json report: an array longer than one piece is written in several pieces', () => {
  const report = { vulnerabilities: [], packages: Array.from({ length: 2500 }, (_, i) => ({ name: `p${i}` })) } as unknown as Report;
  const pieces = [...jsonPieces(report)];
  assert.ok(pieces.length >= 5, `${pieces.length} pieces`);
  assert.equal(pieces.join(''), writeJson(report));
});
