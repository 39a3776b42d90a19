/**
 * A differential test whose reference implementation is missing must never pass quietly: outside CI it
 * is skipped with the reason (scripts/run-tests.mjs lists every skip and its reason at the end), and in
 * CI (CI=true, where scripts/test.sh installs every oracle) it fails, so a broken install step shows.
 */
import type { TestContext } from 'node:test';

export function oracleMissing(t: TestContext, what: string): void {
  const reason = `oracle missing: ${what}`;
  if (process.env.CI === 'true') throw new Error(`${reason} (CI must run every differential test; scripts/test.sh installs it)`);
  t.skip(reason);
}
