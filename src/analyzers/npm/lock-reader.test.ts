// Differential tests: the tree-less package-lock reader against JSON.parse (the reference), on generated
// lockfile-shaped documents (duplicate keys, array-index keys, escapes, odd field types, nesting) and on
// mutations of them that are mostly invalid JSON. Accept/reject and the reduced view must be identical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readPackageLock, reduceLockDoc, type LockDoc } from './lock-reader.js';

type J = null | boolean | string | { num: string } | J[] | { obj: Array<[string, J]> };

const FIELDS = ['name', 'version', 'dev', 'link', 'license', 'licenses', 'resolved', 'workspaces', 'dependencies',
  'optionalDependencies', 'peerDependencies', 'requires', 'integrity', 'lockfileVersion', 'packages'];
const key = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...FIELDS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom('0', '12', '4294967294', '4294967295', '01', '-1', '__proto__', 'type') },
);
const num = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => ({ num: JSON.stringify(d) })),
  fc.constantFrom('-0', '0', '3', '1E+2', '0.5e-3', '-12.25', '2e10').map((n) => ({ num: n })),
);
const leaf: fc.Arbitrary<J> = fc.oneof(fc.constant(null), fc.boolean(), num, fc.string({ maxLength: 8 }),
  fc.constantFrom('MIT', '1.0.0', '^2.1.0', 'https://registry.npmjs.org/a/-/a-1.0.0.tgz', 'file:../a', 'npm:b@1.0.0', 'é\u2028'));
const { value } = fc.letrec<{ value: J }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }).map((m) => ({ obj: m }))),
}));
const deps = fc.array(fc.tuple(fc.oneof(fc.constantFrom('a', 'b', '@s/c', '0', '3', 'a'), fc.string({ maxLength: 4 })), leaf), { maxLength: 4 })
  .map((m) => ({ obj: m }) as J);
const entryField: fc.Arbitrary<[string, J]> = fc.oneof(
  fc.tuple(fc.constantFrom('dependencies', 'optionalDependencies', 'peerDependencies', 'requires'), fc.oneof({ weight: 4, arbitrary: deps }, { weight: 1, arbitrary: value })),
  fc.tuple(fc.constantFrom('name', 'version', 'resolved', 'license'), fc.oneof({ weight: 4, arbitrary: fc.string({ maxLength: 6 }) }, { weight: 1, arbitrary: value })),
  fc.tuple(fc.constantFrom('dev', 'link'), fc.oneof(fc.boolean(), value)),
  fc.tuple(key, value),
);
const entry: fc.Arbitrary<J> = fc.oneof({ weight: 8, arbitrary: fc.array(entryField, { maxLength: 7 }).map((m) => ({ obj: m }) as J) }, { weight: 1, arbitrary: value });
const path = fc.oneof(fc.constantFrom('', 'node_modules/a', 'node_modules/@s/b', 'node_modules/a/node_modules/b', 'packages/w', '0', '5', '10'), fc.string({ maxLength: 5 }));
const doc: fc.Arbitrary<J> = fc.tuple(
  fc.array(fc.tuple(path, entry), { maxLength: 6 }),
  fc.array(fc.tuple(key, value), { maxLength: 3 }),
  fc.oneof({ weight: 6, arbitrary: fc.constant('object') }, { weight: 1, arbitrary: fc.constantFrom('array', 'absent', 'twice') }),
).map(([entries, extra, shape]): J => {
  const packages: J = shape === 'array' ? entries.map(([, e]) => e) : { obj: entries };
  const members: Array<[string, J]> = [['lockfileVersion', { num: '3' }], ...extra];
  if (shape !== 'absent') members.splice(1, 0, ['packages', packages]);
  if (shape === 'twice') members.push(['packages', { obj: entries.slice(1) }]);
  return { obj: members };
});
const style = fc.record({ ws: fc.constantFrom('', ' ', '\n\t ', '\r\n  '), escape: fc.constantFrom(0, 1, 2) });

function str(s: string, escape: number): string {
  const j = JSON.stringify(s);
  if (escape === 0) return j;
  // 1: escape every "e" as \u0065; 2: every letter, and "/" as "\/".
  return escape === 1 ? j.replace(/e/g, '\\u0065') : j.replace(/[a-zA-Z]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(/\//g, '\\/');
}

function ser(v: J, s: { ws: string; escape: number }): string {
  if (v === null || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return str(v, s.escape);
  if (Array.isArray(v)) return `[${s.ws}${v.map((x) => ser(x, s)).join(`${s.ws},${s.ws}`)}${s.ws}]`;
  if ('num' in v) return v.num;
  return `{${s.ws}${v.obj.map(([k, x]) => `${str(k, s.escape)}${s.ws}:${s.ws}${ser(x, s)}`).join(`,${s.ws}`)}${s.ws}}`;
}

function view(d: LockDoc) {
  return { object: d.object, lockfileVersion: d.lockfileVersion, packages: d.packages ? [...d.packages] : undefined, dependencies: d.dependencies() };
}

function outcome(read: () => LockDoc): unknown {
  try {
    return view(read());
  } catch (e) {
    if (e instanceof SyntaxError) return 'rejected';
    throw e;
  }
}

function same(text: string): void {
  const reference = outcome(() => reduceLockDoc(JSON.parse(text)));
  const ours = outcome(() => readPackageLock(text));
  assert.deepStrictEqual(ours, reference, text);
}

test('lock reader: valid lockfile-shaped documents read exactly as JSON.parse reads them', () => {
  fc.assert(fc.property(doc, style, (d, s) => same(ser(d, s))), { numRuns: 3000 });
});

test('lock reader: mutated documents are rejected or accepted exactly as JSON.parse does', () => {
  const edit = fc.tuple(fc.nat(), fc.constantFrom('delete', 'insert', 'replace', 'truncate'),
    fc.constantFrom(...'{}[],:"\\ 0a-.eEtfnu\u0000\u001f\t+'.split('')));
  let rejected = 0;
  fc.assert(fc.property(doc, style, edit, (d, s, [at, op, ch]) => {
    const text = ser(d, s);
    const i = at % (text.length + 1);
    const mutated = op === 'delete' ? text.slice(0, i) + text.slice(i + 1)
      : op === 'insert' ? text.slice(0, i) + ch + text.slice(i)
        : op === 'replace' ? text.slice(0, i) + ch + text.slice(i + 1) : text.slice(0, i);
    try { JSON.parse(mutated); } catch { rejected++; }
    same(mutated);
  }), { numRuns: 4000 });
  assert.ok(rejected > 1000, `the mutations must mostly produce invalid JSON (${rejected} rejected)`);
});

test('lock reader: top-level shapes, whitespace and literals at the edges', () => {
  for (const text of ['', ' ', 'null', 'true', '3', '"x"', '[]', '[1,2]', '{}', ' {} ', '{}x', '{"packages":{}}', '{"packages":[{"name":"a"}]}',
    '{"packages":{"node_modules/a":{"version":"1.0.0","dev":true}},}', '{"packages":{"node_modules/a":{"version":"1.0.0","dev":tru}}}',
    '{"packages":{"node_modules/a":{"version":"1\\u002e0","dependencies":{"b":"1","b":"2","1":"x"}}}}', '\ufeff{}', '{"a":01}', '{"a":1.}',
    '{"a":-}', '{"a":"\\x"}', '{"a":"\t"}', '{"a":"\\ud800"}', '{"lockfileVersion":1,"dependencies":{"a":{"version":"1.0.0"}}}']) same(text);
});

test('lock reader: deep nesting inside a skipped field neither overflows nor differs', () => {
  const deep = '['.repeat(20_000) + ']'.repeat(20_000);
  same(`{"lockfileVersion":3,"packages":{"node_modules/a":{"version":"1.0.0","integrity":${deep}}}}`);
  same(`{"lockfileVersion":3,"packages":{"node_modules/a":{"version":"1.0.0","integrity":${deep.slice(1)}}}}`);
});
