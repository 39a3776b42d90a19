/** Scan requests by image reference (a worker pulls and scans) and re-evaluation runs. */
import type { FastifyPluginAsync } from 'fastify';
import { audit, getScanRequest, listRuns, listScanRequests } from '../../store/index.js';
import type { RouteCtx } from '../context.js';

export const scanRoutes = ({ deps, guard }: RouteCtx): FastifyPluginAsync => async (app) => {
  app.post<{ Body: { reference: string; insecure?: boolean; platform?: string } }>('/api/scans', {
    preHandler: guard('scan'),
    schema: {
      tags: ['scans'], summary: 'queue a scan of an image reference; poll GET /api/scans/{id}',
      body: {
        type: 'object', required: ['reference'], additionalProperties: false,
        properties: {
          reference: { type: 'string', minLength: 1, maxLength: 1000, pattern: '^[^\\s]+$' }, insecure: { type: 'boolean', description: 'plain HTTP / unverified TLS registry' },
          platform: { type: 'string', pattern: '^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?$' },
        },
      },
    },
  }, async (req, reply) => {
    const id = await deps.queue.enqueueScan(req.body.reference, { ...(req.body.insecure ? { insecure: true } : {}), ...(req.body.platform ? { platform: req.body.platform } : {}) });
    return reply.code(202).send({ id, status: 'queued' });
  });
  app.get<{ Params: { id: string } }>('/api/scans/:id', {
    preHandler: guard('read'),
    schema: { tags: ['scans'], summary: 'a scan request: queued, running, done (imageId) or failed (error)', params: { type: 'object', properties: { id: { type: 'string', maxLength: 100 } } } },
  }, async (req, reply) => (await getScanRequest(deps.db, req.params.id)) ?? reply.code(404).send({ error: 'not_found', message: 'no such scan request' }));
  app.get<{ Querystring: { limit: number } }>('/api/scans', {
    preHandler: guard('read'),
    schema: { tags: ['scans'], summary: 'recent scan requests', querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 } } } },
  }, async (req) => ({ items: await listScanRequests(deps.db, req.query.limit) }));
  app.post('/api/reevaluations', {
    preHandler: guard('admin'),
    schema: { tags: ['scans'], summary: 're-match every stored inventory against the current vulnerability database now' },
  }, async (req, reply) => {
    const id = await deps.queue.enqueueReevaluation('api');
    await audit(deps.db, req.auth!.tokenId, 'reevaluation.start', id);
    return reply.code(202).send({ id });
  });
  app.get<{ Querystring: { limit: number } }>('/api/reevaluations', {
    preHandler: guard('read'),
    schema: { tags: ['scans'], summary: 're-evaluation runs, newest first', querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 20 } } } },
  }, async (req) => ({ items: await listRuns(deps.db, req.query.limit) }));
};
