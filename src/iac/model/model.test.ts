/** The state accessors: defaults are known-but-implicit, unknowns stay unknown, lists with unknown items are partial. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromJson, objectNode, unknownNode, listNode, scalar, type Node } from './node.js';
import { bool, entries, has, hasUnknownItems, str, strList } from './read.js';
import { isFalse, isSet, isTrue, isUnset, valueOf } from './value.js';

const loc = { file: 'main.tf', line: 3 };

test('absent → the default, not explicit; written → explicit; unknown → unknown', () => {
  const body = fromJson({ vpc_config: [{ endpoint_public_access: false }], name: 'c' }, loc);
  const dflt = bool(body, 'vpc_config.endpoint_private_access', false);
  assert.ok(isFalse(dflt) && dflt.known && !dflt.explicit);
  const written = bool(body, 'vpc_config.endpoint_public_access', true);
  assert.ok(isFalse(written) && written.known && written.explicit);
  const u = objectNode(loc, new Map([['enabled', unknownNode({ file: 'main.tf', line: 9 }, 'var.enabled has no value')]]));
  const v = bool(u, 'enabled', false);
  assert.ok(!isTrue(v) && !isFalse(v) && !v.known && v.loc.line === 9);
  assert.equal(valueOf(v), undefined);
  assert.ok(isSet(v) && !isUnset(v), 'an unknown value is written, so it is set');
  assert.ok(has(body, 'name') && !has(body, 'nope'));
  assert.deepEqual(entries(fromJson({ tags: { a: 'b' } }, loc), 'tags').map(([k]) => k), ['a']);
});

test('string conversion and partial lists', () => {
  const body = objectNode(loc, new Map<string, Node>([
    ['flag', scalar('true', loc)],
    ['cidrs', listNode(loc, [scalar('0.0.0.0/0', loc), unknownNode(loc, 'var.extra')])],
  ]));
  assert.ok(isTrue(bool(body, 'flag', false)));
  const cidrs = strList(body, 'cidrs');
  assert.ok(cidrs.known && cidrs.partial && cidrs.value[0] === '0.0.0.0/0');
  assert.ok(hasUnknownItems(body, 'cidrs'));
  assert.ok(isUnset(str(body, 'missing')));
});
