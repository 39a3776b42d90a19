/**
 * The server accepts TCP itself and starts TLS only once a connection's first byte has arrived: connections a
 * client dials and resets unused (Go's http.Transport does this by the thousand under load) never get a TLS
 * socket; a connection that stays silent is closed after the first-byte timeout; close() does not wait for one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { connect, type Socket } from 'node:net';
import { goodPod, makeTls, review, startWebhook, until, type Webhook } from './helpers.js';

const counted = async (hook: Webhook, outcome: string): Promise<number> => {
  const m = new RegExp(`bulwark_admission_connections_total\\{outcome="${outcome}"\\} (\\d+)`).exec((await hook.get('/metrics')).text);
  return m ? Number(m[1]) : 0;
};

/** Connects, then resets the connection without sending a byte (what a cancelled Go dial does). */
const connectAndReset = (port: number) => new Promise<void>((resolve, reject) => {
  const s = connect({ host: '127.0.0.1', port }, () => { s.resetAndDestroy(); });
  s.on('close', () => resolve());
  s.on('error', reject);
});

test('connections reset before their first byte never reach TLS, and the server keeps answering', async (t) => {
  const tls = await makeTls();
  const hook = await startWebhook({ tls });
  t.after(() => hook.close());
  const first = await hook.post('/validate', review(goodPod('p')));
  assert.equal(first.status, 200);
  assert.equal(first.json.response.allowed, true);
  const tlsBefore = await counted(hook, 'tls');
  const n = 300;
  for (let i = 0; i < n; i += 30) await Promise.all(Array.from({ length: 30 }, () => connectAndReset(hook.port)));
  // Every reset connection is accounted for as `no-data`: none was handed to TLS, none is still held.
  await until(async () => (await counted(hook, 'no-data')) >= n, `${n} no-data connections`);
  assert.equal(await counted(hook, 'no-data'), n);
  assert.equal(await counted(hook, 'tls'), tlsBefore, 'the keep-alive agent reused its one TLS connection; no reset one was wrapped');
  const again = await hook.post('/validate', review(goodPod('q', {}, { privileged: true }), { namespace: 'x' }));
  assert.equal(again.status, 200);
  assert.equal(typeof again.json.response.allowed, 'boolean');
  // A fresh TLS connection after the resets is served too, through the generated CA.
  const status = await new Promise<number>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: hook.port, path: '/healthz', ca: tls.ca, servername: 'localhost', agent: false }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
    req.on('error', reject);
    req.end();
  });
  assert.equal(status, 200);
  assert.equal(await counted(hook, 'tls'), tlsBefore + 1);
});

test('a connection that never sends a byte is closed after the first-byte timeout', async (t) => {
  const hook = await startWebhook({ firstByteTimeoutMs: 200 });
  t.after(() => hook.close());
  const silent: Socket = connect({ host: '127.0.0.1', port: hook.port });
  const ended = await new Promise<string>((resolve) => {
    silent.on('end', () => resolve('end'));
    silent.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    silent.on('close', () => resolve('close'));
  });
  assert.ok(['end', 'close', 'ECONNRESET'].includes(ended), ended);
  silent.destroy();
  assert.equal(await counted(hook, 'timeout'), 1);
  assert.equal((await hook.get('/healthz')).status, 200, 'other connections are still served');
});

test('close() completes with an idle connection that has not started TLS', async (t) => {
  const hook = await startWebhook();
  t.after(() => hook.close().catch(() => undefined));
  assert.equal((await hook.get('/healthz')).status, 200);
  const idle: Socket = connect({ host: '127.0.0.1', port: hook.port });
  await new Promise<void>((resolve) => idle.once('connect', () => resolve()));
  assert.equal((await hook.get('/healthz')).status, 200, 'a turn of the server after the idle connection was made');
  const closedByServer = new Promise<void>((resolve) => idle.on('close', () => resolve()));
  idle.on('error', () => undefined);
  const left = await hook.server.close();
  assert.equal(left, 0);
  await closedByServer;
  assert.ok(hook.logs.some((l) => l.msg === 'stopped'));
});

test('a connection that sends bytes is handed to TLS; a failed handshake is counted', async (t) => {
  const hook = await startWebhook();
  t.after(() => hook.close());
  const junk: Socket = connect({ host: '127.0.0.1', port: hook.port }, () => { junk.write('GET / HTTP/1.1\r\n\r\n'); });
  await new Promise<void>((resolve) => { junk.on('close', () => resolve()); junk.on('error', () => undefined); });
  const text = (await hook.get('/metrics')).text;
  assert.match(text, /bulwark_admission_connections_total\{outcome="tls"\} 2\n/, 'plain HTTP bytes start TLS, and so did this /metrics request');
  assert.match(text, /bulwark_admission_tls_handshake_errors_total 1\n/);
});
