/**
 * The registry connection: scheme choice (HTTPS, plain HTTP only for --insecure or loopback), the `/v2/`
 * ping that discovers the auth scheme, retries with backoff, and redirects followed by hand so the
 * Authorization header never leaves the registry's origin.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { BulwarkError, silentLogger, type Logger } from '../core/index.js';
import { Authenticator, type TokenRequestInit } from './auth.js';
import { lookupDockerCredentials, type Credentials } from './docker-config.js';
import { isAbortError, isTlsCertError, networkError, statusError, type ErrorContext } from './errors.js';
import { drain, exchange, readBody } from './http.js';
import { isLoopbackRegistry, isValidRegistryHost, registryApiHost } from './reference.js';
import { DEFAULT_RETRY, isRetryableError, isRetryableStatus, nextDelay, sleep, type RetryPolicy } from './retry.js';

export interface RegistryClientOptions {
  /** Allow plain HTTP and skip TLS verification for this registry. */
  insecure?: boolean;
  username?: string;
  password?: string;
  /** docker config.json path (default $DOCKER_CONFIG/config.json or ~/.docker/config.json). */
  dockerConfig?: string;
  signal?: AbortSignal;
  logger?: Logger;
  retry?: Partial<RetryPolicy>;
  /** Socket idle timeout per request, ms (default 30 s). */
  timeoutMs?: number;
  userAgent?: string;
  /** Environment for DOCKER_CONFIG lookup (tests). */
  env?: NodeJS.ProcessEnv;
}

export interface TransportRequest {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  /** Path under the registry origin (`/v2/…`) or an absolute URL (upload locations). */
  path: string;
  scope: string;
  headers?: Record<string, string>;
  body?: Buffer | (() => Readable);
  ctx: ErrorContext;
  /** Statuses handed back to the caller; anything else becomes a BulwarkError. */
  ok: readonly number[];
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
const ERROR_BODY_LIMIT = 16 * 1024;

export class RegistryTransport {
  readonly registry: string;
  readonly host: string;
  private origin: string | undefined;
  private pinging: Promise<void> | undefined;
  private readonly auth: Authenticator;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly logger: Logger;
  private readonly allowHttp: boolean;
  private readonly agents: { http: http.Agent; https: https.Agent };
  private creds: { value?: Credentials; helper?: string; helperMissing?: string } | undefined;

  constructor(registry: string, private readonly opts: RegistryClientOptions = {}) {
    if (!isValidRegistryHost(registry)) throw new BulwarkError('USAGE', `invalid registry host "${registry}"`);
    this.registry = registry;
    this.host = registryApiHost(registry);
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.logger = opts.logger ?? silentLogger;
    this.allowHttp = Boolean(opts.insecure) || isLoopbackRegistry(this.host);
    this.agents = {
      http: new http.Agent({ keepAlive: true, maxSockets: 6 }),
      https: new https.Agent({ keepAlive: true, maxSockets: 6, rejectUnauthorized: !opts.insecure }),
    };
    if (opts.username !== undefined && !opts.password) {
      throw new BulwarkError('USAGE', `--username given for ${registry} without --password`);
    }
    this.auth = new Authenticator({
      registry,
      credentials: () => this.credentials(),
      fetchToken: (url, init) => this.fetchToken(url, init),
      allowHttpRealm: this.allowHttp,
    });
  }

  get retryPolicy(): RetryPolicy {
    return this.retry;
  }

  get signal(): AbortSignal | undefined {
    return this.opts.signal;
  }

  /** Explicit credentials win; otherwise config.json `auths`, read on first need. */
  credentials(): Credentials | undefined {
    if (this.opts.username !== undefined) return { username: this.opts.username, password: this.opts.password ?? '' };
    if (!this.creds) {
      const found = lookupDockerCredentials(this.registry, this.opts.dockerConfig, this.opts.env);
      this.creds = { value: found.credentials, helper: found.helper, helperMissing: found.helperMissing };
      if (found.helperMissing) this.logger.debug(`docker config names credential helper ${found.helperMissing} for ${this.registry}, not on PATH`);
      if (found.credentials) this.logger.debug(`using credentials for ${this.registry} from ${found.helper ? `credential helper ${found.helper}` : found.path}`);
    }
    return this.creds.value;
  }

  /** Hint appended to auth errors when config.json's credential helper gave nothing. */
  private authHint(): string {
    const { helper, helperMissing, value } = this.creds ?? {};
    if (!helper || value) return '';
    return helperMissing
      ? `docker config uses credential helper "${helper}" for ${this.registry}, but ${helperMissing} is not on PATH; install it or use --username/--password`
      : `credential helper "${helper}" has no credentials for ${this.registry}; log in (docker login) or use --username/--password`;
  }

  private unauthorizedHint(): string {
    if (this.authHint()) return this.authHint();
    return this.credentials() ? '' : 'no credentials configured (some registries also answer 401 for repositories that do not exist)';
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private async send(method: string, url: URL, headers: Record<string, string>, body?: TransportRequest['body']): Promise<IncomingMessage> {
    const isHttps = url.protocol === 'https:';
    const ownHost = url.host === this.host;
    return exchange({
      method, url, body, timeoutMs: this.timeoutMs, signal: this.opts.signal,
      headers: { 'user-agent': this.opts.userAgent ?? 'bulwark', ...headers },
      // TLS verification is relaxed only for the registry itself, never for hosts it redirects to.
      agent: ownHost ? (isHttps ? this.agents.https : this.agents.http) : undefined,
    });
  }

  /** Runs `attempt` with bounded retries on transient network errors and 429/5xx. */
  private async withRetries(ctx: ErrorContext, attempt: () => Promise<IncomingMessage>): Promise<IncomingMessage> {
    for (let i = 0; ; i++) {
      const last = i + 1 >= this.retry.attempts;
      let res: IncomingMessage;
      try {
        res = await attempt();
      } catch (e) {
        if (isAbortError(e) || e instanceof BulwarkError) throw e;
        if (last || !isRetryableError(e)) throw networkError(e, ctx);
        const d = nextDelay(i, this.retry);
        this.logger.debug(`${this.registry}: ${(e as { code?: string }).code ?? 'network error'}; retrying in ${d} ms`);
        await sleep(d, this.opts.signal);
        continue;
      }
      const status = res.statusCode ?? 0;
      if (last || !isRetryableStatus(status)) return res;
      drain(res);
      const d = nextDelay(i, this.retry, header(res, 'retry-after'));
      this.logger.debug(`${this.registry}: HTTP ${status}; retrying in ${d} ms`);
      await sleep(d, this.opts.signal);
    }
  }

  /** Discovers the scheme and the auth challenge once per client. */
  ping(): Promise<void> {
    this.pinging ??= this.doPing().catch((e: unknown) => {
      this.pinging = undefined;
      throw e;
    });
    return this.pinging;
  }

  private async doPing(): Promise<void> {
    const ctx: ErrorContext = { registry: this.registry, what: 'the /v2/ API' };
    let res: IncomingMessage | undefined;
    if (this.allowHttp) {
      // Plain HTTP is only a fallback: try TLS once, then HTTP with the normal retry policy.
      try {
        res = await this.send('GET', new URL(`https://${this.host}/v2/`), {}, undefined);
        this.origin = `https://${this.host}`;
      } catch (e) {
        if (isAbortError(e)) throw e;
        // The server does speak TLS, just with a certificate we do not trust: plain HTTP would not help.
        if (isTlsCertError(e)) throw networkError(e, ctx);
        this.logger.debug(`${this.registry}: HTTPS failed (${(e as { code?: string }).code ?? 'error'}); trying plain HTTP`);
      }
    }
    if (!res) {
      this.origin = `${this.allowHttp ? 'http' : 'https'}://${this.host}`;
      const url = new URL(`${this.origin}/v2/`);
      res = await this.withRetries(ctx, () => this.send('GET', url, {}, undefined));
    }
    const status = res.statusCode ?? 0;
    const challenge = header(res, 'www-authenticate');
    drain(res);
    if (status === 200) return;
    if (status === 401 && this.auth.setChallenge(challenge)) return;
    if (status === 401) throw new BulwarkError('AUTH_FAILED', `${this.registry}: registry requires an unsupported authentication scheme`);
    if (status === 404) throw new BulwarkError('REGISTRY_ERROR', `${this.registry}: does not serve the registry v2 API`);
    throw statusError(status, ctx);
  }

  private async fetchToken(url: URL, init: TokenRequestInit): Promise<{ status: number; body: Buffer }> {
    const ctx: ErrorContext = { registry: this.registry, what: `a token from ${url.host}` };
    const headers: Record<string, string> = init.authorization ? { authorization: init.authorization } : {};
    if (init.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const body = init.form !== undefined ? Buffer.from(init.form) : undefined;
    const res = await this.withRetries(ctx, () => this.send(init.method, url, headers, body));
    try {
      return { status: res.statusCode ?? 0, body: await readBody(res, 1024 * 1024) };
    } catch (e) {
      throw networkError(e, ctx);
    }
  }

  /** One logical request, redirects included; auth only to the registry's own origin. */
  private async once(req: TransportRequest, authorization: string | undefined): Promise<{ res: IncomingMessage; url: URL }> {
    let url = new URL(req.path, this.origin);
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const headers: Record<string, string> = { ...req.headers };
      if (authorization && url.origin === this.origin) headers.authorization = authorization;
      const res = await this.send(req.method, url, headers, hop === 0 ? req.body : undefined);
      const location = header(res, 'location');
      const follow = REDIRECTS.has(res.statusCode ?? 0) && location && (req.method === 'GET' || req.method === 'HEAD');
      if (!follow) return { res, url };
      drain(res);
      const next = new URL(location, url);
      if (next.protocol !== 'https:' && !(next.protocol === 'http:' && (url.protocol === 'http:' || this.opts.insecure))) {
        throw new BulwarkError('REGISTRY_ERROR', `${this.registry}: refusing redirect of ${req.ctx.what} to ${next.protocol}//${next.host}`);
      }
      this.logger.debug(`${this.registry}: ${req.ctx.what} redirected to ${next.host}`);
      url = next;
    }
    throw new BulwarkError('REGISTRY_ERROR', `${this.registry}: too many redirects for ${req.ctx.what}`);
  }

  /** Sends a request with auth, retries and redirects; returns responses whose status is in `req.ok`. */
  async request(req: TransportRequest): Promise<IncomingMessage> {
    await this.ping();
    let reauthenticated = false;
    for (;;) {
      // After a 401 the challenge may name the scope the registry wants; ask the token server for it too.
      const authorization = await this.auth.header(req.scope, reauthenticated ? this.auth.challengeScope : undefined);
      let finalUrl = new URL(req.path, this.origin);
      const res = await this.withRetries(req.ctx, async () => {
        const r = await this.once(req, authorization);
        finalUrl = r.url;
        return r.res;
      });
      const status = res.statusCode ?? 0;
      if (req.ok.includes(status)) return res;
      if (status === 401 && !reauthenticated && finalUrl.origin === this.origin) {
        const challenge = header(res, 'www-authenticate');
        drain(res);
        reauthenticated = true;
        // A fresh token (or a newly announced scheme) deserves exactly one more try.
        if (this.auth.setChallenge(challenge)) {
          this.auth.invalidate(req.scope);
          if (this.auth.scheme === 'bearer' || this.credentials()) continue;
        }
        throw statusError(401, req.ctx, undefined, this.unauthorizedHint());
      }
      const body = req.method === 'HEAD' ? undefined : await readBody(res, ERROR_BODY_LIMIT).catch(() => undefined);
      const hint = status === 401 ? this.unauthorizedHint() : status === 403 ? this.authHint() : '';
      throw statusError(status, req.ctx, body, hint);
    }
  }
}

export function header(res: IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
