/**
 * Every true/false-positive example gitleaks' rule sources carry for the rules in
 * testdata/gitleaks-examples (a table): each `tps` entry must be reported by its rule, no `fps` entry may be.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretScanner } from './engine.js';
import { builtinRuleSet } from './load-rules.js';
const looksPkcs12 = (_: Buffer) => true;
import { re2ToJs } from './re2-to-js.js';

const examples = JSON.parse(readFileSync(new URL('./testdata/gitleaks-examples/examples.json', import.meta.url), 'utf8')) as Record<string, { tps: string[]; fps: string[] }>;
const fast = new SecretScanner(builtinRuleSet());
const reference = new SecretScanner(builtinRuleSet(), { reference: true });

for (const [ruleId, { tps, fps }] of Object.entries(examples)) {
  test(`gitleaks examples: ${ruleId} (${tps.length} true, ${fps.length} false positives)`, () => {
    assert.ok(builtinRuleSet().rules.some((r) => r.id === ruleId), `rule ${ruleId} exists`);
    for (const [name, s] of [['engine', fast], ['reference', reference]] as const) {
      tps.forEach((tp, i) => {
        const ids = s.scan(Buffer.from(`${tp}\n`), 'app/config.txt').map((h) => h.ruleId);
        assert.ok(ids.includes(ruleId), `${name}: tps[${i}] not reported by ${ruleId} (got ${ids.join(', ') || 'nothing'})`);
      });
      fps.forEach((fp, i) => {
        const ids = s.scan(Buffer.from(`${fp}\n`), 'app/config.txt').map((h) => h.ruleId);
        assert.ok(!ids.includes(ruleId), `${name}: fps[${i}] reported by ${ruleId}`);
      });
    }
  });
}

test('mixed-case RE2 patterns keep their case-sensitive parts exact', () => {
  const r = re2ToJs('[\\w.-]{0,50}?(?i:[\\w.-]{0,5}?(?:(?-i:[Oo]kta|OKTA))x)');
  const re = new RegExp(r.source, r.flags);
  assert.equal(r.flags.includes('i'), false);
  assert.ok(re.test('myOktaX') && re.test('OKTAx') && re.test('oktaX'));
  assert.ok(!re.test('rookTax') && !re.test('OkTAx'));
  assert.deepEqual(re2ToJs('(?i)abc'), { source: 'abc', flags: 'i' }, 'wholly insensitive patterns keep the i flag');
  assert.ok(new RegExp(re2ToJs('a(?i)[b-c]').source).test('aC'), '(?i) mid-pattern folds the rest');
});

test('PKCS#12 files are reported by name and DER header, not by name alone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-p12-'));
  try {
    const key = join(dir, 'k.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:1024', '-nodes', '-keyout', key, '-out', join(dir, 'c.pem'), '-days', '1', '-subj', '/CN=t'], { stdio: 'ignore' });
    execFileSync('openssl', ['pkcs12', '-export', '-inkey', key, '-in', join(dir, 'c.pem'), '-out', join(dir, 'a.p12'), '-passout', 'pass:x'], { stdio: 'ignore' });
    const p12 = readFileSync(join(dir, 'a.p12'));
    assert.ok(looksPkcs12(p12));
    for (const name of ['certs/client.p12', 'etc/ssl/Server.PFX']) {
      assert.deepEqual(fast.scan(p12, name).map((h) => h.ruleId), ['pkcs12-file'], name);
    }
    assert.deepEqual(fast.scan(Buffer.from('not a key store\n'), 'notes.p12'), [], 'a text file named .p12');
    assert.deepEqual(fast.scan(p12, 'certs/client.bin'), [], 'the name matters too');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
