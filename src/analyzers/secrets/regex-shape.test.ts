import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { boundedPrefix, parseRegex, shapeOf } from './regex-shape.js';
import { builtinRuleSet } from './load-rules.js';

test('shapeOf: longest match, most line feeds, start-of-input carets', () => {
  const shape = (source: string, flags = '') => shapeOf(new RegExp(source, flags));
  assert.deepEqual(shape('abc'), { maxLength: 3, maxNewlines: 0, inputCaret: false });
  assert.deepEqual(shape(String.raw`a{2,5}\s?[\r\n]{0,2}`), { maxLength: 8, maxNewlines: 3, inputCaret: false });
  assert.deepEqual(shape('(?:ab|c{3})x'), { maxLength: 4, maxNewlines: 0, inputCaret: false });
  assert.deepEqual(shape('(?<name>[^"]{1,4})'), { maxLength: 4, maxNewlines: 4, inputCaret: false });
  assert.equal(shape('.{3}').maxNewlines, 0);
  assert.equal(shape('.{3}', 's').maxNewlines, 3);
  assert.deepEqual(shape('[^x]+'), { maxLength: Infinity, maxNewlines: Infinity, inputCaret: false });
  assert.deepEqual(shape('[a-z]+'), { maxLength: Infinity, maxNewlines: 0, inputCaret: false }, 'unbounded, but never across a line');
  assert.equal(shape('^a').inputCaret, true);
  assert.equal(shape('^a', 'm').inputCaret, false);
  assert.equal(shape('[^a]b').inputCaret, false, 'a negated class is not a caret');
  assert.equal(shape('a(?=b)').maxLength, Infinity, 'lookaround is not understood: unbounded');
  assert.equal(shape(String.raw`(a)\1`).maxLength, Infinity, 'back-references: unbounded');
});

test('boundedPrefix: wherever a rule matches, its bounded prefixes match too (strings generated from every built-in rule)', () => {
  let checked = 0;
  for (const rule of builtinRuleSet().rules) {
    const re = rule.regex;
    if (!re) continue;
    const alts = parseRegex(re.source, re.flags);
    if (!alts) continue;
    const prefixes = (['max', 'newlines'] as const).map((by) => {
      const parts = alts.map((a) => boundedPrefix(a, by).src);
      return new RegExp(parts.map((p) => `(?:${p})`).join('|'), `${re.flags.replace(/[gy]/g, '')}y`);
    });
    let samples: string[];
    try {
      samples = fc.sample(fc.stringMatching(new RegExp(re.source, re.flags.replace('g', ''))), { numRuns: 20, seed: 7 });
    } catch {
      continue; // fast-check cannot generate from every regex
    }
    for (const s of samples) {
      const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
      for (const m of s.matchAll(global)) {
        for (const p of prefixes) {
          p.lastIndex = m.index;
          assert.ok(p.test(s), `${rule.id}: prefix /${p.source}/ rejects a match at ${m.index} of ${JSON.stringify(s).slice(0, 100)}`);
          checked++;
        }
      }
    }
  }
  assert.ok(checked > 1000, `enough matches checked (${checked})`);
});
