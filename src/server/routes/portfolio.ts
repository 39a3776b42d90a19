/** Portfolio questions: package X in versions Y..Z, where is CVE-… (and is it fixed anywhere), images by base OS / EOL. */
import type { FastifyPluginAsync } from 'fastify';
import { imagesByOs, imagesWithPackage, whereIsVulnerability } from '../../store/index.js';
import type { RouteCtx } from '../context.js';

export const portfolioRoutes = ({ deps, guard }: RouteCtx): FastifyPluginAsync => async (app) => {
  app.get<{ Querystring: { name: string; ecosystem?: string; from?: string; to?: string; limit: number } }>('/api/portfolio/packages', {
    preHandler: guard('read'),
    schema: {
      tags: ['portfolio'], summary: 'images containing a package, optionally in versions from..to (inclusive, in the ecosystem\'s own version order)',
      querystring: {
        type: 'object', required: ['name'], additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 300 }, ecosystem: { type: 'string', maxLength: 50 }, from: { type: 'string', maxLength: 200 }, to: { type: 'string', maxLength: 200 },
          limit: { type: 'integer', minimum: 1, maximum: 10000, default: 1000 },
        },
      },
    },
  }, async (req) => imagesWithPackage(deps.db, req.query));
  app.get<{ Params: { id: string } }>('/api/portfolio/vulnerabilities/:id', {
    preHandler: guard('read'),
    schema: { tags: ['portfolio'], summary: 'where a vulnerability (or any advisory aliasing it) affects images, and where it was fixed', params: { type: 'object', properties: { id: { type: 'string', maxLength: 200 } } } },
  }, async (req) => whereIsVulnerability(deps.db, req.params.id));
  app.get<{ Querystring: { eolBefore?: string } }>('/api/portfolio/os', {
    preHandler: guard('read'),
    schema: {
      tags: ['portfolio'], summary: 'images grouped by base OS release with end-of-life state and date',
      querystring: { type: 'object', additionalProperties: false, properties: { eolBefore: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'only releases whose EOL date is on or before' } } },
    },
  }, async (req) => ({ items: await imagesByOs(deps.db, req.query) }));
};
