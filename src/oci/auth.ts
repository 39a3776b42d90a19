/**
 * Registry authentication: `WWW-Authenticate` challenges, basic auth, and the bearer token flow of the
 * distribution token spec (GET realm?service=&scope= with optional basic credentials, tokens cached per
 * scope until shortly before they expire).
 */
import { BulwarkError } from '../core/index.js';
import type { Credentials } from './docker-config.js';

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses `Bearer realm="…",service="…",scope="a,b"` (several challenges may share one header). */
export function parseWwwAuthenticate(header: string | undefined): Challenge[] {
  const out: Challenge[] = [];
  const h = header ?? '';
  let i = 0;
  const skip = (chars: string) => { while (i < h.length && chars.includes(h[i])) i++; };
  const token = () => { const m = /^[A-Za-z0-9_.!#$%&'*+^`|~-]+/.exec(h.slice(i)); i += m ? m[0].length : 0; return m?.[0] ?? ''; };
  while (i < h.length) {
    skip(' ,\t');
    const name = token();
    if (!name) { i++; continue; }
    skip(' \t');
    if (h[i] !== '=') { out.push({ scheme: name.toLowerCase(), params: {} }); continue; }
    i++;
    skip(' \t');
    let value = '';
    if (h[i] === '"') {
      for (i++; i < h.length && h[i] !== '"'; i++) value += h[i] === '\\' ? h[++i] ?? '' : h[i];
      i++;
    } else {
      // Lenient: some servers leave URLs unquoted; take everything up to the next comma or space.
      const m = /^[^\s,]*/.exec(h.slice(i)) as RegExpExecArray;
      value = m[0];
      i += value.length;
    }
    const current = out[out.length - 1];
    if (current) current.params[name.toLowerCase()] = value;
  }
  return out;
}

export function repositoryScope(repository: string, actions: readonly string[]): string {
  return `repository:${repository}:${actions.join(',')}`;
}

export const CATALOG_SCOPE = 'registry:catalog:*';

export function basicAuthHeader(c: Credentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
}

export interface TokenResponse {
  status: number;
  body: Buffer;
}

export interface TokenRequestInit {
  method: 'GET' | 'POST';
  authorization?: string;
  /** application/x-www-form-urlencoded body (POST only). */
  form?: string;
}

export interface AuthenticatorOptions {
  registry: string;
  /** Resolved lazily: reading config.json only when a registry asks for credentials. */
  credentials: () => Credentials | undefined;
  /** Sends a token request through the client's network layer (GET, or POST for refresh tokens). */
  fetchToken: (url: URL, init: TokenRequestInit) => Promise<TokenResponse>;
  /** Whether a plain-HTTP realm is acceptable (insecure or loopback registry). */
  allowHttpRealm: boolean;
  now?: () => number;
}

interface CachedToken { token: string; expiresAt: number }

const MIN_TOKEN_LIFETIME_S = 60;
const EXPIRY_MARGIN_MS = 10_000;

export class Authenticator {
  private challenge: Challenge | undefined;
  private readonly tokens = new Map<string, CachedToken>();
  private readonly inflight = new Map<string, Promise<CachedToken>>();
  private readonly now: () => number;

  constructor(private readonly opts: AuthenticatorOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Records the challenge of `/v2/` (or a later 401). Returns false when no known scheme is offered. */
  setChallenge(header: string | undefined): boolean {
    const all = parseWwwAuthenticate(header);
    const c = all.find((x) => x.scheme === 'bearer' && x.params.realm) ?? all.find((x) => x.scheme === 'basic');
    if (!c) return false;
    this.challenge = c;
    return true;
  }

  get scheme(): string | undefined {
    return this.challenge?.scheme;
  }

  /** The scope a bearer challenge named (e.g. `repository:x:pull,push`), if any. */
  get challengeScope(): string | undefined {
    return this.challenge?.scheme === 'bearer' ? this.challenge.params.scope || undefined : undefined;
  }

  /** Drops a cached token so the next request fetches a fresh one (after a 401). */
  invalidate(scope: string): void {
    this.tokens.delete(scope);
  }

  /** Authorization header value for a request needing `scope`, or undefined for anonymous access. */
  async header(scope: string, extraScope?: string): Promise<string | undefined> {
    const c = this.challenge;
    if (!c) return undefined;
    if (c.scheme === 'basic') {
      const creds = this.opts.credentials();
      return creds && !creds.identityToken ? basicAuthHeader(creds) : undefined;
    }
    const cached = this.tokens.get(scope);
    if (cached && cached.expiresAt > this.now()) return `Bearer ${cached.token}`;
    // Layers are opened in parallel: one token request per scope, shared by everyone waiting for it.
    let pending = this.inflight.get(scope);
    if (!pending) {
      pending = this.fetchToken(c, scope, extraScope).finally(() => this.inflight.delete(scope));
      this.inflight.set(scope, pending);
    }
    const t = await pending;
    this.tokens.set(scope, t);
    return `Bearer ${t.token}`;
  }

  private realmUrl(c: Challenge, scopes: string[]): URL {
    let url: URL;
    try {
      url = new URL(c.params.realm);
    } catch (e) {
      throw new BulwarkError('REGISTRY_ERROR', `${this.opts.registry}: token realm is not a URL`, { cause: e });
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.opts.allowHttpRealm)) {
      throw new BulwarkError('REGISTRY_ERROR', `${this.opts.registry}: refusing token realm ${url.origin} (plain HTTP needs --insecure)`);
    }
    if (c.params.service) url.searchParams.set('service', c.params.service);
    for (const s of scopes) url.searchParams.append('scope', s);
    return url;
  }

  /**
   * An `identitytoken` from config.json is an OAuth2 refresh token (distribution's oauth.md): POST it as a
   * form to the realm. The query string moves into the form body.
   */
  private refreshTokenRequest(url: URL, refreshToken: string): TokenRequestInit {
    const form = new URLSearchParams({ grant_type: 'refresh_token', client_id: 'bulwark', refresh_token: refreshToken });
    const service = url.searchParams.get('service');
    if (service) form.set('service', service);
    form.set('scope', url.searchParams.getAll('scope').join(' '));
    url.search = '';
    return { method: 'POST', form: form.toString() };
  }

  private async fetchToken(c: Challenge, scope: string, extraScope?: string): Promise<CachedToken> {
    const scopes = [scope, ...(extraScope && extraScope !== scope ? [extraScope] : [])];
    const url = this.realmUrl(c, scopes);
    const creds = this.opts.credentials();
    const res = await this.opts.fetchToken(url, creds?.identityToken ? this.refreshTokenRequest(url, creds.identityToken) : {
      method: 'GET', ...(creds ? { authorization: basicAuthHeader(creds) } : {}),
    });
    const reg = this.opts.registry;
    if (res.status === 401) {
      throw new BulwarkError('AUTH_FAILED', creds
        ? `${reg}: token server ${url.host} rejected the ${creds.identityToken ? 'identity token' : 'credentials'} for user "${creds.username}"`
        : `${reg}: token server ${url.host} requires credentials (use --username/--password or docker login)`);
    }
    if (res.status === 403) throw new BulwarkError('ACCESS_DENIED', `${reg}: token server ${url.host} denied ${scopes.join(' ')}`);
    if (res.status !== 200) throw new BulwarkError('REGISTRY_ERROR', `${reg}: token server ${url.host} answered HTTP ${res.status}`);
    let doc: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      doc = JSON.parse(res.body.toString('utf8')) as typeof doc;
    } catch (e) {
      throw new BulwarkError('REGISTRY_ERROR', `${reg}: token server ${url.host} sent a malformed token response`, { cause: e });
    }
    const token = typeof doc.token === 'string' && doc.token ? doc.token : doc.access_token;
    if (typeof token !== 'string' || !token) throw new BulwarkError('REGISTRY_ERROR', `${reg}: token server ${url.host} sent no token`);
    const lifetime = typeof doc.expires_in === 'number' && doc.expires_in > 0 ? Math.max(doc.expires_in, MIN_TOKEN_LIFETIME_S) : MIN_TOKEN_LIFETIME_S;
    return { token, expiresAt: this.now() + lifetime * 1000 - EXPIRY_MARGIN_MS };
  }
}
