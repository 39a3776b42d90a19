/**
 * `buildApp(deps)`: the fastify application, one plugin per resource, every input validated by JSON schema,
 * OpenAPI at /api/openapi.json. Tests call `app.inject()`; the CLI adds `listen`.
 */
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { isBulwarkError, redactText } from '../core/index.js';
import { TOOL_VERSION } from '../core/index.js';
import { makeGuard } from './auth.js';
import { responseCache } from './cache.js';
import { trackInFlight } from './drain.js';
import type { AppDeps } from './context.js';
import { adminRoutes } from './routes/admin.js';
import { clusterRoutes } from './routes/clusters.js';
import { findingRoutes } from './routes/findings.js';
import { graphRoutes } from './routes/graph.js';
import { imageRoutes } from './routes/images.js';
import { ingestRoutes } from './routes/ingest.js';
import { portfolioRoutes } from './routes/portfolio.js';
import { scanRoutes } from './routes/scans.js';
import { sessionRoutes } from './routes/session.js';
import { staticUi } from './routes/static.js';

const JSON_LINES = ['application/x-ndjson', 'application/jsonl', 'application/json-lines'];

/** The cookie-signing secret survives restarts (kept in the database), so sessions do too. */
async function cookieSecret(deps: AppDeps): Promise<string> {
  const row = await deps.db.kysely.selectFrom('meta').select('value').where('key', '=', 'cookie_secret').executeTakeFirst();
  if (row) return row.value;
  const value = randomBytes(32).toString('base64url');
  await deps.db.kysely.insertInto('meta').values({ key: 'cookie_secret', value }).onConflict((oc) => oc.column('key').doNothing()).execute();
  return (await deps.db.kysely.selectFrom('meta').select('value').where('key', '=', 'cookie_secret').executeTakeFirstOrThrow()).value;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: 1024 * 1024,
    // A report upload may be large; the route sets its own limit.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    trustProxy: false,
  });
  // Before any route: every route's preHandlers and handler are counted while they run (graceful shutdown).
  app.decorate('inFlight', trackInFlight(app));
  const maxUpload = deps.maxUploadBytes ?? 64 * 1024 * 1024;
  // JSON lines (admission decisions, runtime alerts): one JSON object per line, blank lines ignored.
  app.addContentTypeParser(JSON_LINES, { parseAs: 'string', bodyLimit: maxUpload }, (_req, body, done) => {
    const out: unknown[] = [];
    const lines = (body as string).split('\n');
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!.trim();
      if (!l) continue;
      try { out.push(JSON.parse(l)); } catch {
        const err = new Error(`line ${i + 1}: not JSON`) as FastifyError;
        err.statusCode = 400;
        done(err, undefined);
        return;
      }
    }
    done(null, out);
  });
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (isBulwarkError(err)) {
      const status = err.code === 'INTERNAL' ? 500 : 400;
      return reply.code(status).send({ error: err.code.toLowerCase(), message: redactText(err.message) });
    }
    if (err.validation) return reply.code(400).send({ error: 'bad_request', message: err.message });
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) deps.logger.warn(`${req.method} ${req.url.split('?')[0]}: ${redactText(err.message)}`);
    return reply.code(status).send({ error: status === 429 ? 'rate_limited' : status >= 500 ? 'internal' : 'bad_request', message: status >= 500 ? 'internal error' : redactText(err.message) });
  });
  app.addHook('onSend', async (_req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
  });
  await app.register(cookie, { secret: await cookieSecret(deps) });
  await app.register(csrf, { sessionPlugin: '@fastify/cookie', cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true, signed: true, secure: deps.secureCookies ?? false } });
  await app.register(rateLimit, {
    max: deps.rateLimit ?? 1200, timeWindow: '1 minute',
    // Per token id when one is presented (never the secret part), else per client address.
    keyGenerator: (req) => /bwk_([0-9a-f]{12})_/.exec(req.headers.authorization ?? '')?.[1] ?? req.ip,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Bulwark server API', version: TOOL_VERSION, description: 'Portfolio of scanned images, findings, clusters, admission decisions and runtime alerts. See docs/server.md.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'bulwark_session' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  const guard = makeGuard(app, deps);
  app.get('/api/health', { schema: { hide: false, security: [], response: { 200: { type: 'object', properties: { status: { type: 'string' }, version: { type: 'string' }, database: { type: 'string' }, queue: { type: 'string' } } } } } },
    async () => ({ status: 'ok', version: TOOL_VERSION, database: deps.db.dialect, queue: deps.queue.kind }));
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  const ctx = { deps: { ...deps, cache: responseCache(deps.db, pageCacheOptions()) }, guard };
  await app.register(sessionRoutes(ctx));
  await app.register(imageRoutes(ctx));
  await app.register(findingRoutes(ctx));
  await app.register(ingestRoutes(ctx, maxUpload));
  await app.register(scanRoutes(ctx));
  await app.register(portfolioRoutes(ctx));
  await app.register(clusterRoutes(ctx));
  await app.register(adminRoutes(ctx));
  // Attack paths from the store (#17; added by the webui work): src/server/routes/graph.ts.
  await app.register(graphRoutes(ctx, maxUpload));
  if (deps.uiDir) await app.register(staticUi(deps.uiDir));
  else app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.type('text/plain').send('Bulwark server: API at /api (OpenAPI: /api/openapi.json); no UI directory configured.\n'));
  await app.ready();
  return app;
}

/** `BULWARK_SERVER_PAGE_CACHE_MS`: how long a serialised list page may be reused (0: never; benchmarks of the queries). */
function pageCacheOptions(): { ttlMs?: number } {
  const raw = process.env.BULWARK_SERVER_PAGE_CACHE_MS;
  const ms = raw === undefined || raw === '' ? NaN : Number(raw);
  return Number.isFinite(ms) && ms >= 0 ? { ttlMs: ms } : {};
}
