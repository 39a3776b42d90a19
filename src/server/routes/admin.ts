/** Admin (scope `admin`): tokens, webhooks, the audit log. Every change is written to the audit log. */
import type { FastifyPluginAsync } from 'fastify';
import { addWebhook, audit, createToken, deleteWebhook, listAudit, listTokens, listWebhooks, revokeToken, SCOPES, type Scope, type WebhookInput } from '../../store/index.js';
import { clearVerifiedTokens } from '../auth.js';
import { pageQuery, SEVERITY_ENUM, type RouteCtx } from '../context.js';

export const adminRoutes = ({ deps, guard }: RouteCtx): FastifyPluginAsync => async (app) => {
  app.get('/api/tokens', { preHandler: guard('admin'), schema: { tags: ['admin'], summary: 'tokens (never their secret)' } }, async () => ({ items: await listTokens(deps.db) }));
  app.post<{ Body: { scope: Scope; name?: string } }>('/api/tokens', {
    preHandler: guard('admin'),
    schema: {
      tags: ['admin'], summary: 'create a token; the response is the only time it is shown',
      body: { type: 'object', required: ['scope'], additionalProperties: false, properties: { scope: { type: 'string', enum: [...SCOPES] }, name: { type: 'string', maxLength: 200 } } },
    },
  }, async (req, reply) => {
    const t = await createToken(deps.db, req.body.scope, req.body.name ?? '');
    await audit(deps.db, req.auth!.tokenId, 'token.create', t.id, { scope: req.body.scope, name: req.body.name ?? '' });
    return reply.code(201).send({ id: t.id, scope: req.body.scope, token: t.token });
  });
  app.delete<{ Params: { id: string } }>('/api/tokens/:id', {
    preHandler: guard('admin'),
    schema: { tags: ['admin'], summary: 'revoke a token (its sessions end too)', params: { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9a-f]{12}$' } } } },
  }, async (req, reply) => {
    const revoked = await revokeToken(deps.db, req.params.id);
    clearVerifiedTokens();
    if (!revoked) return reply.code(404).send({ error: 'not_found', message: 'no such active token' });
    await audit(deps.db, req.auth!.tokenId, 'token.revoke', req.params.id);
    return reply.code(204).send();
  });
  app.get('/api/webhooks', { preHandler: guard('admin'), schema: { tags: ['admin'], summary: 'notification webhooks (secrets masked)' } }, async () => ({ items: await listWebhooks(deps.db) }));
  app.post<{ Body: WebhookInput }>('/api/webhooks', {
    preHandler: guard('admin'),
    schema: {
      tags: ['admin'], summary: 'add a webhook for newly affecting / fixed findings (json: HMAC-signed; slack: incoming-webhook payload)',
      body: {
        type: 'object', required: ['url', 'format'], additionalProperties: false,
        properties: {
          url: { type: 'string', pattern: '^https?://', maxLength: 2000 }, format: { type: 'string', enum: ['json', 'slack'] }, secret: { type: 'string', minLength: 16, maxLength: 200 },
          minSeverity: { type: 'string', enum: [...SEVERITY_ENUM] }, kevOnly: { type: 'boolean' }, namespaces: { type: 'array', maxItems: 500, items: { type: 'string', maxLength: 253 } },
        },
      },
    },
  }, async (req, reply) => {
    const w = await addWebhook(deps.db, req.body);
    await audit(deps.db, req.auth!.tokenId, 'webhook.create', w.id, { url: w.url, format: w.format });
    return reply.code(201).send(w);
  });
  app.delete<{ Params: { id: string } }>('/api/webhooks/:id', {
    preHandler: guard('admin'),
    schema: { tags: ['admin'], summary: 'delete a webhook', params: { type: 'object', properties: { id: { type: 'string', maxLength: 100 } } } },
  }, async (req, reply) => {
    if (!(await deleteWebhook(deps.db, req.params.id))) return reply.code(404).send({ error: 'not_found', message: 'no such webhook' });
    await audit(deps.db, req.auth!.tokenId, 'webhook.delete', req.params.id);
    return reply.code(204).send();
  });
  app.get<{ Querystring: { limit: number; cursor?: string } }>('/api/audit', {
    preHandler: guard('admin'),
    schema: { tags: ['admin'], summary: 'audit log of admin actions, newest first', querystring: { type: 'object', additionalProperties: false, properties: { ...pageQuery } } },
  }, async (req) => listAudit(deps.db, req.query));
};
