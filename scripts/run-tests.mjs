// Runs every *.test.ts under src/ and test/ with node's test runner (TypeScript via tsx).
// Usage: node scripts/run-tests.mjs [path-filter ...]
// After the run it lists every skipped test with its reason (a skip must never pass unseen) and ends
// with one plain "tests: N passed, N failed, N skipped" line.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir, out = []) {
  let names;
  try { names = readdirSync(dir); } catch { return out; }
  for (const name of names) {
    if (name === 'node_modules' || name === 'testdata' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/** Skipped tests and the run's totals, read from the TAP copy of the run. */
function summarise(tap) {
  const skips = [];
  const totals = {};
  for (const line of tap.split('\n')) {
    const skip = /^\s*ok \d+ - (.*?) # SKIP ?(.*)$/.exec(line);
    if (skip) skips.push({ name: skip[1], reason: skip[2] || '(no reason given)' });
    const total = /^# (pass|fail|skipped|cancelled|todo) (\d+)$/.exec(line);
    if (total) totals[total[1]] = Number(total[2]);
  }
  return { skips, totals };
}

const filters = process.argv.slice(2);
let files = [...find('src'), ...find('test')].sort();
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const dir = mkdtempSync(join(tmpdir(), 'bulwark-tests-'));
const tapFile = join(dir, 'run.tap');
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`,
  '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
  ...files], { stdio: 'inherit' });
let tap = '';
try { tap = readFileSync(tapFile, 'utf8'); } catch { /* the runner died before writing: its own output says why */ }
rmSync(dir, { recursive: true, force: true });
const { skips, totals } = summarise(tap);
if (skips.length) {
  console.log(`\nskipped (${skips.length}):`);
  for (const s of skips) console.log(`  - ${s.name}: ${s.reason}`);
}
if (tap) console.log(`\ntests: ${totals.pass ?? 0} passed, ${(totals.fail ?? 0) + (totals.cancelled ?? 0)} failed, ${totals.skipped ?? 0} skipped`);
process.exit(r.status ?? 1);
