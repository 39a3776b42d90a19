/**
 * `db update` against a local HTTP server serving committed fixtures: first download, 304 revalidation,
 * a connection dropped mid-download, a corrupt archive, and an import killed with SIGKILL. After each
 * failure the previous database must still answer queries and no temp file may survive.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isBulwarkError } from '../../src/core/index.js';
import { dbStatus, importPaths, openAdvisoryStore, updateDatabase } from '../../src/vulndb/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fx = (p: string) => join(root, 'src/vulndb/importers/testdata', p);
const osvZip = readFileSync(fx('osv/all.zip'));
const kevJson = readFileSync(fx('kev/kev.json'));
const seen: Array<{ url: string; ifNoneMatch?: string; auth?: string }> = [];
let server: http.Server;
let base = '';

before(async () => {
  server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', ifNoneMatch: req.headers['if-none-match'], auth: req.headers.authorization });
    const etag = '"osv-v1"';
    if (req.url === '/osv/all.zip') {
      if (req.headers['if-none-match'] === etag) { res.writeHead(304).end(); return; }
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': osvZip.length, etag }).end(osvZip);
    } else if (req.url === '/kev.json') {
      res.writeHead(200, { 'content-length': kevJson.length, 'last-modified': 'Mon, 25 Aug 2025 17:04:19 GMT' }).end(kevJson);
    } else if (req.url === '/drop.zip') {
      // Promise the whole archive, send half, then cut the connection.
      res.writeHead(200, { 'content-length': osvZip.length });
      res.write(osvZip.subarray(0, osvZip.length >> 1), () => setTimeout(() => req.socket.destroy(), 20));
    } else if (req.url === '/corrupt.zip') {
      const bad = Buffer.from(osvZip);
      bad.fill(0x41, 40, bad.length - 60); // damaged member data, intact framing
      res.writeHead(200, { 'content-length': bad.length }).end(bad);
    } else if (req.url === '/html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>captive portal</html>');
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

function freshDir(): string { return mkdtempSync(join(tmpdir(), 'bulwark-dbupdate-')); }
function temps(dir: string): string[] { return readdirSync(dir).filter((n) => n.includes('.tmp-')); }
function goQueryWorks(dbPath: string): void {
  const store = openAdvisoryStore(dbPath);
  try {
    assert.ok(store.lookup('Go', 'stdlib').some((a) => a.id === 'GO-2021-0159'), 'old database still answers');
  } finally { store.close(); }
}
const sources = () => [{ name: 'osv-go', url: `${base}/osv/all.zip` }, { name: 'kev', url: `${base}/kev.json` }];

test('first update downloads and builds; second revalidates with If-None-Match and gets 304', async () => {
  const dir = freshDir();
  const dbPath = join(dir, 'bulwark.db');
  const first = await updateDatabase({ dbPath, sources: sources() });
  assert.equal(first.changed, true);
  goQueryWorks(dbPath);
  // The shipped known-bad list rides along with every build.
  assert.deepEqual(dbStatus(dbPath).knownBad, { files: 1, images: 0 });
  assert.ok(first.build?.feeds.some((f) => f.feed === 'known-bad:bulwark'));
  const built = dbStatus(dbPath).builtAt;
  seen.length = 0;
  const second = await updateDatabase({ dbPath, sources: [sources()[0]] });
  assert.equal(second.changed, false);
  assert.deepEqual(second.notModified, ['osv-go']);
  assert.equal(seen[0].ifNoneMatch, '"osv-v1"');
  const st = dbStatus(dbPath);
  assert.equal(st.builtAt, built, '304 leaves the database as built');
  assert.ok((st.lastCheckedAt ?? '') >= built);
  assert.deepEqual(temps(dir), []);
});

test('credentials in a mirror URL go into an Authorization header and never into the database', async () => {
  const dir = freshDir();
  const dbPath = join(dir, 'bulwark.db');
  seen.length = 0;
  await updateDatabase({ dbPath, sources: [{ name: 'kev', url: base.replace('http://', 'http://mirror:s3cret@') + '/kev.json' }] });
  assert.equal(seen[0].auth, `Basic ${Buffer.from('mirror:s3cret').toString('base64')}`);
  assert.equal(readFileSync(dbPath).includes('s3cret'), false);
  assert.match(dbStatus(dbPath).feeds[0].origin, /mirror:\*{4}@/);
});

async function expectFailureKeepsOld(url: string, codes: string[]): Promise<void> {
  const dir = freshDir();
  const dbPath = join(dir, 'bulwark.db');
  await updateDatabase({ dbPath, sources: [sources()[0]] });
  const before = dbStatus(dbPath);
  await assert.rejects(updateDatabase({ dbPath, sources: [{ name: 'bad', url }], fresh: true }),
    (e) => isBulwarkError(e) && codes.includes(e.code));
  goQueryWorks(dbPath);
  assert.equal(dbStatus(dbPath).builtAt, before.builtAt);
  assert.deepEqual(temps(dir), []);
}

test('a connection dropped mid-download leaves the old database intact', async () => {
  await expectFailureKeepsOld(`${base}/drop.zip`, ['DB_UPDATE_FAILED']);
});

test('a corrupt archive leaves the old database intact', async () => {
  await expectFailureKeepsOld(`${base}/corrupt.zip`, ['DB_UPDATE_FAILED', 'CORRUPT_ARCHIVE']);
});

test('content that is no feed (an HTML page) fails the update, old database intact', async () => {
  await expectFailureKeepsOld(`${base}/html`, ['DB_UPDATE_FAILED']);
});

test('an unreachable source fails cleanly', async () => {
  await expectFailureKeepsOld('http://127.0.0.1:1/feed.json', ['DB_UPDATE_FAILED']);
});

/** A large synthetic OSV feed so the import runs long enough to be killed inside the build. */
function bigFeed(dir: string): string {
  const p = join(dir, 'big');
  mkdirSync(p);
  const lines: string[] = [];
  for (let i = 0; i < 60_000; i++) {
    lines.push(JSON.stringify({ id: `SYN-${i}`, modified: '2024-01-01T00:00:00Z', aliases: [`CVE-2099-${i}`], details: 'x'.repeat(200),
      affected: [{ package: { ecosystem: 'PyPI', name: `pkg-${i % 5000}` }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: `${i}.0` }] }] }] }));
  }
  writeFileSync(join(p, 'osv.jsonl'), lines.join('\n'));
  return p;
}

test('SIGKILL during an import leaves the old database intact; the next run removes the stale temp file', async () => {
  const dir = freshDir();
  const dbPath = join(dir, 'bulwark.db');
  importPaths({ dbPath, paths: [fx('osv/all.zip')] });
  const before = dbStatus(dbPath);
  const feed = bigFeed(dir);
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'db', 'import', feed, '--db-dir', dir, '-q'],
    { cwd: root, stdio: 'ignore' });
  let sawTemp = false;
  const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, sig) => r(sig)));
  for (let i = 0; i < 1200 && child.exitCode === null; i++) {
    if (temps(dir).some((n) => n.endsWith('.db'))) { sawTemp = true; child.kill('SIGKILL'); break; }
    await new Promise((r) => setTimeout(r, 25));
  }
  const sig = await exited;
  assert.ok(sawTemp, 'the build file appeared before the kill');
  assert.equal(sig, 'SIGKILL');
  goQueryWorks(dbPath);
  assert.equal(dbStatus(dbPath).builtAt, before.builtAt);
  assert.ok(temps(dir).length >= 1, 'the killed build left its temp file(s)');
  importPaths({ dbPath, paths: [fx('kev')] });
  assert.deepEqual(temps(dir), [], 'stale temp removed by the next build');
  assert.ok(existsSync(dbPath));
});
