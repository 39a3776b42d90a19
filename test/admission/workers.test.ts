/**
 * `admission serve --workers 2` (node:cluster), through the CLI over real HTTPS through the generated CA: both
 * workers answer, /metrics combines them (whichever worker serves it), every decision line arrives whole through
 * the primary, a policy change reloads in every worker, a killed worker is replaced, and SIGTERM to the primary
 * alone drains a request in flight in each worker, then exits 0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request, type RequestOptions } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cluster from 'node:cluster';
import { startAdmissionCluster } from '../../src/admission/index.js';
import { goodPod, review } from './helpers.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const CLI = join(ROOT, 'src/cli/main.ts');
const TSX = join(ROOT, 'node_modules/tsx/dist/esm/index.mjs');
const policy = (action: string) => `apiVersion: bulwark.dev/v1alpha1\nkind: AdmissionPolicy\nmetadata: {name: w}\nspec:\n  checks: {default: 'off', rules: [{match: BW-K8S-0101, action: ${action}}]}\n`;

test('the primary checks its inputs before it forks: a missing certificate is one error, no worker started', async () => {
  let forked = 0;
  const count = () => { forked++; };
  cluster.on('fork', count);
  try {
    await assert.rejects(startAdmissionCluster({ port: 0, tlsCert: '/nonexistent/tls.crt', tlsKey: '/nonexistent/tls.key' }, 2), { code: 'INPUT_NOT_FOUND', message: /--tls-cert \/nonexistent\/tls\.crt: ENOENT/ });
  } finally {
    cluster.off('fork', count);
  }
  assert.equal(forked, 0);
});

type Line = Record<string, unknown> & { msg: string; worker?: number };

async function until<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, what: string, tries = 300): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  return assert.fail(`timed out waiting for ${what}`);
}

test('serve --workers 2: combined /metrics, whole log lines, reload in every worker, restart, SIGTERM drains every worker', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-adm-workers-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.equal(spawnSync(process.execPath, ['--import', TSX, CLI, 'admission', 'certs', '--service', 's', '--namespace', 'n', '--out', dir]).status, 0);
  const ca = readFileSync(join(dir, 'ca.crt'));
  writeFileSync(join(dir, 'policy.yaml'), policy('off'));
  const child = spawn(process.execPath, ['--import', TSX, CLI, 'admission', 'serve', '--port', '0', '--host', '127.0.0.1', '--workers', '2',
    '--tls-cert', join(dir, 'tls.crt'), '--tls-key', join(dir, 'tls.key'), '--policy', join(dir, 'policy.yaml')], { stdio: ['ignore', 'pipe', 'pipe'] });
  const pids = new Set<number>();
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    for (const pid of pids) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Every stdout line must be one whole JSON object: the primary is the only writer.
  const lines = (): Line[] => out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
  const listening = await until(() => lines().find((l) => l.msg === 'listening'), `"listening" (stderr: ${err})`);
  assert.equal(listening.workers, 2);
  for (const pid of listening.pids as number[]) pids.add(pid);
  const port = listening.port as number;

  // A fresh connection per request: the primary deals connections round-robin, so both workers serve.
  const call = (o: RequestOptions, body?: string) => new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, ca, servername: 'localhost', agent: false, ...o }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => { text += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
  const reviewBody = (uid: string) => {
    const r = review(goodPod('p'), { namespace: 'app' });
    return JSON.stringify({ ...r, request: { ...(r.request as object), uid } });
  };
  const validate = async (uid: string) => {
    const r = await call({ path: '/validate', method: 'POST', headers: { 'content-type': 'application/json' } }, reviewBody(uid));
    assert.equal(r.status, 200, r.text);
    return JSON.parse(r.text) as { response: { uid: string; allowed: boolean } };
  };
  const metric = (text: string, name: string) => [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)$`, 'gm'))].reduce((a, m) => a + Number(m[1]), 0);

  await t.test('reviews go to both workers; every /metrics answer counts all of them', async () => {
    const n = 12;
    for (let i = 0; i < n; i++) assert.equal((await validate(`m-${i}`)).response.uid, `m-${i}`);
    const decisions = await until(() => { const d = lines().filter((l) => l.msg === 'decision'); return d.length === n && d; }, `${n} decision lines`);
    assert.deepEqual(new Set(decisions.map((d) => d.worker)), new Set([1, 2]), 'both workers answered');
    for (let i = 0; i < 4; i++) {
      const m = await call({ path: '/metrics' });
      assert.equal(m.status, 200);
      assert.equal(metric(m.text, 'bulwark_admission_decisions_total'), n, m.text);
      assert.equal(metric(m.text, 'bulwark_admission_request_duration_seconds_count'), n);
    }
  });

  await t.test('a policy change reloads in every worker', async () => {
    writeFileSync(join(dir, 'policy.yaml'), policy('enforce'));
    await until(() => new Set(lines().filter((l) => l.msg === 'reloaded' && l.file === 'policy').map((l) => l.worker)).size === 2, 'both workers reloading');
    for (let i = 0; i < 4; i++) assert.equal((await validate(`r-${i}`)).response.allowed, false, 'the enforcing policy, on every worker');
    const m = await call({ path: '/metrics' });
    assert.equal(metric(m.text, 'bulwark_admission_reloads_total'), 2, 'one reload per worker, combined');
    writeFileSync(join(dir, 'policy.yaml'), policy('off'));
    await until(() => lines().filter((l) => l.msg === 'reloaded' && l.file === 'policy').length === 4, 'the second reload in both workers');
  });

  await t.test('a worker that dies is logged and replaced', async () => {
    const victim = (listening.pids as number[])[0]!;
    process.kill(victim, 'SIGKILL');
    const gone = await until(() => lines().find((l) => l.msg === 'worker exited; starting a new one'), 'the restart line');
    assert.equal(gone.pid, victim);
    assert.equal(gone.signal, 'SIGKILL');
    const third = await until(() => lines().find((l) => l.msg === 'worker listening' && l.worker === 3), 'worker 3 listening');
    pids.add(third.pid as number);
    for (let i = 0; i < 4; i++) assert.equal((await validate(`k-${i}`)).response.allowed, true);
    await until(() => lines().some((l) => l.msg === 'decision' && l.worker === 3), 'a decision line from the new worker'); // lines come in 20 ms batches
  });

  await t.test('SIGTERM to the primary drains a request in flight in each worker and exits 0', async () => {
    // Two requests whose bodies are still arriving when SIGTERM comes (a slow API server connection).
    const bodies = ['d-1', 'd-2'].map(reviewBody);
    const answers = bodies.map((body) => {
      let finish!: () => void;
      const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, ca, servername: 'localhost', agent: false, path: '/validate', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => { text += c.toString(); });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        });
        req.on('error', reject);
        req.write(body.slice(0, 100));
        finish = () => req.end(body.slice(100));
      });
      return { answered, finish: () => finish() };
    });
    await new Promise((r) => setTimeout(r, 500)); // let both workers read the headers
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(!lines().some((l) => l.msg === 'stopped'), 'still draining while requests are in flight');
    for (const a of answers) a.finish();
    const got = await Promise.all(answers.map((a) => a.answered));
    for (const [i, g] of got.entries()) {
      assert.equal(g.status, 200);
      assert.equal((JSON.parse(g.text) as { response: { uid: string } }).response.uid, `d-${i + 1}`);
    }
    assert.equal(await exited, 0, err);
    const all = lines();
    const stopped = all.at(-1)!;
    assert.equal(stopped.msg, 'stopped');
    assert.equal(stopped.inflightAtExit, 0);
    assert.deepEqual(all.filter((l) => l.msg === 'worker stopped').map((l) => l.worker).sort(), [2, 3], 'both live workers drained');
    assert.ok(['d-1', 'd-2'].every((uid) => all.some((l) => l.msg === 'decision' && l.uid === uid)), 'both drained decisions are in the log');
    for (const pid of pids) await until(() => { try { process.kill(pid, 0); return false; } catch { return true; } }, `worker ${pid} to exit`);
  });
});
