/**
 * The hand-written review parser never reads a request differently from node:http: the same bytes, split at the
 * same places, go to node:http alone and to the fast path (which hands the connection to node:http at the first
 * request it does not serve); both must see the same requests — method, target, body, keep-alive — in the same order.
 * The connections are in-memory Duplex streams, so node:http's parser (llhttp) is the one the server runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { Duplex } from 'node:stream';
import fc from 'fast-check';
import { fastHttp, HEAD_LIMIT, parseHead, type FastHttp } from './fast-http.js';

interface Seen { method: string; target: string; keepAlive: boolean; body: string; complete: boolean; via: 'fast' | 'node' }

const tick = () => new Promise<void>((r) => setImmediate(r));

/** A node:http server recording what it parsed; each request answered once its body has arrived. */
function recordingServer(seen: Seen[]): Server {
  const srv = createServer((req, res) => {
    const rec: Seen = { method: req.method ?? '', target: req.url ?? '', keepAlive: res.shouldKeepAlive, body: '', complete: false, via: 'node' };
    seen.push(rec);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      rec.body = Buffer.concat(chunks).toString('latin1');
      rec.complete = true;
      res.end('ok');
    });
  });
  // As the webhook does, but a turn later, so a request parsed before the error still completes (as with the fast path).
  srv.on('clientError', (_e, socket) => { setImmediate(() => socket.destroy()); });
  return srv;
}

/** An in-memory connection: `input` pushes client bytes, `output` collects the server's. */
function connection(): { socket: Duplex; input(b: Buffer): void; output: Buffer[] } {
  const output: Buffer[] = [];
  const socket = new Duplex({
    read() { /* bytes are pushed by the test */ },
    write(chunk: Buffer, _enc, cb) { output.push(Buffer.from(chunk)); cb(); },
  });
  socket.on('error', () => undefined);
  return { socket, input: (b) => { if (!socket.destroyed) socket.push(b); }, output };
}

async function feed(input: (b: Buffer) => void, bytes: Buffer, cuts: number[]): Promise<void> {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const to of [...at, bytes.length]) {
    if (to > from) input(bytes.subarray(from, to));
    from = Math.max(from, to);
    await tick();
  }
  for (let i = 0; i < 4; i++) await tick();
}

async function viaNode(bytes: Buffer, cuts: number[]): Promise<Seen[]> {
  const seen: Seen[] = [];
  const c = connection();
  recordingServer(seen).emit('connection', c.socket);
  await feed(c.input, bytes, cuts);
  c.socket.destroy();
  return seen;
}

function fastServer(seen: Seen[], maxBodyBytes = 1 << 20, timeouts = { keepAlive: 65_000, headers: 70_000, request: 30_000 }): FastHttp {
  const node = recordingServer(seen);
  return fastHttp({
    maxBodyBytes,
    review: (req, reply) => {
      seen.push({ method: 'POST', target: req.target, keepAlive: req.keepAlive, body: req.body.toString('latin1'), complete: true, via: 'fast' });
      reply.send(200, 'ok', 'text/plain');
      return Promise.resolve();
    },
    tooLarge: (reply) => reply.send(413, 'too large\n', 'text/plain', true),
    hold: () => undefined,
    release: () => undefined,
    handOff: (socket) => { node.emit('connection', socket); },
    timeouts: () => timeouts,
  });
}

async function viaFast(bytes: Buffer, cuts: number[]): Promise<{ seen: Seen[]; output: Buffer[] }> {
  const seen: Seen[] = [];
  const fast = fastServer(seen);
  const c = connection();
  fast.connection(c.socket);
  await feed(c.input, bytes, cuts);
  c.socket.destroy();
  fast.closeAll();
  return { seen, output: c.output };
}

const strip = (s: Seen[]) => s.filter((r) => r.complete).map(({ method, target, keepAlive, body }) => ({ method, target, keepAlive, body }));

// Request generators: valid, borderline and hostile heads.
const bodyArb = fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a).toString('latin1'));
const eol = fc.constantFrom('\r\n', '\r\n', '\r\n', '\r\n', '\r\n', '\r\n', '\n', '\r', '\r\r\n');
const clLine = (n: number) => fc.constantFrom(
  `Content-Length: ${n}`, `Content-Length: ${n}`, `content-length:${n}`, `CONTENT-LENGTH: ${n}  `, `Content-Length:\t${n}\t`, `Content-Length: 0${n}`,
  `Content-Length: +${n}`, `Content-Length: ${n}, ${n}`, `Content-Length: ${n + 1}`, `Content-Length: ${Math.max(0, n - 1)}`, 'Content-Length: -1',
  'Content-Length: 99999999999999999999', `Content-Length : ${n}`, `Content-Length ${n}`, 'Content-Length:', `Content-Length: ${n} x`, `Content-Length: ${n}\u0000`,
);
const otherLine = fc.oneof(
  fc.constantFrom(
    'Host: localhost', 'host: bulwark.svc:443', 'HOST:x', 'Host:', 'Host:   ', 'Host : x', 'Transfer-Encoding: chunked', 'transfer-encoding: identity',
    'Transfer-Encoding: chunked, identity', ' Transfer-Encoding: chunked', '\tfolded', 'Expect: 100-continue', 'Connection: close', 'Connection: keep-alive',
    'connection: Keep-Alive', 'Connection: CLOSE', 'Connection: upgrade', 'Connection: close, keep-alive', 'Connection: keep-alive, Upgrade', 'Connection: te',
    'Connection:', 'Proxy-Connection: close', 'Upgrade: h2c', 'Keep-Alive: timeout=5', 'X-A: b', 'X-Nul: a\u0000b', 'X-Ctl: a\u0001b', 'X-Bin: caf\u00e9',
    ':empty-name', 'NoColon', 'X-Sp : v', 'X-Trail: v   ', 'X-Tab:\tv\tw\t', 'X-Empty:', 'X-Cr: a\rb', 'X-Lf: a\nb', 'X-Del: a\u007fb', 'X(paren): v',
    'Content-Type: application/json', 'User-Agent: kube-apiserver-admission', 'Accept-Encoding: gzip',
  ),
  fc.nat({ max: HEAD_LIMIT + 200 }).map((n) => `X-Long: ${'a'.repeat(n)}`),
);

interface Req { method: string; target: string; version: string; sp: [string, string]; eol: string; lines: string[]; body: string; chunked: boolean }

const hostileReq: fc.Arbitrary<Req> = bodyArb.chain((body) => fc.record({
  method: fc.constantFrom('POST', 'POST', 'POST', 'POST', 'GET', 'PUT', 'post', 'PRI', 'POSTX'),
  target: fc.constantFrom(
    '/validate', '/mutate', '/validate?timeout=10s', '/mutate?a=b&c=%20', '/metrics', '/healthz', '/validate/', '/validatex', '//validate', '/validate#f',
    '/validate?x#y', '/validate?a b', '/validate?\u00e9', '*', 'http://h/validate', '/Validate', '/validate?', '/mutate?x=1?y', '/validate?a|b', '/validate?{}', '',
  ),
  version: fc.constantFrom('HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/1.2', 'http/1.1', 'HTTP/2.0', 'HTTP/1.1 ', 'HTTP/1.10'),
  sp: fc.tuple(fc.constantFrom(' ', ' ', ' ', ' ', '  ', '\t'), fc.constantFrom(' ', ' ', ' ', ' ', '  ', '\t')),
  eol,
  lines: fc.tuple(fc.array(otherLine, { maxLength: 3 }), fc.option(clLine(Buffer.byteLength(body, 'latin1')), { freq: 5 }), fc.array(otherLine, { maxLength: 3 }), fc.boolean())
    .map(([a, cl, b, host]) => [...a, ...(host ? ['Host: localhost'] : []), ...(cl !== null ? [cl] : []), ...b]),
  body: fc.constant(body),
  chunked: fc.boolean(),
}));

/** A request of the shape the API server sends, with the optional headers it may carry. */
const validReq: fc.Arbitrary<Req> = bodyArb.chain((body) => fc.record({
  method: fc.constant('POST'),
  target: fc.constantFrom('/validate', '/mutate', '/validate?timeout=10s', '/mutate?timeout=30s'),
  version: fc.constant('HTTP/1.1'),
  sp: fc.constant<[string, string]>([' ', ' ']),
  eol: fc.constant('\r\n'),
  lines: fc.tuple(
    fc.subarray(['Content-Type: application/json', 'Accept: application/json, */*', 'User-Agent: kube-apiserver-admission', 'Accept-Encoding: gzip', 'Connection: close', 'connection: keep-alive']),
    fc.constantFrom(`Content-Length: ${Buffer.byteLength(body, 'latin1')}`, `content-length:${Buffer.byteLength(body, 'latin1')}`),
    fc.constantFrom('Host: bulwark-admission.bulwark-system.svc:443', 'host:localhost'),
  ).map(([extra, cl, host]) => [host, ...extra, cl]),
  body: fc.constant(body),
  chunked: fc.constant(false),
}));

function render(r: Req): string {
  const payload = r.chunked ? `${Buffer.byteLength(r.body, 'latin1').toString(16)}\r\n${r.body}\r\n0\r\n\r\n` : r.body;
  return `${r.method}${r.sp[0]}${r.target}${r.sp[1]}${r.version}${r.eol}${r.lines.map((l) => `${l}${r.eol}`).join('')}${r.eol}${payload}`;
}

const pipeline = fc.tuple(fc.array(fc.oneof({ arbitrary: validReq, weight: 2 }, { arbitrary: hostileReq, weight: 3 }), { minLength: 1, maxLength: 3 }), fc.array(fc.nat(), { maxLength: 6 }));

test('differential: the fast path, with its fallback, sees exactly the requests node:http sees', async () => {
  let fastServed = 0;
  let handedOff = 0;
  await fc.assert(fc.asyncProperty(pipeline, async ([reqs, cuts]) => {
    const bytes = Buffer.from(reqs.map(render).join(''), 'latin1');
    const alone = await viaNode(bytes, cuts);
    const { seen } = await viaFast(bytes, cuts);
    assert.deepEqual(strip(seen), strip(alone));
    for (const r of seen) if (r.via === 'fast') assert.match(r.target, /^\/(validate|mutate)(\?|$)/);
    if (seen.some((r) => r.via === 'fast')) fastServed++;
    if (seen.some((r) => r.via === 'node')) handedOff++;
  }), { numRuns: 600 });
  // The property must have exercised both sides (not vacuous).
  assert.ok(fastServed > 100, `fast path served ${fastServed} runs`);
  assert.ok(handedOff > 40, `node:http served ${handedOff} runs`);
});

test('parseHead: the common shape, partial heads, and what it leaves to node:http', () => {
  const ok = Buffer.from('POST /validate?timeout=10s HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}');
  const head = parseHead(ok, 0);
  assert.deepEqual(head, { endpoint: 'validate', target: '/validate?timeout=10s', headEnd: ok.length - 2, length: 2, keepAlive: true });
  for (let n = 0; n < ok.length - 2; n++) assert.equal(parseHead(ok.subarray(0, n), 0), 'more', `prefix of ${n} bytes`);
  const h = (s: string) => parseHead(Buffer.from(s, 'latin1'), 0);
  assert.equal(h('GET /metrics HTTP/1.1\r\n'), 'fallback');
  assert.equal(h('POST /mutate HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n') !== 'fallback' && (h('POST /mutate HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n') as { keepAlive: boolean }).keepAlive, false);
  for (const bad of [
    'POST /validate HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n', // duplicate CL
    'POST /validate HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n', // CL + TE
    'POST /validate HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n folded\r\n\r\n', // obs-fold
    'POST /validate HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n',
    'POST /validate HTTP/1.0\r\nHost: x\r\nContent-Length: 2\r\n\r\n',
    'POST /validate HTTP/1.1\r\nContent-Length: 2\r\n\r\n', // no Host
    'POST /validate HTTP/1.1\r\nHost: x\r\n\r\n', // no Content-Length
    'POST /validate HTTP/1.1\r\nHost: x\nContent-Length: 2\r\n\r\n', // bare LF
    'POST /validate HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nX: caf\u00e9\r\n\r\n', // obs-text
  ]) assert.equal(h(bad), 'fallback', JSON.stringify(bad));
  assert.equal(h(`POST /validate HTTP/1.1\r\nX: ${'a'.repeat(HEAD_LIMIT)}`), 'fallback', 'a head past the limit');
});

test('pipelined reviews are answered in order, one write each; Connection: close ends the connection', async () => {
  const one = (uid: string, extra = '') => `POST /validate HTTP/1.1\r\nHost: x\r\n${extra}Content-Length: ${uid.length}\r\n\r\n${uid}`;
  const bytes = Buffer.from(one('a') + one('bb') + one('ccc', 'Connection: close\r\n') + one('dddd'));
  const { seen, output } = await viaFast(bytes, [3, 40, 41, 90]);
  assert.deepEqual(seen.map((s) => s.body), ['a', 'bb', 'ccc']);
  assert.equal(output.length, 3);
  assert.match(output[0]!.toString(), /^HTTP\/1\.1 200 OK\r\ncontent-type: text\/plain\r\ncontent-length: 2\r\nDate: .+ GMT\r\nConnection: keep-alive\r\nKeep-Alive: timeout=65\r\n\r\nok$/);
  assert.match(output[2]!.toString(), /\r\nConnection: close\r\n\r\nok$/);
});

test('a body over the limit is 413 and closes the connection, without reading the body', async () => {
  const seen: Seen[] = [];
  const fast = fastServer(seen, 10);
  const c = connection();
  fast.connection(c.socket);
  let ended = false;
  c.socket.on('finish', () => { ended = true; });
  await feed(c.input, Buffer.from('POST /validate HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n'), []);
  fast.closeAll();
  assert.equal(seen.length, 0);
  assert.match(Buffer.concat(c.output).toString(), /^HTTP\/1\.1 413 Payload Too Large\r\nconnection: close\r\n/);
  assert.ok(ended);
});

test('drain closes idle connections at once and a busy one after its response', async () => {
  const fast = fastHttp({
    maxBodyBytes: 100,
    review: (_req, reply) => new Promise<void>((resolve) => setTimeout(() => { reply.send(200, 'ok', 'text/plain'); resolve(); }, 20)),
    tooLarge: () => undefined,
    hold: () => undefined,
    release: () => undefined,
    handOff: () => assert.fail('no hand-off'),
    timeouts: () => ({ keepAlive: 65_000, headers: 70_000, request: 30_000 }),
  });
  const idle = connection();
  const busy = connection();
  fast.connection(idle.socket);
  fast.connection(busy.socket);
  busy.input(Buffer.from('POST /mutate HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n'));
  await tick();
  fast.drain();
  assert.ok(idle.socket.destroyed, 'the idle connection is closed');
  assert.ok(!busy.socket.destroyed);
  await new Promise((r) => setTimeout(r, 60));
  assert.match(Buffer.concat(busy.output).toString(), /^HTTP\/1\.1 200 OK\r\n[^]*Connection: close\r\n\r\nok$/);
  fast.closeAll();
});

test('timeouts: an idle keep-alive connection, a stalled head and a stalled body are closed', async () => {
  const seen: Seen[] = [];
  const fast = fastServer(seen, 1 << 20, { keepAlive: 300, headers: 70_000, request: 300 });
  const [idle, head, body] = [connection(), connection(), connection()];
  for (const c of [idle, head, body]) fast.connection(c.socket);
  idle.input(Buffer.from('POST /validate HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\na'));
  head.input(Buffer.from('POST /validate HTTP/1.1\r\nHo'));
  body.input(Buffer.from('POST /validate HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\nabc'));
  for (let i = 0; i < 50 && ![idle, head, body].every((c) => c.socket.destroyed); i++) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual([idle, head, body].map((c) => c.socket.destroyed), [true, true, true]);
  assert.equal(seen.length, 1, 'the idle one was answered first');
  fast.closeAll();
});

test('a client that does not read its answers gets no more requests taken until they have gone out', async () => {
  const seen: Seen[] = [];
  const fast = fastServer(seen);
  const held: Array<() => void> = [];
  const socket = new Duplex({ read() { /* pushed below */ }, write(_c, _e, cb) { held.push(cb); }, writableHighWaterMark: 1 });
  fast.connection(socket);
  const one = (b: string) => `POST /validate HTTP/1.1\r\nHost: x\r\nContent-Length: ${b.length}\r\n\r\n${b}`;
  socket.push(Buffer.from(one('a') + one('b') + one('c')));
  for (let i = 0; i < 4; i++) await tick();
  assert.deepEqual(seen.map((r) => r.body), ['a'], 'the first answer is not written yet: nothing else is taken');
  while (held.length) {
    held.shift()!();
    for (let i = 0; i < 4; i++) await tick();
  }
  assert.deepEqual(seen.map((r) => r.body), ['a', 'b', 'c']);
  fast.closeAll();
});
