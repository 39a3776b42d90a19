import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDatabase } from '../build.js';
import { dbStatus } from '../status.js';
import { openAdvisoryStore } from '../store.js';
import { builtinKnownBad, builtinKnownBadFeeds } from '../known-bad.js';
import { parseDocuments } from './index.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const A = sha('bulwark known-bad test A');
const B = sha('bulwark known-bad test B');
const IMG = `sha256:${sha('bulwark known-bad test image')}`;

function doc(name: string, files: unknown[], images: unknown[] = [], schema = 'bulwark-known-bad/1'): { name: string; text: string } {
  return { name: `${name}.json`, text: JSON.stringify({ schema, name, updated: '2026-11-01T00:00:00Z', files, images }) };
}

test('known-bad importer: recognised by its schema marker, entries validated and normalised', () => {
  const r = parseDocuments([doc('lists', [
    { sha256: A.toUpperCase(), name: 'Test miner', family: 'xmrig', reference: 'https://example.org/report' },
    { sha256: 'abc', name: 'too short' },
    { sha256: B },
    'not an object',
  ], [{ digest: IMG, name: 'Cryptojacking image' }, { digest: 'latest', name: 'a tag, not a digest' }])], 'test');
  assert.deepEqual(r.unrecognised, []);
  assert.equal(r.feeds.length, 1);
  const [f] = r.feeds;
  assert.equal(f.feed, 'known-bad:lists');
  assert.equal(f.source, 'known-bad');
  assert.equal(f.modified, '2026-11-01T00:00:00Z');
  assert.deepEqual(f.knownBad?.files, [{ sha256: A, name: 'Test miner', family: 'xmrig', reference: 'https://example.org/report' }]);
  assert.deepEqual(f.knownBad?.images, [{ digest: IMG, name: 'Cryptojacking image' }]);
  assert.equal(f.warnings.length, 4, f.warnings.join('\n'));
});

test('a newer known-bad schema is skipped with a warning; the same shape without the marker is not a feed', () => {
  const r = parseDocuments([doc('future', [{ sha256: A, name: 'x' }], [], 'bulwark-known-bad/2'),
    { name: 'plain.json', text: JSON.stringify({ files: [{ sha256: A, name: 'x' }] }) }], 'test');
  assert.deepEqual(r.unrecognised, ['plain.json']);
  assert.deepEqual(r.feeds[0].knownBad, { files: [], images: [] });
  assert.match(r.feeds[0].warnings[0], /newer than this bulwark reads/);
});

test('schema round trip: build, batch lookups, counts, re-import replaces the list', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-kb-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const dbPath = join(dir, 'bulwark.db');
  const feeds = (d: { name: string; text: string }) => parseDocuments([d], 'test').feeds;
  const first = buildDatabase({ dbPath, feeds: [...feeds(doc('lists', [{ sha256: A, name: 'Test miner', family: 'xmrig' }, { sha256: A, name: 'dup' }], [{ digest: IMG, name: 'Bad image', reference: 'https://example.org/img' }])),
    ...feeds(doc('other', [{ sha256: A, name: 'Also listed elsewhere' }, { sha256: B, name: 'Second' }]))] });
  assert.deepEqual(first.feeds.map((f) => [f.feed, f.records]), [['known-bad:lists', 2], ['known-bad:other', 2]]);
  let store = openAdvisoryStore(dbPath);
  try {
    const files = store.knownBadFiles([A, B, sha('clean'), A]);
    assert.deepEqual([...files.keys()].sort(), [A, B].sort());
    // Several lists naming one hash: the first feed by name answers (a deterministic choice), its last entry.
    assert.deepEqual(files.get(A), { sha256: A, name: 'dup' });
    assert.deepEqual(store.knownBadImages([IMG, 'sha256:00']), new Map([[IMG, { digest: IMG, name: 'Bad image', reference: 'https://example.org/img' }]]));
    assert.deepEqual(store.knownBadCounts(), { files: 2, images: 1 });
  } finally { store.close(); }
  assert.deepEqual(dbStatus(dbPath).knownBad, { files: 2, images: 1 });
  // Re-importing the list by name replaces it: B's only list now lacks it.
  buildDatabase({ dbPath, feeds: feeds(doc('other', [{ sha256: A, name: 'Also listed elsewhere' }])) });
  store = openAdvisoryStore(dbPath);
  try {
    assert.deepEqual([...store.knownBadFiles([A, B]).keys()], [A]);
    assert.equal(store.metadata().feeds.find((f) => f.source === 'known-bad:other')?.records, 1);
  } finally { store.close(); }
});

test('the shipped list parses cleanly and holds the EICAR test file', () => {
  const eicar = ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS', '-TEST-FILE!$H+H*'].join('');
  assert.equal(sha(eicar), '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f');
  assert.deepEqual(builtinKnownBadFeeds().map((f) => f.feed), ['known-bad:bulwark']);
  assert.ok(builtinKnownBad().files.some((f) => f.sha256 === sha(eicar)));
  // Every shipped entry cites its public source.
  assert.ok(builtinKnownBad().files.every((f) => f.reference?.startsWith('https://')));
});
