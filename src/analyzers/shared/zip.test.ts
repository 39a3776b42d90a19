import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isBulwarkError } from '../../core/index.js';
import { readZipDirectory, readZipEntry } from './zip.js';

const hasPython = spawnSync('python3', ['-c', 'import zipfile']).status === 0;

/** Writes a zip with Python's zipfile (an independent writer) and returns its bytes. */
function pyZip(script: string): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'zip-test-'));
  try {
    const out = join(dir, 'a.zip');
    const r = spawnSync('python3', ['-c', `import zipfile, sys\nout = sys.argv[1]\n${script}`, out], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const code = (e: unknown) => (isBulwarkError(e) ? e.code : String(e));

test('zip: stored and deflated entries, UTF-8 names, a prefixed archive (launch script before the jar)', { skip: !hasPython }, () => {
  const buf = pyZip(`with zipfile.ZipFile(out, 'w') as z:
    z.writestr('stored.txt', 'plain', compress_type=zipfile.ZIP_STORED)
    z.writestr('dir/déflaté.txt', 'x' * 10000, compress_type=zipfile.ZIP_DEFLATED)
    z.writestr('empty/', '')`);
  for (const b of [buf, Buffer.concat([Buffer.from('#!/bin/sh\nexec java -jar "$0" "$@"\n'), buf])]) {
    const entries = readZipDirectory(b);
    assert.deepEqual(entries.map((e) => e.name), ['stored.txt', 'dir/déflaté.txt', 'empty/']);
    assert.equal(readZipEntry(b, entries[0], 100).toString(), 'plain');
    assert.equal(readZipEntry(b, entries[1], 20000).toString(), 'x'.repeat(10000));
    assert.throws(() => readZipEntry(b, entries[1], 9999), (e: unknown) => code(e) === 'LIMIT_EXCEEDED');
  }
});

test('zip: zip64 end of central directory (70,000 entries)', { skip: !hasPython, timeout: 60_000 }, () => {
  const buf = pyZip(`with zipfile.ZipFile(out, 'w', allowZip64=True) as z:
    for i in range(70000): z.writestr(f'e/{i}', str(i))`);
  const entries = readZipDirectory(buf);
  assert.equal(entries.length, 70000);
  assert.equal(readZipEntry(buf, entries[69999], 10).toString(), '69999');
});

test('zip: a lying size header (bomb) and truncation are refused, not inflated', { skip: !hasPython }, () => {
  const buf = Buffer.from(pyZip(`with zipfile.ZipFile(out, 'w') as z:
    z.writestr('bomb', '\\0' * 1000000, compress_type=zipfile.ZIP_DEFLATED)`));
  const [e] = readZipDirectory(buf);
  // Claim 10 bytes uncompressed: inflation must stop at the claim instead of producing 1 MB.
  assert.throws(() => readZipEntry(buf, { ...e, size: 10 }, 1 << 30), (x: unknown) => code(x) === 'CORRUPT_ARCHIVE');
  assert.throws(() => readZipDirectory(buf.subarray(0, buf.length - 30)), (x: unknown) => code(x) === 'CORRUPT_ARCHIVE');
  assert.throws(() => readZipDirectory(Buffer.from('PK\x03\x04 not really a zip')), (x: unknown) => code(x) === 'CORRUPT_ARCHIVE');
  assert.throws(() => readZipEntry(buf.subarray(0, 200), e, 1 << 30), (x: unknown) => code(x) === 'CORRUPT_ARCHIVE');
});
