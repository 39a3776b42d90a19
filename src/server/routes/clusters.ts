/** Read side of what clusters send: posture per namespace, admission decisions, runtime alerts. */
import type { FastifyPluginAsync } from 'fastify';
import { getSnapshot, listAlerts, listClusters, listDecisions } from '../../store/index.js';
import { pageQuery, type RouteCtx } from '../context.js';

export const clusterRoutes = ({ deps, guard }: RouteCtx): FastifyPluginAsync => async (app) => {
  app.get('/api/clusters', { preHandler: guard('read'), schema: { tags: ['clusters'], summary: 'clusters with their latest posture snapshot (finding counts per namespace)' } },
    async () => ({ items: await listClusters(deps.db) }));
  app.get<{ Params: { id: string } }>('/api/snapshots/:id', {
    preHandler: guard('read'),
    schema: { tags: ['clusters'], summary: 'a posture snapshot (the uploaded Kubernetes report)', params: { type: 'object', properties: { id: { type: 'string', maxLength: 100 } } } },
  }, async (req, reply) => (await getSnapshot(deps.db, req.params.id)) ?? reply.code(404).send({ error: 'not_found', message: 'no such snapshot' }));
  app.get<{ Querystring: { allowed?: boolean; namespace?: string; cluster?: string; limit: number; cursor?: string } }>('/api/decisions', {
    preHandler: guard('read'),
    schema: {
      tags: ['clusters'], summary: 'admission decisions, newest first',
      querystring: { type: 'object', additionalProperties: false, properties: { allowed: { type: 'boolean' }, namespace: { type: 'string', maxLength: 253 }, cluster: { type: 'string', maxLength: 200 }, ...pageQuery } },
    },
  }, async (req) => listDecisions(deps.db, req.query));
  app.get<{ Querystring: { priority?: string; namespace?: string; rule?: string; limit: number; cursor?: string } }>('/api/alerts', {
    preHandler: guard('read'),
    schema: {
      tags: ['clusters'], summary: 'runtime alerts, newest first',
      querystring: { type: 'object', additionalProperties: false, properties: { priority: { type: 'string', maxLength: 20 }, namespace: { type: 'string', maxLength: 253 }, rule: { type: 'string', maxLength: 500 }, ...pageQuery } },
    },
  }, async (req) => listAlerts(deps.db, req.query));
};
