/** redactText: the literal pre-checks (`://`, `authorization:`) skip only text the two patterns could never change. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { redactText } from './redact.js';

/** The two replacements without any pre-check: what redactText must equal on every input. */
function reference(text: string): string {
  return text
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)([^@\s/]+)(@)/gi, (_m, a: string, _p: string, c: string) => `${a}****${c}`)
    .replace(/(authorization:\s*(?:basic|bearer)\s+)(\S+)/gi, (_m, a: string) => `${a}****`);
}

const piece = fc.oneof(
  fc.string(),
  fc.constantFrom('://', 'https://', 'user:', 'pass@', '@', ':', '/', ' ', '\t', 'Authorization: ', 'AUTHORIZATION:', 'authorization:  bearer ', 'Basic ', 'token', 'ſ', 'K', 'İ'),
);

test('redactText equals the unconditional replacements on any text', () => {
  fc.assert(fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
    const text = parts.join('');
    assert.equal(redactText(text), reference(text));
  }), { numRuns: 2000 });
});

test('redactText masks URL passwords and Authorization values, and leaves other text as it is', () => {
  assert.equal(redactText('pull https://bob:s3cret@registry.example.com/x failed'), 'pull https://bob:****@registry.example.com/x failed');
  assert.equal(redactText('header Authorization: Bearer abc.def'), 'header Authorization: Bearer ****');
  assert.equal(redactText('both http://a:b@h and authorization: basic Zm9v'), 'both http://a:****@h and authorization: basic ****');
  const plain = 'container "app" image "registry.example.com/team/app:1.0" is pinned by tag only';
  assert.equal(redactText(plain), plain);
});
