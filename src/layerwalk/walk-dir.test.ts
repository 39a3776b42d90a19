import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineAnalyzer } from '../analyzers/index.js';
import { walkDirectory } from './walk-dir.js';

const all = defineAnalyzer({ id: 'all', version: 1, group: 'os', maxBytes: 8, matches: () => true, analyze: (f) => ({ facts: { custom: { type: f.meta.type, content: f.content?.toString() ?? null } } }) });

test('directory walk: lstat only, special files and kernel trees skipped, .git skipped in fs mode, maxBytes honoured', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'bw-walkdir-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'proc/1'), { recursive: true });
  writeFileSync(join(root, 'proc/1/status'), 'x');
  mkdirSync(join(root, '.git'));
  writeFileSync(join(root, '.git/config'), 'c');
  mkdirSync(join(root, 'etc'));
  writeFileSync(join(root, 'etc/small'), 'tiny');
  writeFileSync(join(root, 'etc/big'), 'more than eight bytes');
  symlinkSync('/', join(root, 'etc/host'));
  spawnSync('mkfifo', [join(root, 'etc/fifo')]);
  const summarize = (la: Awaited<ReturnType<typeof walkDirectory>>) => Object.fromEntries(la.results.map((r) => [r.path, r.result.facts?.custom]));
  const rootfs = summarize(await walkDirectory(root, { analyzers: [all], mode: 'rootfs' }));
  assert.deepEqual(rootfs, {
    '.git': { type: 'directory', content: null },
    '.git/config': { type: 'file', content: 'c' },
    etc: { type: 'directory', content: null },
    'etc/big': { type: 'file', content: null },
    'etc/host': { type: 'symlink', content: null },
    'etc/small': { type: 'file', content: 'tiny' },
  });
  const fs = await walkDirectory(root, { analyzers: [all], mode: 'fs' });
  assert.ok(!Object.keys(summarize(fs)).some((p) => p.startsWith('.git')));
  assert.ok(Object.keys(summarize(fs)).includes('proc/1/status'), 'proc is only special at the root of a rootfs');
  assert.deepEqual(fs.symlinks, { 'etc/host': '/' });
});

test('missing directory and a file instead of a directory are input errors', async () => {
  await assert.rejects(walkDirectory('/no/such/dir', { analyzers: [], mode: 'rootfs' }), { code: 'INPUT_NOT_FOUND' });
  await assert.rejects(walkDirectory('/etc/hostname', { analyzers: [], mode: 'fs' }), { code: 'INPUT_UNRECOGNIZED' });
});

test('directory walk reports every visited entry to the progress port (rootfs / shows a count on a TTY)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-walk-progress-'));
  try {
    mkdirSync(join(dir, 'a'));
    writeFileSync(join(dir, 'a', 'x'), 'x');
    writeFileSync(join(dir, 'y'), 'y');
    const calls: string[] = [];
    let seen = 0;
    const progress = {
      start: (task: string, total: number) => calls.push(`start ${task} ${total}`),
      advance: (_task: string, n: number) => { seen += n; },
      done: (task: string) => calls.push(`done ${task}`),
    };
    await walkDirectory(dir, { analyzers: [all], mode: 'rootfs', progress });
    assert.deepEqual(calls, ['start files 0', 'done files']);
    assert.equal(seen, 3); // a/, a/x, y
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
