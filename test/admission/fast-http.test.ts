/**
 * The review fast path over real HTTPS (the generated CA): the same bytes answered the same with it on and off
 * (`fastHttp: false` is `BULWARK_ADMISSION_FAST_HTTP=0`), pipelined requests answered in order, requests split
 * across writes, a connection handed to node:http mid-way (GET /healthz, a chunked body), 413, Connection: close,
 * and drain with an idle and a busy connection.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type TLSSocket } from 'node:tls';
import { goodPod, makeTls, review, startWebhook, type Tls, type Webhook } from './helpers.js';

interface Response { status: number; head: string; body: string }

/** A raw TLS connection: writes bytes, parses responses (every one the server sends has a Content-Length). */
function rawClient(port: number, tls: Tls): Promise<{ socket: TLSSocket; responses: Response[]; next(n: number): Promise<Response[]>; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca: tls.ca, servername: 'localhost' }, () => resolve({ socket, responses, next, closed }));
    socket.on('error', reject);
    const responses: Response[] = [];
    let buf = Buffer.alloc(0);
    let waiting: (() => void) | undefined;
    socket.on('data', (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) break;
        const head = buf.toString('latin1', 0, end);
        const len = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
        if (buf.length < end + 4 + len) break;
        responses.push({ status: Number(head.slice(9, 12)), head, body: buf.toString('utf8', end + 4, end + 4 + len) });
        buf = buf.subarray(end + 4 + len);
      }
      waiting?.();
    });
    const closed = new Promise<void>((r) => socket.on('close', () => { r(); waiting?.(); }));
    const next = async (n: number) => {
      while (responses.length < n && !socket.destroyed) await new Promise<void>((r) => { waiting = r; });
      return responses.slice(0, n);
    };
  });
}

const post = (path: string, body: string, extra = '') => `POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const chunked = (path: string, body: string) => `POST ${path} HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`;
const maskDate = (head: string) => head.replace(/\r\nDate: [^\r]+/, '\r\nDate: X');

test('the same requests are answered byte for byte the same with the fast path on and off', async (t) => {
  const tls = await makeTls();
  const hooks: Webhook[] = [];
  t.after(async () => { for (const h of hooks) await h.close(); });
  const answers: string[][] = [];
  const body = JSON.stringify(review(goodPod('p', {}, { privileged: true }), { namespace: 'x' }));
  const requests = [
    post('/validate', body), post('/mutate?timeout=10s', body), post('/validate', '{"kind":'), post('/validate', body, 'Connection: close\r\n'),
  ];
  for (const fastHttp of [true, false]) {
    const hook = await startWebhook({ tls, fastHttp, maxBodyBytes: 4096 });
    hooks.push(hook);
    const seen: string[] = [];
    for (const r of [...requests, post('/validate', 'x'.repeat(5000))]) {
      const c = await rawClient(hook.port, tls);
      c.socket.write(r);
      const [res] = await c.next(1);
      seen.push(`${maskDate(res!.head)}\r\n\r\n${res!.body}`);
      c.socket.destroy();
    }
    answers.push(seen);
  }
  assert.deepEqual(answers[0], answers[1]);
  assert.match(answers[0]![0]!, /^HTTP\/1\.1 200 OK\r\ncontent-type: application\/json\r\ncontent-length: \d+\r\nDate: X\r\nConnection: keep-alive\r\nKeep-Alive: timeout=65\r\n\r\n\{/);
  assert.match(answers[0]![2]!, /^HTTP\/1\.1 400 /);
  assert.match(answers[0]![3]!, /\r\nConnection: close\r\n/);
  assert.match(answers[0]![4]!, /^HTTP\/1\.1 413 Payload Too Large\r\nconnection: close\r\n/);
});

test('pipelined, split and mixed requests on one connection: in order, node:http takes over at the first it must serve', async (t) => {
  const tls = await makeTls();
  const hook = await startWebhook({ tls });
  t.after(() => hook.close());
  const c = await rawClient(hook.port, tls);
  const uids: string[] = [];
  const one = (path = '/validate') => {
    const r = review(goodPod('p'), { namespace: 'x' });
    uids.push((r.request as { uid: string }).uid);
    return post(path, JSON.stringify(r));
  };
  // Two reviews in one write, then one split into five writes (mid-header, mid-body).
  c.socket.write(one() + one('/mutate'));
  const split = one();
  for (const [a, b] of [[0, 7], [7, 60], [60, 61], [61, split.length - 9], [split.length - 9, split.length]] as const) {
    c.socket.write(split.slice(a, b));
    await new Promise((r) => setTimeout(r, 20));
  }
  // A review, then /healthz (handed to node:http with the bytes after it), then a review and a chunked one, in one write.
  const tail = one();
  const afterHealth = one();
  const chunkedReview = review(goodPod('p'), { namespace: 'x' });
  uids.push((chunkedReview.request as { uid: string }).uid);
  c.socket.write(tail + 'GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n' + afterHealth + chunked('/validate', JSON.stringify(chunkedReview)));
  const res = await c.next(7);
  assert.deepEqual(res.map((r) => r.status), [200, 200, 200, 200, 200, 200, 200]);
  assert.equal(res[4]!.body, 'ok\n');
  const answered = res.filter((_, i) => i !== 4).map((r) => (JSON.parse(r.body) as { response: { uid: string } }).response.uid);
  assert.deepEqual(answered, uids);
  // The connection is node:http's now and stays usable.
  c.socket.write(one());
  const [, , , , , , , last] = await c.next(8);
  assert.equal((JSON.parse(last!.body) as { response: { uid: string } }).response.uid, uids.at(-1));
  c.socket.destroy();
  assert.equal(hook.logs.filter((l) => l.msg === 'decision').length, 7, 'every review has its decision line');
});

test('Connection: close and a too-large body end the connection; the server keeps serving', async (t) => {
  const tls = await makeTls();
  const hook = await startWebhook({ tls, maxBodyBytes: 2048 });
  t.after(() => hook.close());
  const body = JSON.stringify(review(goodPod('p'), { namespace: 'x' }));
  const a = await rawClient(hook.port, tls);
  a.socket.write(post('/validate', body, 'Connection: close\r\n') + post('/validate', body));
  await a.closed;
  assert.deepEqual(a.responses.map((r) => r.status), [200], 'nothing after Connection: close is answered');
  const b = await rawClient(hook.port, tls);
  b.socket.write(post('/validate', 'x'.repeat(3000)));
  await b.closed;
  assert.deepEqual(b.responses.map((r) => r.status), [413]);
  assert.match((await hook.get('/metrics')).text, /bulwark_admission_bad_requests_total\{reason="too-large"\} 1/);
  assert.equal((await hook.post('/validate', review(goodPod('p'), { namespace: 'x' }))).status, 200);
});

test('close(): an idle fast-path connection is closed at once, a busy one gets its answer with Connection: close', async (t) => {
  const tls = await makeTls();
  const hook = await startWebhook({
    tls,
    files: { policy: 'apiVersion: bulwark.dev/v1alpha1\nkind: AdmissionPolicy\nmetadata: {name: d}\nspec:\n  images:\n    vulnerabilities: {requireScan: true, scanTimeoutSeconds: 5}\n' },
    scan: async () => { await new Promise((r) => setTimeout(r, 500)); return { counts: {}, top: [], kev: [] }; },
  });
  t.after(() => hook.close().catch(() => undefined));
  const idle = await rawClient(hook.port, tls);
  idle.socket.write(post('/validate', JSON.stringify(review(goodPod('p'), { namespace: 'x' }))));
  await idle.next(1);
  const pinned = goodPod('q');
  (pinned.spec as { containers: Array<{ image: string }> }).containers[0]!.image = `registry.example/app@sha256:${'2'.repeat(64)}`;
  const busy = await rawClient(hook.port, tls);
  busy.socket.write(post('/validate', JSON.stringify(review(pinned, { namespace: 'x' }))));
  await new Promise((r) => setTimeout(r, 150));
  const closed = hook.server.close();
  await idle.closed;
  assert.equal(busy.socket.destroyed, false, 'the busy connection waits for its answer');
  await busy.closed;
  assert.equal(await closed, 0);
  assert.equal(busy.responses.length, 1);
  assert.equal(busy.responses[0]!.status, 200);
  assert.match(busy.responses[0]!.head, /\r\nConnection: close/);
});
