/** docs/checks/ must equal what the check definitions render (UPDATE_DOCS=1 rewrites them). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderCheckDocs } from '../../src/k8s/docs/check-docs.js';

const DIR = fileURLToPath(new URL('../../docs/checks/', import.meta.url));

test('docs/checks is in sync with the check definitions', () => {
  const pages = renderCheckDocs();
  if (process.env.UPDATE_DOCS) {
    // Only this test's pages: subdirectories (docs/checks/iac/) belong to other generators.
    mkdirSync(DIR, { recursive: true });
    for (const e of readdirSync(DIR, { withFileTypes: true })) if (e.isFile()) rmSync(`${DIR}${e.name}`);
    for (const [name, text] of pages) writeFileSync(`${DIR}${name}`, text);
  }
  assert.deepEqual(readdirSync(DIR, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort(), [...pages.keys()].sort());
  for (const [name, text] of pages) assert.equal(readFileSync(`${DIR}${name}`, 'utf8'), text, `${name} is stale`);
  assert.ok(pages.size > 50);
});
