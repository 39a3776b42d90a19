/**
 * The review requests' fast path: HTTP/1.1 parsed by hand on the TLS socket for the one shape the API server sends
 * (`POST /validate|/mutate[?query] HTTP/1.1`, one `Content-Length`, plain header lines), answered with one write of
 * head and body. Measured at saturation, node:http's per-request machinery (IncomingMessage, ServerResponse, header
 * objects, stream plumbing) costs ≈ 35 µs of the webhook's ≈ 300 µs CPU per review; this path skips it.
 *
 * Anything else — other methods and paths (/metrics, /healthz, /readyz), chunked bodies, `Expect`, `Upgrade`, HTTP/1.0,
 * duplicate or odd headers, obs-fold, non-ASCII bytes, a head over 8 KiB: whatever is not that exact shape — is not
 * interpreted here. At the first such request the connection is handed, with the bytes not yet consumed put back,
 * to node:http, which serves the rest of that connection with all its edge cases. The shape accepted here is a strict
 * subset of what node:http (llhttp, strict mode) accepts and means the same thing to both: method, target, body,
 * keep-alive (`src/admission/fast-http.test.ts` checks that differentially against node:http).
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

type Endpoint = 'validate' | 'mutate';

interface ReviewHead {
  endpoint: Endpoint;
  /** The request-target as sent (path and query). */
  target: string;
  /** Offset just past the head's final CRLF CRLF. */
  headEnd: number;
  /** The Content-Length. */
  length: number;
  keepAlive: boolean;
}

/** A head longer than this is left to node:http (whose own limit is 16 KiB): the API server's are ≈ 250 bytes. */
export const HEAD_LIMIT = 8192;
const MAX_HEADER_LINES = 64;

const [CR, LF, SP, COLON, QMARK] = [13, 10, 32, 58, 63];
const HTTP11 = Buffer.from(' HTTP/1.1\r\n');
const CRLFCRLF = Buffer.from('\r\n\r\n');
const PREFIXES: ReadonlyArray<readonly [Buffer, Endpoint]> = [[Buffer.from('POST /validate'), 'validate'], [Buffer.from('POST /mutate'), 'mutate']];

/** RFC 9110 tchar. */
const TOKEN = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") TOKEN[c.charCodeAt(0)] = 1;
/** Query bytes: unreserved, sub-delims, ':' '@' '/' '?' '%' (a subset of what llhttp takes in a request-target; no '#'). */
const QUERY = new Uint8Array(256);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?%") QUERY[c.charCodeAt(0)] = 1;

/** Case-insensitive match of buf[at, at + name.length) against a lower-case name of letters and '-'. */
function nameIs(buf: Buffer, at: number, len: number, name: string): boolean {
  if (len !== name.length) return false;
  // `| 0x20` lower-cases a letter and leaves '-'; no other token byte maps onto a lower-case letter or '-'.
  for (let i = 0; i < len; i++) if ((buf[at + i]! | 0x20) !== name.charCodeAt(i)) return false;
  return true;
}

function valueIs(buf: Buffer, from: number, to: number, value: string): boolean {
  return nameIs(buf, from, to - from, value);
}

/** What the special headers said so far (one per parse). */
interface Fields { length: number; hosts: number; connection: 'keep-alive' | 'close' | undefined }

/** The endpoint whose `POST /path` prefix starts at `start`, `'more'` while the bytes so far may still be one. */
function endpointAt(buf: Buffer, start: number): readonly [Buffer, Endpoint] | 'more' | 'fallback' {
  const avail = buf.length - start;
  let partial = false;
  for (const entry of PREFIXES) {
    const prefix = entry[0];
    const n = Math.min(avail, prefix.length);
    if (buf.compare(prefix, 0, n, start, start + n) !== 0) continue;
    if (n === prefix.length) return entry;
    partial = true;
  }
  return partial ? 'more' : 'fallback';
}

/** Content-Length digits: one run of 1–10 digits, no leading zero (a safe integer; --max-body bounds it anyway). */
function contentLength(buf: Buffer, from: number, to: number): number {
  const digits = to - from;
  if (digits < 1 || digits > 10 || (digits > 1 && buf[from] === 48)) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = buf[i]! - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Takes note of one header; false when its presence or value is not the fast path's to interpret. */
function noteHeader(buf: Buffer, nameAt: number, nameLen: number, valueAt: number, valueEnd: number, f: Fields): boolean {
  switch (nameLen) {
    case 4:
      // node:http answers an HTTP/1.1 request without Host 400 (requireHostHeader); several Hosts are its call too.
      return !nameIs(buf, nameAt, 4, 'host') || (++f.hosts === 1 && valueEnd > valueAt);
    case 6:
      return !nameIs(buf, nameAt, 6, 'expect');
    case 7:
      return !nameIs(buf, nameAt, 7, 'upgrade');
    case 10:
      if (!nameIs(buf, nameAt, 10, 'connection')) return true;
      if (f.connection) return false;
      f.connection = valueIs(buf, valueAt, valueEnd, 'keep-alive') ? 'keep-alive' : valueIs(buf, valueAt, valueEnd, 'close') ? 'close' : undefined;
      return f.connection !== undefined;
    case 14:
      if (!nameIs(buf, nameAt, 14, 'content-length')) return true;
      if (f.length >= 0) return false;
      f.length = contentLength(buf, valueAt, valueEnd);
      return f.length >= 0;
    case 16:
      return !nameIs(buf, nameAt, 16, 'proxy-connection');
    case 17:
      return !nameIs(buf, nameAt, 17, 'transfer-encoding');
    default:
      return true;
  }
}

/**
 * Header lines from `p` up to the empty line at `end + 2`: token ':' SP* (visible / SP)* CRLF. No HTAB anywhere
 * (llhttp refuses some, e.g. around a Content-Length; the API server sends none), no obs-fold, no bare CR or LF.
 */
function scanHeaders(buf: Buffer, p: number, end: number, f: Fields): boolean {
  let lines = 0;
  while (p < end + 2) {
    if (++lines > MAX_HEADER_LINES) return false;
    const nameAt = p;
    while (TOKEN[buf[p]!]) p++;
    const nameLen = p - nameAt;
    if (nameLen === 0 || buf[p] !== COLON) return false;
    p++;
    while (buf[p] === SP) p++;
    const valueAt = p;
    let valueEnd = p;
    for (let c = buf[p]!; c >= SP && c < 127; c = buf[++p]!) if (c !== SP) valueEnd = p + 1;
    if (buf[p] !== CR || buf[p + 1] !== LF) return false;
    p += 2;
    if (!noteHeader(buf, nameAt, nameLen, valueAt, valueEnd, f)) return false;
  }
  return true;
}

/**
 * Parses the request head starting at `start`: `'more'` while it is incomplete and still may be a review request,
 * `'fallback'` as soon as it is not one the fast path serves (node:http decides what it is).
 */
export function parseHead(buf: Buffer, start: number): ReviewHead | 'more' | 'fallback' {
  const found = endpointAt(buf, start);
  if (typeof found === 'string') return found;
  const end = buf.indexOf(CRLFCRLF, start);
  if (end < 0) return buf.length - start >= HEAD_LIMIT ? 'fallback' : 'more';
  const headEnd = end + 4;
  if (headEnd - start > HEAD_LIMIT) return 'fallback';
  // Request line: the path is exactly the endpoint's, then an optional query, then ' HTTP/1.1' CRLF.
  let p = start + found[0].length;
  if (buf[p] === QMARK) {
    p++;
    while (QUERY[buf[p]!]) p++;
  }
  if (buf.compare(HTTP11, 0, HTTP11.length, p, p + HTTP11.length) !== 0) return 'fallback';
  const target = buf.toString('latin1', start + 5, p);
  const f: Fields = { length: -1, hosts: 0, connection: undefined };
  if (!scanHeaders(buf, p + HTTP11.length, end, f) || f.length < 0 || f.hosts !== 1) return 'fallback';
  return { endpoint: found[1], target, headEnd, length: f.length, keepAlive: f.connection !== 'close' };
}

/** How a review is answered: one response, written at once. */
export interface Reply {
  /** `close`: the server ends the connection after this response (`connection: close`). */
  send(status: number, body: string, type: string, close?: boolean): void;
  readonly sent: boolean;
}

interface FastRequest {
  endpoint: Endpoint;
  target: string;
  keepAlive: boolean;
  body: Buffer;
}

interface FastHttpOptions {
  maxBodyBytes: number;
  /** Answers one review through `reply`; settles once it is done (its log line written). */
  review(req: FastRequest, reply: Reply): Promise<void>;
  /** A Content-Length over maxBodyBytes: answer through `reply` (the connection is closed after it). */
  tooLarge(reply: Reply): void;
  /**
   * A request whose head has arrived and whose body is still arriving counts as in flight (as node:http counts it from
   * its handler on): `hold` then, `release` once it is dispatched to `review` (after that call) or its connection ends.
   */
  hold(): void;
  release(): void;
  /** Gives the connection to node:http (the bytes it has not consumed are back in the socket's buffer). */
  handOff(socket: Duplex): void;
  /** node:http's timeouts, read at every check so both paths follow the same settings (ms; 0 = none). */
  timeouts(): { keepAlive: number; headers: number; request: number };
}

export interface FastHttp {
  /** Serves a connection (a TLS socket after its handshake; any Duplex). */
  connection(socket: Duplex): void;
  /** Closes idle connections now and each busy one after its response (which says `Connection: close`). */
  drain(): void;
  /** Destroys every connection still served here and stops the timeout checks. */
  closeAll(): void;
}

/** `Date:` as node:http writes it, recomputed once a second. */
let dateText = '';
let dateUntil = 0;
function httpDate(): string {
  const now = Date.now();
  if (now >= dateUntil) {
    dateText = new Date(now).toUTCString();
    dateUntil = now - (now % 1000) + 1000;
  }
  return dateText;
}

/** Where a connection is: waiting between requests, reading a head, reading a body, or answering. */
const enum Phase { Idle, Head, Body, Busy }

/** Buffered bytes beyond which a connection that is answering stops reading (pipelining flood). */
const BUSY_BUFFER_LIMIT = 64 * 1024;

/** What every connection of one server shares. */
interface Shared {
  o: FastHttpOptions;
  conns: Set<Connection>;
  draining: boolean;
  /** Date.now() as of the last timeout check (a second's precision is all the timeouts need). */
  clock: number;
  /** `Connection: keep-alive` and `Keep-Alive: timeout=N` lines, N from node:http's keepAliveTimeout. */
  keepAlive: string;
}

class Connection implements Reply {
  phase = Phase.Head;
  since: number;
  sent = false;
  private parts: Buffer[] = [];
  private size = 0;
  /** Bytes needed before parsing again (a body that has not fully arrived). */
  private need = 0;
  private keepAlive = true;
  private closing = false;
  /** Reading stops while a busy connection has a lot buffered, or while the client does not read its answers. */
  private busyFull = false;
  private writeBlocked = false;
  private stopped = false;
  private readonly onData = (chunk: Buffer): void => {
    if (this.closing) return;
    if (this.size === 0 && this.phase === Phase.Idle) {
      this.phase = Phase.Head;
      this.since = this.sh.clock;
    }
    this.parts.push(chunk);
    this.size += chunk.length;
    if (this.phase === Phase.Busy || this.writeBlocked) {
      if (this.size > BUSY_BUFFER_LIMIT + this.sh.o.maxBodyBytes && !this.busyFull) {
        this.busyFull = true;
        this.flow();
      }
      return;
    }
    this.process();
  };
  private readonly onDrain = (): void => {
    this.writeBlocked = false;
    this.flow();
    this.process();
  };
  private readonly onError = (): void => { this.socket.destroy(); };
  private held = false;
  private readonly onClose = (): void => {
    this.sh.conns.delete(this);
    this.unhold();
  };
  private readonly afterReview = (): void => {
    if (!this.sent) {
      this.socket.destroy(); // never: review() always answers
      return;
    }
    if (this.closing) return;
    this.phase = Phase.Idle;
    this.since = this.sh.clock;
    if (this.busyFull) {
      this.busyFull = false;
      this.flow();
    }
    this.process();
  };

  constructor(readonly socket: Duplex, private readonly sh: Shared) {
    this.since = sh.clock;
    socket.on('data', this.onData);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  private flow(): void {
    const stop = this.busyFull || this.writeBlocked;
    if (stop === this.stopped) return;
    this.stopped = stop;
    if (stop) this.socket.pause();
    else this.socket.resume();
  }

  private process(): void {
    while (this.phase !== Phase.Busy && !this.writeBlocked && this.size > 0 && this.size >= this.need) {
      const buf = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size);
      this.parts = [buf];
      const head = parseHead(buf, 0);
      if (head === 'more') {
        this.phase = Phase.Head;
        return;
      }
      if (head === 'fallback') return this.handOff();
      if (head.length > this.sh.o.maxBodyBytes) {
        this.parts = [];
        this.size = 0;
        this.sent = false;
        this.sh.o.tooLarge(this);
        if (!this.closing) this.socket.destroy(); // tooLarge answers with close; never left half-read
        return;
      }
      const total = head.headEnd + head.length;
      if (buf.length < total) {
        this.phase = Phase.Body;
        this.need = total;
        if (!this.held) {
          this.held = true;
          this.sh.o.hold();
        }
        return;
      }
      this.need = 0;
      const body = buf.subarray(head.headEnd, total);
      if (buf.length > total) {
        this.parts = [buf.subarray(total)];
        this.size = buf.length - total;
      } else {
        this.parts = [];
        this.size = 0;
      }
      this.phase = Phase.Busy;
      this.sent = false;
      this.keepAlive = head.keepAlive;
      this.sh.o.review({ endpoint: head.endpoint, target: head.target, keepAlive: head.keepAlive, body }, this).then(this.afterReview, this.afterReview);
      this.unhold(); // after review() counted the request itself
    }
  }

  private unhold(): void {
    if (!this.held) return;
    this.held = false;
    this.sh.o.release();
  }

  send(status: number, body: string, type: string, close = false): void {
    if (this.sent) return;
    this.sent = true;
    const s = this.socket;
    if (s.destroyed || !s.writable) return;
    // The headers node:http writes for `writeHead(status, { content-type, content-length })`, in its order.
    const end = close || !this.keepAlive || this.sh.draining;
    const connection = close ? '' : end ? 'Connection: close\r\n' : this.sh.keepAlive;
    const flushed = s.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${close ? 'connection: close\r\n' : ''}content-type: ${type}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nDate: ${httpDate()}\r\n${connection}\r\n${body}`);
    if (end) {
      this.closing = true;
      const soon = (s as Duplex & { destroySoon?: () => void }).destroySoon;
      if (soon) soon.call(s);
      else s.end();
    } else if (!flushed) {
      // A client that sends and does not read: no more requests are taken until its answers have gone out.
      this.writeBlocked = true;
      this.flow();
      s.once('drain', this.onDrain);
    }
  }

  /** node:http takes over at a request boundary: nothing of this request has been consumed. */
  private handOff(): void {
    const s = this.socket;
    s.pause();
    s.removeListener('data', this.onData);
    s.removeListener('error', this.onError);
    s.removeListener('close', this.onClose);
    s.removeListener('drain', this.onDrain);
    this.sh.conns.delete(this);
    this.unhold();
    const rest = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    if (rest.length) s.unshift(rest);
    // node:http would consume the TLS handle in C++ and bypass the bytes put back: make it read through the stream.
    const handle = (s as Duplex & { _handle?: { _consumed?: boolean } | null })._handle;
    if (handle) handle._consumed = true;
    this.sh.o.handOff(s);
    s.resume();
  }

  /** Idle, or not a byte of a request yet. */
  get idle(): boolean {
    return this.phase === Phase.Idle || (this.phase === Phase.Head && this.size === 0);
  }
}

export function fastHttp(o: FastHttpOptions): FastHttp {
  const keepAlive = () => `Connection: keep-alive\r\nKeep-Alive: timeout=${Math.floor(o.timeouts().keepAlive / 1000)}\r\n`;
  const sh: Shared = { o, conns: new Set(), draining: false, clock: Date.now(), keepAlive: keepAlive() };
  // One check a second for every connection's timeouts (node:http checks every 30 s): no timer per request.
  const checker = setInterval(() => {
    sh.clock = Date.now();
    sh.keepAlive = keepAlive();
    const t = o.timeouts();
    const headLimit = Math.min(t.headers || Infinity, t.request || Infinity);
    for (const c of sh.conns) {
      const limit = c.phase === Phase.Idle ? t.keepAlive || Infinity : c.phase === Phase.Head ? headLimit : c.phase === Phase.Body ? t.request || Infinity : Infinity;
      if (sh.clock - c.since > limit) c.socket.destroy();
    }
  }, 1000);
  checker.unref();

  return {
    connection(socket) {
      // While draining too: a request sent right after the handshake is answered (with Connection: close).
      sh.conns.add(new Connection(socket, sh));
    },
    drain() {
      sh.draining = true;
      for (const c of sh.conns) if (c.idle) c.socket.destroy();
    },
    closeAll() {
      clearInterval(checker);
      for (const c of sh.conns) c.socket.destroy();
      sh.conns.clear();
    },
  };
}
