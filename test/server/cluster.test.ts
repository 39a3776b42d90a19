/**
 * `bulwark server --http-processes 2`: two processes answer on one address (node:cluster); a job started through
 * the API in an HTTP process runs in the main process (it owns the queue); SIGTERM stops them all cleanly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, bearer } from './helpers.js';

const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');

const freePort = (): Promise<number> => new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
});

test('two HTTP processes serve the API; jobs go to the main process; SIGTERM stops every process', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-cluster-'));
  t.after(() => rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));
  const database = join(dir, 'server.db');
  const created = spawnSync(process.execPath, ['--import', TSX, MAIN, 'server', 'token', 'create', '--database', database, '--scope', 'admin'], { encoding: 'utf8' });
  assert.equal(created.status, 0, created.stderr);
  const token = created.stdout.trim();
  const port = await freePort();
  let stderr = '';
  const child = spawn(process.execPath, ['--import', TSX, MAIN, 'server', '--database', database, '--listen', `127.0.0.1:${port}`, '--http-processes', '2',
    '--db-dir', join(dir, 'none'), '--reevaluate-interval', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  t.after(() => { if (child.exitCode === null) child.kill('SIGKILL'); });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240 && !/with 2 HTTP processes/.test(stderr); i++) await new Promise((r) => setTimeout(r, 250));
  assert.match(stderr, /with 2 HTTP processes/);
  // Keep-alive off: each request a new connection, so both processes get some.
  for (let i = 0; i < 20; i++) {
    const r = await fetch(`${url}/api/images`, { headers: { ...bearer(token), connection: 'close' } });
    assert.equal(r.status, 200);
    await r.arrayBuffer();
  }
  const health = await (await fetch(`${url}/api/health`)).json() as { queue: string };
  assert.equal(health.queue, 'in-process', 'the HTTP process reports the main process queue kind');
  // A re-evaluation started through an HTTP process runs in the main process and finishes there.
  const started = await fetch(`${url}/api/reevaluations`, { method: 'POST', headers: bearer(token) });
  const body = await started.text();
  assert.equal(started.status, 202, body);
  const { id } = JSON.parse(body) as { id: string };
  let finished = false;
  for (let i = 0; i < 200 && !finished; i++) {
    const runs = await (await fetch(`${url}/api/reevaluations`, { headers: bearer(token) })).json() as { items: Array<{ id: string; finishedAt?: string | null; finished_at?: string | null }> };
    const run = runs.items.find((r) => r.id === id);
    finished = !!(run && (run.finishedAt ?? run.finished_at));
    if (!finished) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(finished, `re-evaluation ${id} finished`);
  child.kill('SIGTERM');
  assert.equal(await exited, 0, stderr);
  assert.doesNotMatch(stderr, /destroyed|Error|WARN/i);
  await assert.rejects(fetch(`${url}/api/health`), 'nothing listens after shutdown');
});
