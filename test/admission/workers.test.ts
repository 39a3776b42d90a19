/**
 * `admission serve --workers 2` (node:cluster), through the CLI over real HTTPS through the generated CA: the workers
 * accept connections themselves (the primary never holds one), both workers answer, /metrics combines them (whichever
 * worker serves it), every decision line arrives whole through the primary, a policy change reloads in every worker,
 * a killed worker is replaced, and SIGTERM to the primary alone drains a request in flight in each worker, then exits 0.
 * Which worker takes a connection is the kernel's choice, so the tests send until both have answered, and learn a
 * kept-alive connection's worker from the decision line of its first review.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request, type RequestOptions } from 'node:https';
import { connect, type Socket } from 'node:net';
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

  // A fresh connection per request (unless an agent is given): the workers take turns as the kernel wakes them.
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
  const validate = async (uid: string, agent?: Agent) => {
    const r = await call({ path: '/validate', method: 'POST', headers: { 'content-type': 'application/json' }, ...(agent ? { agent } : {}) }, reviewBody(uid));
    assert.equal(r.status, 200, r.text);
    return JSON.parse(r.text) as { response: { uid: string; allowed: boolean } };
  };
  /** The worker that wrote the decision line of `uid` (lines come in 20 ms batches). */
  const workerOf = (uid: string) => until(() => lines().find((l) => l.msg === 'decision' && l.uid === uid)?.worker, `the decision line of ${uid}`);
  /** Reviews on fresh connections until every worker in `want` has answered one; their uids. */
  const untilServedBy = async (prefix: string, want: number[], check: (r: { response: { allowed: boolean } }) => void = () => undefined) => {
    const served = new Set<number>();
    const uids: string[] = [];
    for (let i = 0; i < 200 && !want.every((w) => served.has(w)); i++) {
      const uid = `${prefix}-${i}`;
      check(await validate(uid));
      uids.push(uid);
      served.add(await workerOf(uid));
    }
    assert.deepEqual([...served].filter((w) => want.includes(w)).sort(), [...want].sort(), `workers ${want.join(', ')} each answered (got ${[...served].join(', ')})`);
    return uids;
  };
  const metric = (text: string, name: string) => [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)$`, 'gm'))].reduce((a, m) => a + Number(m[1]), 0);

  await t.test('the workers accept connections themselves: with both stopped, new connections wait in the kernel, not in the primary', async () => {
    // node:cluster's round-robin has the primary accept every connection and pass it to a worker one at a time,
    // waiting for that worker's event loop each time: under load, Go clients (the API server's, hey) then dialled
    // thousands of connections that were TLS-handshaken and thrown away (docs/benchmarks.md, --workers 2).
    const workers = listening.pids as number[];
    const listenQueue = () => {
      // /proc/net/tcp: for a LISTEN socket (st 0A) rx_queue is its accept queue.
      const hex = port.toString(16).toUpperCase().padStart(4, '0');
      const row = readFileSync('/proc/net/tcp', 'utf8').split('\n').map((l) => l.trim().split(/\s+/)).find((c) => c[1]?.endsWith(`:${hex}`) && c[3] === '0A');
      return row ? parseInt(row[4]!.split(':')[1]!, 16) : -1;
    };
    for (const pid of workers) process.kill(pid, 'SIGSTOP');
    const sockets: Socket[] = [];
    try {
      for (let i = 0; i < 5; i++) sockets.push(connect(port, '127.0.0.1').on('error', () => undefined));
      await until(() => listenQueue() === 5, 'five connections waiting in the listen queue (a primary that accepts them takes them out)');
    } finally {
      for (const pid of workers) process.kill(pid, 'SIGCONT');
      for (const s of sockets) s.destroy();
    }
  });

  let n = 0;
  await t.test('reviews go to both workers; every /metrics answer counts all of them', async () => {
    n = (await untilServedBy('m', [1, 2])).length;
    await until(() => lines().filter((l) => l.msg === 'decision').length === n && true, `${n} decision lines`);
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
    await untilServedBy('r', [1, 2], (r) => assert.equal(r.response.allowed, false, 'the enforcing policy, on every worker'));
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
    await untilServedBy('k', [3], (r) => assert.equal(r.response.allowed, true));
  });

  await t.test('SIGTERM to the primary drains a request in flight in each worker and exits 0', async () => {
    // One kept-alive connection on each live worker (2 and 3), found by the decision line of a first review on it.
    const pinned = new Map<number, Agent>();
    for (let i = 0; i < 200 && pinned.size < 2; i++) {
      const agent = new Agent({ keepAlive: true, maxSockets: 1, ca, servername: 'localhost' });
      await validate(`p-${i}`, agent);
      const w = await workerOf(`p-${i}`);
      if (pinned.has(w)) agent.destroy();
      else pinned.set(w, agent);
    }
    assert.deepEqual([...pinned.keys()].sort(), [2, 3], 'a connection on each live worker');
    // On them, two requests whose bodies are still arriving when SIGTERM comes (a slow API server connection).
    const bodies = ['d-1', 'd-2'].map(reviewBody);
    const answers = bodies.map((body, i) => {
      let finish!: () => void;
      const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, agent: [...pinned.values()][i], path: '/validate', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
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
