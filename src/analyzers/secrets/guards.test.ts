import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { builtinRuleSet } from './load-rules.js';
import { anchoredFor } from './anchored.js';
import { guardFor } from './guards.js';
import { SecretScanner } from './engine.js';

test('guards never reject a keyword where the rule\'s sticky regex matches (strings generated from every anchored rule)', () => {
  const context = fc.constantFrom('', ' ', '\n', 'a', '="', "x: '", 'foo.bar ', 'key = ', '://');
  let accepted = 0;
  let rejected = 0;
  for (const rule of builtinRuleSet().rules) {
    const a = rule.regex && anchoredFor(rule);
    if (!a) continue;
    let samples: string[];
    try {
      samples = fc.sample(fc.tuple(context, fc.stringMatching(new RegExp(rule.regex!.source, rule.regex!.flags.replace('g', ''))), context).map((p) => p.join('')),
        { numRuns: 60, seed: 11 });
    } catch {
      continue; // fast-check cannot generate from every regex
    }
    for (const keyword of rule.keywords) {
      const guard = guardFor(rule, keyword, a);
      if (!guard) continue;
      for (const s of samples) {
        const buf = Buffer.from(s, 'latin1');
        const lower = s.toLowerCase();
        for (let at = lower.indexOf(keyword); at !== -1; at = lower.indexOf(keyword, at + 1)) {
          a.sticky.lastIndex = at;
          const real = a.sticky.test(s);
          const pass = guard(buf, at, at + keyword.length);
          if (real) assert.ok(pass, `${rule.id} [${keyword}] rejected a real match at ${at}: ${JSON.stringify(s).slice(0, 120)}`);
          if (pass) accepted++; else rejected++;
        }
      }
    }
  }
  assert.ok(accepted > 500, `guards saw enough real matches (${accepted}, ${rejected} rejected)`);
});

test('guards reject the keyword hits of ordinary source code', () => {
  // Every line holds keywords of some rule ("s.", "ey", "://", "key", "token", "api", "sk"…) and no secret.
  const code = [
    'import os.path, sys.argv  # they say the key is in the keys dict',
    'for key, value in items: print(key)',
    'see https://example.org/docs/api.html and http://localhost:8080/',
    'token = get_token(api)',
    'self.access = lvl; auth.check()',
    'ASK the password manager; risky Skip',
  ].join('\n');
  const buf = Buffer.from(code, 'latin1');
  const lower = code.toLowerCase();
  let hits = 0;
  let passed = 0;
  for (const rule of builtinRuleSet().rules) {
    const a = rule.regex && anchoredFor(rule);
    if (!a) continue;
    for (const keyword of rule.keywords) {
      const guard = guardFor(rule, keyword, a);
      if (!guard) continue;
      for (let at = lower.indexOf(keyword); at !== -1; at = lower.indexOf(keyword, at + 1)) {
        hits++;
        if (guard(buf, at, at + keyword.length)) passed++;
      }
    }
  }
  assert.ok(hits > 20, `the snippet hits many keywords (${hits})`);
  assert.equal(passed, 0, `no hit in plain code passes (${passed} of ${hits} did)`);
});

test('guards at the edges of gitleaks\' assignment idiom: longest gap, longest operator, most quotes', () => {
  const rule = builtinRuleSet().rules.find((r) => r.id === 'generic-api-key')!;
  const a = anchoredFor(rule)!;
  const value = ['Zq8', 'vR2mK', 'x9Lp4T'].join('');
  for (const [keyword, text] of [
    ['key', `key${'_'.repeat(20)}" \t:::="' \t=${value} `],
    ['passw', `password${'x'.repeat(20)}'\t\t=>\`\`\`'"${value};`],
    ['token', `token ,     ${value}\n`],
  ]) {
    a.sticky.lastIndex = 0;
    assert.ok(a.sticky.test(text), `the rule matches ${JSON.stringify(text)}`);
    const at = text.toLowerCase().indexOf(keyword);
    assert.ok(guardFor(rule, keyword, a)!(Buffer.from(text, 'latin1'), at, at + keyword.length), `guard passes ${JSON.stringify(text)}`);
  }
});

test('a leading \\b guards word-character literals only', () => {
  const rule = { id: 't', title: 't', severity: 'high' as const, keywords: ['-----begin', 'tok_'], allowlists: [],
    regex: /\b(?:-----BEGIN KEY-----|tok_[a-z]{8})/g };
  const a = anchoredFor(rule)!;
  const dash = guardFor(rule, '-----begin', a)!;
  const text = Buffer.from('x-----BEGIN KEY----- atok_abcdefgh tok_abcdefgh');
  assert.ok(dash(text, 1, 11), 'after a word character, a literal starting with "-" still matches');
  const tok = guardFor(rule, 'tok_', a)!;
  assert.ok(!tok(text, 22, 26), 'inside a word: no boundary');
  assert.ok(tok(text, 35, 39));
});

test('a rule with a second top-level alternative: its keyword is not held to the idiom (Atlassian ATATT3 tokens)', () => {
  const rule = builtinRuleSet().rules.find((r) => r.id === 'atlassian-api-token')!;
  const a = anchoredFor(rule)!;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-=';
  const token = ['ATATT3', Array.from({ length: 186 }, (_, i) => alphabet[(i * 7 + 3) % alphabet.length]).join('')].join('');
  const text = `export JIRA_TOKEN ${token}\n`;
  const at = text.toLowerCase().indexOf('atatt3');
  a.sticky.lastIndex = at;
  assert.ok(a.sticky.test(text), 'the rule matches the token');
  const guard = guardFor(rule, 'atatt3', a);
  assert.ok(!guard || guard(Buffer.from(text, 'latin1'), at, at + 6), 'no operator follows the token: the guard must still let it through');
  assert.equal(new SecretScanner(builtinRuleSet()).scan(Buffer.from(text), 'env.sh').filter((h) => h.ruleId === 'atlassian-api-token').length, 1);
});
