/**
 * `db update` on a fresh machine (no cache directory yet), with a database directory that cannot be
 * created, and against a server that stalls mid-body (idle timeout), through the library and the CLI.
 * Feeds come from a real node:http server on 127.0.0.1.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isBulwarkError, type Progress } from '../../src/core/index.js';
import { dbStatus, updateDatabase } from '../../src/vulndb/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const kevJson = readFileSync(join(root, 'src/vulndb/importers/testdata/kev/kev.json'));
let server: http.Server;
let base = '';

before(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/kev.json') {
      res.writeHead(200, { 'content-length': kevJson.length }).end(kevJson);
    } else if (req.url === '/kev-chunked.json') {
      // No Content-Length: the progress total is unknown.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(kevJson.subarray(0, 100));
      res.end(kevJson.subarray(100));
    } else if (req.url === '/stall.json') {
      // Headers and part of the body, then nothing: the connection stays open.
      res.writeHead(200, { 'content-length': kevJson.length });
      res.write(kevJson.subarray(0, kevJson.length >> 1));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));

const fresh = () => mkdtempSync(join(tmpdir(), 'bulwark-dbupdate2-'));

test('db update on a fresh machine creates the database directory (no "download interrupted")', async () => {
  const dbPath = join(fresh(), 'home', '.cache', 'bulwark', 'db', 'bulwark.db');
  const r = await updateDatabase({ dbPath, sources: [{ name: 'kev', url: `${base}/kev.json` }] });
  assert.equal(r.changed, true);
  assert.ok(dbStatus(dbPath).feeds.some((f) => f.source === 'kev'));
});

test('a database directory that cannot be created is named as such, not as a network drop', async () => {
  const dir = fresh();
  writeFileSync(join(dir, 'not-a-dir'), 'x');
  const dbPath = join(dir, 'not-a-dir', 'db', 'bulwark.db');
  await assert.rejects(updateDatabase({ dbPath, sources: [{ name: 'kev', url: `${base}/kev.json` }] }), (e) => {
    assert.ok(isBulwarkError(e) && e.code === 'DB_UPDATE_FAILED');
    assert.match(e.message, /cannot create the database directory .*not-a-dir.*ENOTDIR/);
    assert.doesNotMatch(e.message, /interrupted/);
    return true;
  });
});

test('a server that stalls mid-body fails after the idle timeout; the download reports progress', { timeout: 30_000 }, async () => {
  const dir = fresh();
  const dbPath = join(dir, 'bulwark.db');
  await updateDatabase({ dbPath, sources: [{ name: 'kev', url: `${base}/kev.json` }] });
  const built = dbStatus(dbPath).builtAt;
  const calls: string[] = [];
  let bytes = 0;
  const progress: Progress = {
    start: (task, total, unit) => calls.push(`start ${task} ${total} ${unit}`),
    advance: (_t, d) => { bytes += d; },
    done: (task) => calls.push(`done ${task}`),
  };
  await assert.rejects(updateDatabase({ dbPath, sources: [{ name: 'stall', url: `${base}/stall.json` }], idleTimeoutMs: 300, progress }), (e) => {
    assert.ok(isBulwarkError(e) && e.code === 'DB_UPDATE_FAILED');
    assert.match(e.message, /stall: no data from http:\/\/127\.0\.0\.1:\d+\/stall\.json for 0\.3 s/);
    return true;
  });
  assert.deepEqual(calls, [`start download stall ${kevJson.length} bytes`, 'done download stall']);
  assert.equal(bytes, kevJson.length >> 1, 'progress saw the half that arrived');
  assert.equal(dbStatus(dbPath).builtAt, built, 'old database unchanged');
});

function cli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise((r) => child.on('close', (code) => r({ code, stderr })));
}

test('CLI: --idle-timeout against a stalling server gives one line and exit 2; no progress line off a TTY', { timeout: 60_000 }, async () => {
  const dir = fresh();
  const stalled = await cli(['db', 'update', '--db-dir', join(dir, 'new', 'db'), '--source', `${base}/stall.json`, '--idle-timeout', '0.5']);
  assert.equal(stalled.code, 2, stalled.stderr);
  assert.match(stalled.stderr, /^bulwark: .*no data from .* for 0\.5 s .*\[DB_UPDATE_FAILED\]\n$/);
  const ok = await cli(['db', 'update', '--db-dir', join(dir, 'db'), '--source', `${base}/kev-chunked.json`]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.ok(existsSync(join(dir, 'db', 'bulwark.db')));
  assert.ok(!ok.stderr.includes('\r') && !ok.stderr.includes('\u001b['), 'stderr is not a TTY: no progress bar');
});
