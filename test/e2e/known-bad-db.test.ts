/**
 * Known-bad lists through the database, end to end: a feed directory imported the way `db import` does,
 * real images from the fixture builder, the real layer cache. Proves that matching happens at detection
 * time (a cached layer re-scanned after a list update reports the file), that deleted files are reported,
 * and that image digests from a DB list are matched.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger, MisconfigFinding } from '../../src/core/index.js';
import { scanImage, type ScanOptions } from '../../src/scan/index.js';
import { importPaths } from '../../src/vulndb/index.js';
import { buildImage, writeDockerArchive, type BuiltImage } from '../fixtures/image-builder.js';

/** A harmless file, made at test time, that the test's own list calls malicious. */
const payload = Buffer.from(`#!/bin/sh\n# bulwark known-bad test file ${randomBytes(8).toString('hex')}\nexit 0\n`);
const payloadSha = createHash('sha256').update(payload).digest('hex');
// The EICAR test string (on the shipped list), assembled at run time so no scanner flags this repository.
const EICAR = ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS', '-TEST-FILE!$H+H*'].join('');

function feedDir(root: string, name: string, files: object[], images: object[] = []): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  // Same list name in every directory: importing one replaces the other, as a list update would.
  writeFileSync(join(dir, 'lists.json'), JSON.stringify({ schema: 'bulwark-known-bad/1', name: 'test-lists', files, images }));
  return dir;
}

async function imageTar(dir: string, name: string, deleteLater: boolean): Promise<{ tar: string; img: BuiltImage }> {
  const img = await buildImage({
    repoTags: [`e2e/known-bad-${name}:1`],
    layers: [
      { entries: [{ path: 'etc/os-release', content: 'ID=debian\nVERSION_ID="12"\n' }, { path: 'usr/local/bin/helper', content: payload, mode: 0o755 },
        { path: 'opt/eicar.com', content: EICAR, mode: 0o755 }] },
      deleteLater ? { whiteouts: ['usr/local/bin/helper'] } : { entries: [{ path: 'app/run.sh', content: '#!/bin/sh\nexec true\n', mode: 0o755 }] },
    ],
  });
  const tar = join(dir, `${name}.tar`);
  await writeDockerArchive(tar, [img]);
  return { tar, img };
}

function recordingLogger(lines: string[]): Logger {
  return { debug: (m) => lines.push(m), info: () => undefined, warn: () => undefined, error: () => undefined };
}

const malware = (ms: MisconfigFinding[] | undefined) => (ms ?? []).filter((m) => m.category === 'malware');

test('known-bad file and image lists from an imported DB reach cached layers, deleted files included', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'bw-kb-e2e-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const dbDir = join(root, 'db');
  const dbPath = join(dbDir, 'bulwark.db');
  const { tar, img } = await imageTar(root, 'kept', false);
  const unrelated = createHash('sha256').update('some other file').digest('hex');
  const opts = (debug: string[]): ScanOptions => ({ scanners: ['malware'], dbDir, cacheDir: join(root, 'cache'), logger: recordingLogger(debug) });

  // 1. A database whose list lacks the file: only the shipped list's EICAR; the layers go into the cache.
  importPaths({ dbPath, paths: [feedDir(root, 'without', [{ sha256: unrelated, name: 'Unrelated' }])] });
  const before = await scanImage(tar, opts([]));
  assert.deepEqual(malware(before.misconfigurations).map((m) => `${m.id} ${m.file ?? '-'}`), ['BW-MAL-001 opt/eicar.com']);
  assert.ok(before.database?.sources.includes('known-bad:test-lists'), 'the malware-only scan opened the database');

  // 2. The list update names the file and the image's config digest.
  importPaths({ dbPath, paths: [feedDir(root, 'with', [{ sha256: payloadSha, name: 'Test miner', family: 'test', reference: 'https://example.org/kb' }],
    [{ digest: img.config.digest, name: 'Test cryptojacking image' }])] });
  const debug: string[] = [];
  const after = await scanImage(tar, opts(debug));
  assert.deepEqual(debug.filter((l) => /^layer \d+: cached$/.test(l)).sort(), ['layer 0: cached', 'layer 1: cached'], 'both layers came from the cache');
  const found = malware(after.misconfigurations);
  assert.deepEqual(found.map((m) => `${m.id} ${m.file ?? '-'}`).sort(), ['BW-MAL-001 opt/eicar.com', 'BW-MAL-001 usr/local/bin/helper', 'BW-MAL-002 -']);
  const file = found.find((m) => m.file === 'usr/local/bin/helper')!;
  assert.equal(file.message, `usr/local/bin/helper is Test miner (sha256 ${payloadSha})`);
  assert.deepEqual(file.references, ['https://example.org/kb']);
  assert.equal(file.layer, img.layers[0].digest);
  assert.match(found.find((m) => m.id === 'BW-MAL-002')!.message, new RegExp(`${img.config.digest} is Test cryptojacking image`));

  // 3. Added in one layer, deleted in the next: still shipped bytes, still reported (vuln scanner on too).
  const deleted = await imageTar(root, 'deleted', true);
  const r = await scanImage(deleted.tar, { ...opts([]), scanners: ['vuln', 'malware'] });
  const del = malware(r.misconfigurations).filter((m) => m.file === 'usr/local/bin/helper');
  assert.equal(del.length, 1);
  assert.match(del[0].message, /helper is Test miner .*deleted by a later layer/);

  // 4. No database at all: the shipped list still applies, the test's own list does not.
  const none = await scanImage(tar, { ...opts([]), dbDir: join(root, 'no-db') });
  assert.deepEqual(malware(none.misconfigurations).map((m) => `${m.id} ${m.file ?? '-'}`), ['BW-MAL-001 opt/eicar.com']);
  assert.match(malware(none.misconfigurations)[0].message, /EICAR anti-malware test file/);

  // 5. A database of an older schema: a malware-only scan says so and still applies the shipped list.
  const old = new Database(dbPath);
  old.pragma('user_version = 5');
  old.close();
  const stale = await scanImage(tar, opts([]));
  assert.deepEqual(malware(stale.misconfigurations).map((m) => `${m.id} ${m.file ?? '-'}`), ['BW-MAL-001 opt/eicar.com']);
  assert.ok(stale.warnings.some((w) => /known-bad lists of the database not used .*older schema version 5/.test(w)), stale.warnings.join('\n'));
  assert.equal(none.database, undefined);
});
