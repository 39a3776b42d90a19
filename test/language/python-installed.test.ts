// python-installed over this machine's site-packages finds every distribution `pip list` reports, same versions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { runAnalyzer } from '../../src/analyzers/shared/testing.js';
import { pythonInstalledAnalyzer } from '../../src/analyzers/python/index.js';

const norm = (n: string) => n.replace(/[-_.]+/g, '-').toLowerCase();

function python(args: string[]): string | undefined {
  const r = spawnSync('python3', args, { encoding: 'utf8', maxBuffer: 16 << 20 });
  return r.status === 0 ? r.stdout : undefined;
}

const sites = python(['-c', 'import site, json; print(json.dumps(site.getsitepackages()))']);
const pipList = python(['-m', 'pip', 'list', '--format', 'json', '--disable-pip-version-check']);

test('python-installed agrees with pip list on this machine', { skip: !sites || !pipList ? 'python3/pip not available' : false }, async () => {
  const expected = new Map((JSON.parse(pipList as string) as Array<{ name: string; version: string }>).map((p) => [norm(p.name), p.version]));
  assert.ok(expected.size > 0);
  const found = new Map<string, Set<string>>();
  for (const dir of JSON.parse(sites as string) as string[]) {
    const run = await runAnalyzer(pythonInstalledAnalyzer, dir);
    for (const p of run.packages) {
      const k = norm(p.name);
      if (!found.has(k)) found.set(k, new Set());
      found.get(k)?.add(p.version);
      assert.equal(p.purl, `pkg:pypi/${k}@${encodeURIComponent(p.version).replace(/%2B/g, '+')}`);
    }
  }
  const missing = [...expected].filter(([n, v]) => !found.get(n)?.has(v)).map(([n, v]) => `${n}@${v}`);
  assert.deepEqual(missing, []);
  // Stale metadata of the same project left beside the live one would be an extra; pip shows one per name.
  const extra = [...found].filter(([n]) => !expected.has(n)).map(([n]) => n);
  assert.deepEqual(extra, []);
});
