/** UI sessions: a token is exchanged once for an HttpOnly, SameSite=Strict cookie plus a CSRF token. */
import type { FastifyPluginAsync } from 'fastify';
import { createSession, deleteSession, verifyToken } from '../../store/index.js';
import { SESSION_COOKIE } from '../auth.js';
import type { RouteCtx } from '../context.js';

const sessionOut = { type: 'object', properties: { scope: { type: 'string' }, csrfToken: { type: 'string' }, expiresAt: { type: 'string' } } } as const;

export const sessionRoutes = ({ deps, guard }: RouteCtx): FastifyPluginAsync => async (app) => {
  const ttl = deps.sessionTtl ?? 12 * 3600;
  app.post<{ Body: { token: string } }>('/api/session', {
    // Login is rate limited harder than the rest: guessing tokens must stay hopeless.
    config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: {
      tags: ['session'], summary: 'exchange a token for a UI session cookie', security: [],
      body: { type: 'object', required: ['token'], additionalProperties: false, properties: { token: { type: 'string', minLength: 1, maxLength: 200 } } },
      response: { 200: sessionOut },
    },
  }, async (req, reply) => {
    const t = await verifyToken(deps.db, req.body.token);
    if (!t) return reply.code(401).send({ error: 'unauthorized', message: 'invalid or revoked token' });
    const s = await createSession(deps.db, t.id, t.scope, ttl);
    reply.setCookie(SESSION_COOKIE, s.cookie, { path: '/', httpOnly: true, sameSite: 'strict', secure: deps.secureCookies ?? false, signed: true, maxAge: ttl });
    return { scope: t.scope, csrfToken: reply.generateCsrf(), expiresAt: s.expiresAt };
  });
  app.get('/api/session', {
    preHandler: guard('read'),
    schema: { tags: ['session'], summary: 'the current session and a fresh CSRF token', response: { 200: sessionOut } },
  }, async (req, reply) => ({ scope: req.auth!.scope, csrfToken: reply.generateCsrf() }));
  app.delete('/api/session', {
    preHandler: guard('read'),
    schema: { tags: ['session'], summary: 'log out (delete the session)' },
  }, async (req, reply) => {
    const raw = req.cookies[SESSION_COOKIE];
    const v = raw ? req.unsignCookie(raw) : undefined;
    if (v?.valid && v.value) await deleteSession(deps.db, v.value);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });
};
