/** Findings across the portfolio (filtered and paged in SQL), vulnerability details, suppressions and VEX. */
import type { FastifyPluginAsync } from 'fastify';
import { addSuppression, audit, deleteSuppression, JUSTIFICATIONS, listFindings, listSuppressions, openVex, vulnerabilityDetail, whereIsVulnerability } from '../../store/index.js';
import { pageQuery, SEVERITY_ENUM, type RouteCtx } from '../context.js';

const findingSchema = {
  type: 'object',
  properties: {
    imageId: { type: 'string' }, reference: { type: 'string' }, vulnerability: { type: 'string' }, title: { type: ['string', 'null'] },
    package: { type: 'object', properties: { name: { type: 'string' }, version: { type: 'string' }, ecosystem: { type: 'string' }, purl: { type: 'string' } } },
    severity: { type: 'string' }, status: { type: 'string' }, fixedVersion: { type: ['string', 'null'] }, kev: { type: 'boolean' }, epss: { type: ['number', 'null'] },
    state: { type: 'string' }, firstSeen: { type: 'string' }, resolvedAt: { type: ['string', 'null'] },
  },
} as const;

interface FindingQuery {
  severity?: string; state?: string; vulnerability?: string; package?: string; image?: string; kev?: boolean; fixable?: boolean; ecosystem?: string;
  limit: number; cursor?: string; count?: boolean;
}

// A page's serialised body, kept on the page object itself (so it lives exactly as long as the page: no map that
// would keep pages past their requests, which measurably raised GC time when nothing is shared).
const BODY = Symbol('body');

export const findingRoutes = ({ deps, guard }: RouteCtx): FastifyPluginAsync => async (app) => {
  app.get<{ Querystring: FindingQuery }>('/api/findings', {
    preHandler: guard('read'),
    schema: {
      tags: ['findings'], summary: 'vulnerability findings, most severe first',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          severity: { type: 'string', enum: [...SEVERITY_ENUM], description: 'this severity and above' },
          state: { type: 'string', enum: ['open', 'fixed', 'suppressed'], default: 'open' },
          vulnerability: { type: 'string', maxLength: 200 }, package: { type: 'string', maxLength: 300 }, image: { type: 'string', maxLength: 300 },
          ecosystem: { type: 'string', maxLength: 50 }, kev: { type: 'boolean' }, fixable: { type: 'boolean' }, count: { type: 'boolean' }, ...pageQuery,
        },
      },
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: findingSchema }, next: { type: ['string', 'null'] }, total: { type: 'integer' } } } },
    },
  }, async (req, reply) => reply.type('application/json; charset=utf-8').send(await deps.cache.get(req.url, () => listFindings(deps.db, req.query), (v) => {
    // Requests whose reads shared one execution get the same page object (listFindings): serialised once.
    const page = v as { [BODY]?: string };
    return page[BODY] ??= reply.serialize(v) as string;
  })));
  app.get<{ Params: { id: string } }>('/api/vulnerabilities/:id', {
    preHandler: guard('read'),
    schema: { tags: ['findings'], summary: 'a vulnerability: stored text (description, CVSS, references) and where it is', params: { type: 'object', properties: { id: { type: 'string', maxLength: 200 } } } },
  }, async (req, reply) => {
    const [detail, where] = await Promise.all([vulnerabilityDetail(deps.db, req.params.id), whereIsVulnerability(deps.db, req.params.id)]);
    if (!detail && !where.affected.length && !where.fixedIn.length) return reply.code(404).send({ error: 'not_found', message: 'vulnerability not seen in any image' });
    return { detail: detail ?? null, ...where };
  });
  app.get('/api/suppressions', { preHandler: guard('read'), schema: { tags: ['suppressions'], summary: 'suppression rules' } }, async () => ({ items: await listSuppressions(deps.db) }));
  app.post<{ Body: { vulnerability: string; purl?: string; imageId?: string; justification: string; statement?: string } }>('/api/suppressions', {
    preHandler: guard('scan'),
    schema: {
      tags: ['suppressions'], summary: 'suppress a vulnerability (everywhere, for a package purl prefix, or for one image); exported as VEX',
      body: {
        type: 'object', required: ['vulnerability', 'justification'], additionalProperties: false,
        properties: {
          vulnerability: { type: 'string', minLength: 1, maxLength: 200 }, purl: { type: 'string', pattern: '^pkg:', maxLength: 1000 }, imageId: { type: 'string', maxLength: 300 },
          justification: { type: 'string', enum: [...JUSTIFICATIONS] }, statement: { type: 'string', maxLength: 4000 },
        },
      },
    },
  }, async (req, reply) => {
    const r = await addSuppression(deps.db, req.body, req.auth!.tokenId);
    await audit(deps.db, req.auth!.tokenId, 'suppression.create', r.id, req.body);
    return reply.code(201).send(r);
  });
  app.delete<{ Params: { id: string } }>('/api/suppressions/:id', {
    preHandler: guard('scan'),
    schema: { tags: ['suppressions'], summary: 'delete a suppression (its findings reopen)', params: { type: 'object', properties: { id: { type: 'string', maxLength: 100 } } } },
  }, async (req, reply) => {
    if (!(await deleteSuppression(deps.db, req.params.id))) return reply.code(404).send({ error: 'not_found', message: 'no such suppression' });
    await audit(deps.db, req.auth!.tokenId, 'suppression.delete', req.params.id);
    return reply.code(204).send();
  });
  app.get('/api/vex', { preHandler: guard('read'), schema: { tags: ['suppressions'], summary: 'the suppressions as an OpenVEX document (for `bulwark image --vex`)' } },
    async (_req, reply) => reply.type('application/json').header('content-disposition', 'attachment; filename="bulwark.openvex.json"').send(await openVex(deps.db, 'bulwark-server')));
};
