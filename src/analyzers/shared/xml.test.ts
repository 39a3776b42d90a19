import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isBulwarkError } from '../../core/index.js';
import { childText, parseXml } from './xml.js';
import { parseJsonc } from './jsonc.js';

test('xml: prefixes dropped, entities, CDATA, comments, self-closing elements', () => {
  const root = parseXml('\ufeff<?xml version="1.0"?>\n<!-- c --><m:a x="1 &amp; 2" y=\'&#x41;\'><b>&lt;t&gt;<![CDATA[<raw>]]></b><!-- <b>no</b> --><c/></m:a>');
  assert.equal(root.name, 'a');
  assert.deepEqual(root.attrs, { x: '1 & 2', y: 'A' });
  assert.equal(childText(root, 'b'), '<t><raw>');
  assert.deepEqual(root.children.map((c) => c.name), ['b', 'c']);
});

test('xml: DOCTYPE (entity expansion), mismatched and unclosed tags are errors', () => {
  for (const bad of ['<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', '<a><b></a>', '<a><b>', '<a/><b/>', 'text']) {
    assert.throws(() => parseXml(bad), (e) => isBulwarkError(e) && e.code === 'MALFORMED_DOCUMENT', bad);
  }
});

test('jsonc: trailing commas and comments outside strings are dropped, strings untouched', () => {
  assert.deepEqual(parseJsonc('{\n // c\n "a": ["x,]", "/* y */",],\n /* z */ "b": { "c": 1, },\n}\n'), { a: ['x,]', '/* y */'], b: { c: 1 } });
  assert.throws(() => parseJsonc('{"a": 1 2}'));
});
