/**
 * Test helper: a token server for docker-registry's `auth.token` mode that issues REAL signed JWTs.
 * distribution 2.8 verifies the `x5c` header chain against `rootcertbundle`, then the ES256 signature
 * (raw R||S, JOSE style) over `header.claims`, then iss/aud/exp/nbf and the `access` claim.
 * Key and self-signed certificate are generated per run with openssl.
 */
import { spawnSync } from 'node:child_process';
import { createPrivateKey, randomUUID, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface TokenRequestLog {
  scopes: string[];
  service: string | null;
  user?: string;
  /** True when an Authorization header arrived at all. */
  hadAuthorization: boolean;
  /** Set for OAuth2 POSTs. */
  grantType?: string;
}

export interface TokenServer {
  realm: string;
  service: string;
  issuer: string;
  certPath: string;
  requests: TokenRequestLog[];
  stop(): Promise<void>;
}

export interface TokenServerOptions {
  dir: string;
  users: Record<string, string>;
  /** Actions anonymous clients get (default none, i.e. a private registry). */
  anonymousActions?: string[];
  /** OAuth2 refresh tokens (config.json `identitytoken`) → user. */
  refreshTokens?: Record<string, string>;
  /** Per-user allowed actions (default: everything asked for). */
  allowed?: Record<string, string[]>;
  host?: string;
}

function b64url(b: Buffer | string): string {
  return Buffer.from(b).toString('base64url');
}

/** EC P-256 key + self-signed certificate, valid for one day. */
export function makeSigningCert(dir: string): { key: KeyObject; certPath: string; certDer: Buffer } {
  const keyPath = join(dir, 'token.key');
  const certPath = join(dir, 'token.crt');
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyPath, '-out', certPath, '-days', '1', '-subj', '/CN=bulwark-test-token-issuer'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  const certDer = new X509Certificate(readFileSync(certPath)).raw;
  return { key: createPrivateKey(readFileSync(keyPath)), certPath, certDer };
}

export function signJwt(key: KeyObject, certDer: Buffer, claims: object): string {
  const header = { typ: 'JWT', alg: 'ES256', x5c: [certDer.toString('base64')] };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const sig = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${b64url(sig)}`;
}

function parseBasic(h: string | undefined): { user: string; pass: string } | undefined {
  const m = h ? /^Basic\s+(\S+)$/i.exec(h) : null;
  if (!m) return undefined;
  const t = Buffer.from(m[1], 'base64').toString('utf8');
  const i = t.indexOf(':');
  return i < 0 ? undefined : { user: t.slice(0, i), pass: t.slice(i + 1) };
}

export async function startTokenServer(o: TokenServerOptions): Promise<TokenServer> {
  const { key, certPath, certDer } = makeSigningCert(o.dir);
  const service = 'bulwark-test-registry';
  const issuer = 'bulwark-test-issuer';
  const requests: TokenRequestLog[] = [];
  const issue = (res: http.ServerResponse, user: string | undefined, scopes: string[], oauth: boolean) => {
    const grant = user ? (o.allowed?.[user] ?? ['pull', 'push', '*']) : (o.anonymousActions ?? []);
    const access = scopes.map((s) => {
      const [type, ...rest] = s.split(':');
      const actions = (rest.pop() ?? '').split(',').filter((a) => grant.includes(a));
      return { type, name: rest.join(':'), actions };
    });
    const now = Math.floor(Date.now() / 1000);
    const token = signJwt(key, certDer, { iss: issuer, sub: user ?? '', aud: service, exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID(), access });
    const body = oauth ? { access_token: token, expires_in: 300, scope: scopes.join(' ') } : { token, expires_in: 300, issued_at: new Date().toISOString() };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST') {
      // OAuth2 refresh-token grant (distribution docs/spec/auth/oauth.md).
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
        const user = o.refreshTokens?.[form.get('refresh_token') ?? ''];
        requests.push({ scopes, service: form.get('service'), ...(user ? { user } : {}), hadAuthorization: Boolean(req.headers.authorization), grantType: form.get('grant_type') ?? '' });
        if (form.get('grant_type') !== 'refresh_token' || !user) return void res.writeHead(401).end('{"error":"invalid_grant"}');
        issue(res, user, scopes, true);
      });
      return;
    }
    const scopes = url.searchParams.getAll('scope');
    const basic = parseBasic(req.headers.authorization);
    requests.push({ scopes, service: url.searchParams.get('service'), ...(basic ? { user: basic.user } : {}), hadAuthorization: Boolean(req.headers.authorization) });
    if (req.headers.authorization && (!basic || o.users[basic.user] !== basic.pass)) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"bad credentials"}');
      return;
    }
    issue(res, basic?.user, scopes, false);
  });
  const host = o.host ?? '127.0.0.1';
  await new Promise<void>((r) => server.listen(0, host, r));
  const port = (server.address() as AddressInfo).port;
  return {
    realm: `http://${host}:${port}/token`, service, issuer, certPath, requests,
    stop: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
