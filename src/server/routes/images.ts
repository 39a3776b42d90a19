/** Images: list (filtered, paged), one image, its stored report, and that report in every output format. */
import type { FastifyPluginAsync } from 'fastify';
import { reportFormats, writerFor } from '../../reports/index.js';
import { getImage, imageReport, listImages, listEvents, findingsOverTime, type ImageSummary } from '../../store/index.js';
import { pageQuery, SEVERITY_ENUM, type RouteCtx } from '../context.js';

const imageSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' }, kind: { type: 'string' }, reference: { type: 'string' }, repository: { type: ['string', 'null'] },
    os: { type: ['object', 'null'], properties: { family: { type: 'string' }, version: { type: ['string', 'null'] }, eol: { type: 'boolean' }, eolDate: { type: ['string', 'null'] } } },
    packages: { type: 'integer' },
    vulnerabilities: { type: 'object', properties: { critical: { type: 'integer' }, high: { type: 'integer' }, medium: { type: 'integer' }, low: { type: 'integer' }, unknown: { type: 'integer' } } },
    kev: { type: 'integer' }, firstSeen: { type: 'string' }, lastScanned: { type: 'string' }, dbBuiltAt: { type: ['string', 'null'] },
  },
} as const;

const MEDIA: Record<string, string> = {
  json: 'application/json', cyclonedx: 'application/vnd.cyclonedx+json', 'spdx-json': 'application/spdx+json', sarif: 'application/sarif+json',
  junit: 'application/xml', html: 'text/html; charset=utf-8', table: 'text/plain; charset=utf-8', 'policy-report': 'application/json',
};

interface ImageQuery { q?: string; os?: string; osVersion?: string; eol?: boolean; severity?: string; kev?: boolean; kind?: string; limit: number; cursor?: string; count?: boolean }

export const imageRoutes = ({ deps, guard }: RouteCtx): FastifyPluginAsync => async (app) => {
  app.get<{ Querystring: ImageQuery }>('/api/images', {
    preHandler: guard('read'),
    schema: {
      tags: ['images'], summary: 'images, most recently scanned first',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          q: { type: 'string', maxLength: 200, description: 'substring of the reference' }, os: { type: 'string', maxLength: 50 }, osVersion: { type: 'string', maxLength: 50 },
          eol: { type: 'boolean' }, severity: { type: 'string', enum: [...SEVERITY_ENUM], description: 'at least one finding of this severity or above' },
          kev: { type: 'boolean' }, kind: { type: 'string', enum: ['image', 'sbom'] }, count: { type: 'boolean', description: 'also return the total' }, ...pageQuery,
        },
      },
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: imageSchema }, next: { type: ['string', 'null'] }, total: { type: 'integer' } } } },
    },
  }, async (req, reply) => {
    const { os, ...rest } = req.query;
    return reply.type('application/json; charset=utf-8').send(await deps.cache.get(req.url, () => listImages(deps.db, { ...rest, ...(os ? { osFamily: os } : {}) }), (v) => reply.serialize(v) as string));
  });
  app.get<{ Params: { id: string } }>('/api/images/:id', {
    preHandler: guard('read'),
    schema: { tags: ['images'], summary: 'one image', params: { type: 'object', properties: { id: { type: 'string', maxLength: 300 } } }, response: { 200: imageSchema } },
  }, async (req, reply) => (await getImage(deps.db, req.params.id)) ?? reply.code(404).send({ error: 'not_found', message: 'no such image' }) as unknown as ImageSummary);
  app.get<{ Params: { id: string }; Querystring: { format: string } }>('/api/images/:id/report', {
    preHandler: guard('read'),
    schema: {
      tags: ['images'], summary: 'the stored report (packages, current findings, layers, config, secrets, misconfigurations, licenses) in any output format',
      params: { type: 'object', properties: { id: { type: 'string', maxLength: 300 } } },
      querystring: { type: 'object', additionalProperties: false, properties: { format: { type: 'string', enum: reportFormats(), default: 'json' } } },
    },
  }, async (req, reply) => {
    const report = await imageReport(deps.db, req.params.id);
    if (!report) return reply.code(404).send({ error: 'not_found', message: 'no such image' });
    const out = (await writerFor(req.query.format))(report, {});
    const ext = { cyclonedx: 'cdx.json', 'spdx-json': 'spdx.json', sarif: 'sarif', junit: 'xml', html: 'html', table: 'txt' }[req.query.format] ?? 'json';
    if (req.query.format !== 'json' && req.query.format !== 'html') reply.header('content-disposition', `attachment; filename="bulwark-${req.params.id.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 40)}.${ext}"`);
    // The HTML report is a standalone page: it must not run with the API origin's cookies.
    if (req.query.format === 'html') reply.header('content-security-policy', "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    return reply.type(MEDIA[req.query.format] ?? 'application/octet-stream').send(out);
  });
  app.get<{ Querystring: { kind?: string; since?: string; severity?: string; limit: number; cursor?: string } }>('/api/events', {
    preHandler: guard('read'),
    schema: {
      tags: ['findings'], summary: 'newly affecting and newly fixed findings, newest first',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { kind: { type: 'string', enum: ['new', 'fixed'] }, since: { type: 'string', format: 'date-time' }, severity: { type: 'string', enum: [...SEVERITY_ENUM] }, ...pageQuery },
      },
    },
  }, async (req) => listEvents(deps.db, req.query));
  app.get<{ Querystring: { days: number } }>('/api/stats/findings-over-time', {
    preHandler: guard('read'),
    schema: {
      tags: ['findings'], summary: 'open findings per day and severity',
      querystring: { type: 'object', additionalProperties: false, properties: { days: { type: 'integer', minimum: 1, maximum: 365, default: 30 } } },
    },
  }, async (req) => ({ days: await findingsOverTime(deps.db, { days: req.query.days }) }));
};
