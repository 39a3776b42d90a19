/** docs/checks/iac/ must equal what the IaC check definitions render (UPDATE_DOCS=1 rewrites them). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderIacCheckDocs } from '../../src/iac/index.js';

const DIR = fileURLToPath(new URL('../../docs/checks/iac/', import.meta.url));

test('docs/checks/iac is in sync with the check definitions', () => {
  const pages = renderIacCheckDocs();
  if (process.env.UPDATE_DOCS) {
    rmSync(DIR, { recursive: true, force: true });
    mkdirSync(DIR, { recursive: true });
    for (const [name, text] of pages) writeFileSync(`${DIR}${name}`, text);
  }
  assert.deepEqual(readdirSync(DIR).sort(), [...pages.keys()].sort());
  for (const [name, text] of pages) assert.equal(readFileSync(`${DIR}${name}`, 'utf8'), text, `${name} is stale`);
});
