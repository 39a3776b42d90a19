import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(import.meta.dirname, 'main.ts');
const TSX = import.meta.resolve('tsx');

function bulwark(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, ['--import', TSX, CLI, ...args], { encoding: 'utf8', cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A directory this process cannot write into: chmod for ordinary users; root ignores modes, sysfs is read-only to it too. */
function readOnlyDir(base: string): string | undefined {
  if (process.getuid?.() !== 0) {
    const dir = join(base, 'ro');
    mkdirSync(dir);
    chmodSync(dir, 0o555);
    return dir;
  }
  return existsSync('/sys/kernel') ? '/sys' : undefined;
}

test('-o into a missing or read-only directory, or onto a directory: one line, OUTPUT_NOT_WRITABLE, exit 2', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-out-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cases: Array<[string, RegExp]> = [
    [join(dir, 'missing', 'report.json'), /its directory does not exist/],
    [dir, /it is a directory/],
  ];
  const ro = readOnlyDir(dir);
  if (ro) cases.push([join(ro, 'report.json'), /permission denied|read-only file system/]);
  for (const [out, reason] of cases) {
    for (const cmd of [['fs', dir, '--scanners', 'secret'], ['k8s', join(import.meta.dirname, '..', '..', 'test', 'k8s', 'testdata', 'full-app')]]) {
      const r = bulwark([...cmd, '--format', 'json', '-o', out], dir);
      assert.equal(r.code, 2, `${cmd[0]} -o ${out}: ${r.stderr}`);
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0]!, new RegExp(`^bulwark: cannot write --output ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${reason.source} \\[OUTPUT_NOT_WRITABLE\\]$`));
    }
  }
  assert.ok(!existsSync(join(dir, 'missing')), 'no directory is created');
  const ok = bulwark(['fs', dir, '--scanners', 'secret', '--format', 'json', '-o', join(dir, 'r.json')], dir);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).target.type, 'fs');
});

test('--output in pieces: the pieces are written in order; a writer that fails part-way leaves no half report', async () => {
  const { writeOutputFile } = await import('./output-file.js');
  const dir = mkdtempSync(join(tmpdir(), 'bw-pieces-'));
  try {
    const ok = join(dir, 'ok.json');
    await writeOutputFile(ok, ['{', '"a": "é"', '}\n']);
    assert.equal(readFileSync(ok, 'utf8'), '{"a": "é"}\n');
    const broken = join(dir, 'broken.json');
    function* pieces() { yield '{"packages": ['; throw new Error('writer failed'); }
    await assert.rejects(writeOutputFile(broken, pieces()), /writer failed/);
    assert.equal(existsSync(broken), false, 'the truncated report is removed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a report written in pieces is byte-identical to the joined text (multi-byte text, pieces larger than the write buffer)', async () => {
  const { writeOutputFile } = await import('./output-file.js');
  const dir = mkdtempSync(join(tmpdir(), 'bw-pieces-'));
  try {
    // Pieces around the 1 MB buffer's limits: tiny ones, 3-byte and 4-byte (surrogate pair) characters, one piece
    // whose worst case does not fit an empty buffer, and ones that fit only after a flush.
    const pieces = ['{', 'é'.repeat(1000), '€'.repeat(349_525), 'x', '😀'.repeat(200_000), '€'.repeat(400_000), 'ascii '.repeat(100_000), '}\n'];
    const out = join(dir, 'r.json');
    await writeOutputFile(out, pieces);
    assert.ok(readFileSync(out).equals(Buffer.from(pieces.join(''))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
