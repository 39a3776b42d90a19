/** Golden-file assertion for writer tests: `UPDATE_GOLDEN=1` rewrites the file instead of comparing. */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export function assertGolden(name: string, actual: string): void {
  const path = fileURLToPath(new URL(`./golden/${name}`, import.meta.url));
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    if (process.env.UPDATE_GOLDEN !== '1' && process.env.CI) assert.fail(`golden file ${name} is missing (run with UPDATE_GOLDEN=1)`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.equal(actual, readFileSync(path, 'utf8'), `${name} differs from the golden file (UPDATE_GOLDEN=1 regenerates it)`);
}
