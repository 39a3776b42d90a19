/**
 * Test helper: a scripted, misbehaving registry on a loopback address (node:http). Each route is a
 * handler that may answer, stall, reset or redirect; every request is logged with its Authorization
 * header so tests can assert where credentials went. Only loopback addresses are ever used.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface LoggedRequest {
  method: string;
  url: string;
  authorization?: string;
  accept?: string;
}

/** `hit` counts earlier requests to the same route (0 for the first). */
export type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

export interface HostileServer {
  host: string;
  origin: string;
  requests: LoggedRequest[];
  routes: Map<string, Handler>;
  stop(): Promise<void>;
}

/**
 * Starts a server on `address` (127.0.0.1 or another 127/8 address for "a different host");
 * with `tls` it speaks HTTPS with that (self-signed) key and certificate.
 */
export async function startHostileServer(address = '127.0.0.1', tls?: { key: Buffer; cert: Buffer }): Promise<HostileServer> {
  const requests: LoggedRequest[] = [];
  const routes = new Map<string, Handler>();
  const hits = new Map<string, number>();
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    const key = `${req.method} ${path}`;
    requests.push({ method: req.method ?? '', url: req.url ?? '', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}), ...(req.headers.accept ? { accept: req.headers.accept } : {}) });
    const handler = routes.get(key) ?? routes.get(`* ${path}`);
    const hit = hits.get(key) ?? 0;
    hits.set(key, hit + 1);
    if (handler) return handler(req, res, hit);
    if (path === '/v2/') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }] }));
  };
  const server = tls ? https.createServer(tls, onRequest) : http.createServer(onRequest);
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(0, address, resolve); });
  const port = (server.address() as AddressInfo).port;
  return {
    host: `${address}:${port}`, origin: `${tls ? 'https' : 'http'}://${address}:${port}`, requests, routes,
    stop: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** Serves bytes with a content type (and Docker-Content-Digest when given). */
export function serve(body: Buffer, contentType: string, digest?: string): Handler {
  return (req, res) => {
    res.writeHead(200, { 'content-type': contentType, 'content-length': String(body.length), ...(digest ? { 'docker-content-digest': digest } : {}) });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

export function status(code: number, errorCode = 'UNKNOWN', headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(code, { 'content-type': 'application/json', ...headers }).end(JSON.stringify({ errors: [{ code: errorCode, message: `hostile ${code}` }] }));
  };
}

/** Answers with `first` for the first `n` requests this handler sees, then with `then`. */
export function firstThen(n: number, first: Handler, then: Handler): Handler {
  let seen = 0;
  return (req, res, hit) => (seen++ < n ? first : then)(req, res, hit);
}

/** Drops the connection without an answer. */
export const reset: Handler = (req) => { req.socket.destroy(); };

/** Never answers (the client's timeout must fire). */
export const stall: Handler = () => undefined;
