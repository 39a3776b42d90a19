/** The registry lists every check file once, ids are unique and inside their service's id block. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ID_BLOCKS } from './define.js';
import { iacChecks } from './registry.js';

const ALL = iacChecks;

const DIR = fileURLToPath(new URL('.', import.meta.url));

function checkFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return checkFiles(p);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [p] : [];
  });
}

test('ids are unique and in their block', () => {
  const seen = new Set<string>();
  for (const c of ALL) {
    assert.ok(!seen.has(c.id), `duplicate id ${c.id}`);
    seen.add(c.id);
    const block = ID_BLOCKS[c.provider][c.service];
    assert.ok(block !== undefined, `${c.id}: no id block for ${c.provider}:${c.service}`);
    const n = Number(/^BW-IAC-(\d{4})$/.exec(c.id)?.[1]);
    assert.ok(n > block && n < block + 100, `${c.id} is outside ${c.provider}:${c.service}'s block ${block}`);
    if (c.trivy) assert.match(c.trivy, /^AVD-[A-Z0-9]+-\d{4}$/);
    for (const k of c.checkov ?? []) assert.match(k, /^CKV2?_[A-Z0-9]+_\d+$/);
  }
});

test('every check records its Trivy and Checkov equivalents, or that it was checked and none exists (null / [])', () => {
  const unreviewed = ALL.filter((c) => c.trivy === undefined || c.checkov === undefined).map((c) => c.id);
  assert.deepEqual(unreviewed, []);
});

test('every check defined under checks/<provider>/ is registered once', async () => {
  const defined: unknown[] = [];
  for (const provider of Object.keys(ID_BLOCKS)) {
    let files: string[] = [];
    try {
      files = checkFiles(join(DIR, provider));
    } catch {
      continue; // a provider without checks yet
    }
    for (const f of files) for (const v of Object.values(await import(f) as Record<string, unknown>)) if ((v as { evaluate?: unknown })?.evaluate) defined.push(v);
  }
  assert.equal(new Set(defined).size, defined.length);
  assert.deepEqual(new Set(defined), new Set(ALL));
});

test('docs/iac.md states the registry\'s check count', () => {
  const doc = readFileSync(fileURLToPath(new URL('../../../docs/iac.md', import.meta.url)), 'utf8');
  assert.equal(Number(/holds \*\*(\d+) distinct IaC\/cloud checks\*\*/.exec(doc)?.[1]), ALL.length);
});
