/**
 * Inputs (scope `scan`): Bulwark JSON reports, CycloneDX/SPDX SBOMs, Kubernetes posture snapshots, admission
 * decisions and runtime alerts (JSON lines or a JSON array). The registry and runtime components post here.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Report } from '../../core/index.js';
import { addAlerts, addDecisions, addSnapshot, ingestReport, ingestSbom, type AlertInput, type DecisionInput, type Workload } from '../../store/index.js';
import type { RouteCtx } from '../context.js';

const ingestOut = {
  type: 'object',
  properties: { imageId: { type: 'string' }, created: { type: 'boolean' }, packages: { type: 'integer' }, findings: { type: 'integer' }, newFindings: { type: 'integer' }, fixedFindings: { type: 'integer' }, warnings: { type: 'array', items: { type: 'string' } } },
} as const;

/** The envelope of a Bulwark JSON report (docs/report.schema.json); deeper fields are checked by the code that reads them. */
const reportBody = {
  type: 'object', required: ['schemaVersion', 'tool', 'target', 'packages', 'vulnerabilities'],
  properties: {
    schemaVersion: { type: 'integer', minimum: 1, maximum: 1 },
    tool: { type: 'object', required: ['name'], properties: { name: { const: 'bulwark' } } },
    target: { type: 'object', required: ['type', 'name'], properties: { type: { type: 'string' }, name: { type: 'string', maxLength: 2000 } } },
    packages: { type: 'array', maxItems: 200000, items: { type: 'object', required: ['name', 'version', 'ecosystem', 'purl'], properties: { name: { type: 'string' }, version: { type: 'string' }, ecosystem: { type: 'string' }, purl: { type: 'string' } } } },
    vulnerabilities: { type: 'array', maxItems: 500000 },
    secrets: { type: 'array' }, misconfigurations: { type: 'array' }, licenses: { type: 'array' }, warnings: { type: 'array', items: { type: 'string' } },
  },
} as const;

const decisionItem = {
  type: 'object', required: ['allowed'],
  properties: {
    at: { type: 'string', format: 'date-time' }, cluster: { type: 'string', maxLength: 200 }, namespace: { type: 'string', maxLength: 253 }, kind: { type: 'string', maxLength: 100 },
    name: { type: 'string', maxLength: 253 }, operation: { type: 'string', maxLength: 20 }, allowed: { type: 'boolean' }, reason: { type: 'string', maxLength: 10000 },
    images: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 1000 } },
  },
} as const;

const alertItem = {
  type: 'object', required: ['rule'],
  properties: {
    time: { type: 'string', format: 'date-time' }, at: { type: 'string', format: 'date-time' }, rule: { type: 'string', minLength: 1, maxLength: 500 }, priority: { type: 'string', maxLength: 20 },
    output: { type: 'string', maxLength: 20000 }, cluster: { type: 'string', maxLength: 200 }, namespace: { type: 'string', maxLength: 253 }, pod: { type: 'string', maxLength: 253 },
    container: { type: 'string', maxLength: 253 }, image: { type: 'string', maxLength: 1000 }, output_fields: { type: 'object' },
  },
} as const;

const listBody = (item: object) => ({ oneOf: [{ type: 'array', maxItems: 100000, items: item }, item] });

export const ingestRoutes = ({ deps, guard }: RouteCtx, maxUpload: number): FastifyPluginAsync => async (app) => {
  const counts = (r: Awaited<ReturnType<typeof ingestReport>>) => ({
    imageId: r.imageId, created: r.created, packages: r.packages, findings: r.findings,
    newFindings: r.changes.filter((c) => c.kind === 'new').length, fixedFindings: r.changes.filter((c) => c.kind === 'fixed').length, warnings: r.warnings,
  });
  app.post<{ Body: Report; Querystring: { reference?: string } }>('/api/reports', {
    preHandler: guard('scan'), bodyLimit: maxUpload,
    schema: {
      tags: ['inputs'], summary: 'upload a Bulwark JSON report (`bulwark image … --server URL` does this)',
      querystring: { type: 'object', additionalProperties: false, properties: { reference: { type: 'string', maxLength: 1000 } } },
      body: reportBody, response: { 201: ingestOut },
    },
  }, async (req, reply) => {
    const matcher = await deps.openMatcher();
    try {
      const r = await ingestReport(deps.db, req.body, { matcher, ...(req.query.reference ? { reference: req.query.reference } : {}) });
      return reply.code(201).send(counts(r));
    } finally { matcher.close(); }
  });
  app.post<{ Body: Record<string, unknown>; Querystring: { reference?: string; digest?: string } }>('/api/sboms', {
    preHandler: guard('scan'), bodyLimit: maxUpload,
    schema: {
      tags: ['inputs'], summary: 'upload a CycloneDX (1.2-1.7) or SPDX (2.1-2.3) JSON SBOM; matched against the server database',
      querystring: { type: 'object', additionalProperties: false, properties: { reference: { type: 'string', maxLength: 1000 }, digest: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' } } },
      body: { type: 'object' }, response: { 201: ingestOut },
    },
  }, async (req, reply) => {
    const matcher = await deps.openMatcher();
    try {
      const r = await ingestSbom(deps.db, JSON.stringify(req.body), { matcher, ...req.query });
      return reply.code(201).send(counts(r));
    } finally { matcher.close(); }
  });
  app.post<{ Params: { cluster: string }; Body: Report & { workloads?: Workload[] } }>('/api/clusters/:cluster/snapshots', {
    preHandler: guard('scan'), bodyLimit: maxUpload,
    schema: {
      tags: ['inputs'], summary: 'upload a Kubernetes posture report (`bulwark k8s … --server URL`); optional `workloads` link images to namespaces',
      params: { type: 'object', properties: { cluster: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$' } } },
      body: {
        type: 'object', required: ['schemaVersion', 'target', 'misconfigurations'],
        properties: {
          target: { type: 'object', required: ['type'], properties: { type: { const: 'kubernetes' } } },
          misconfigurations: { type: 'array', maxItems: 1000000 },
          workloads: { type: 'array', maxItems: 100000, items: { type: 'object', required: ['namespace', 'images'], properties: { namespace: { type: 'string', maxLength: 253 }, kind: { type: 'string' }, name: { type: 'string' }, images: { type: 'array', items: { type: 'string', maxLength: 1000 } } } } },
        },
      },
    },
  }, async (req, reply) => {
    const { workloads, ...report } = req.body;
    return reply.code(201).send(await addSnapshot(deps.db, req.params.cluster, report as Report, workloads ?? []));
  });
  app.post<{ Body: DecisionInput | DecisionInput[]; Querystring: { cluster?: string } }>('/api/decisions', {
    preHandler: guard('scan'), bodyLimit: maxUpload,
    schema: {
      tags: ['inputs'], summary: 'admission decisions: JSON lines (application/x-ndjson), a JSON array, or one object',
      querystring: { type: 'object', additionalProperties: false, properties: { cluster: { type: 'string', maxLength: 200 } } },
      body: listBody(decisionItem),
    },
  }, async (req, reply) => {
    const list = Array.isArray(req.body) ? req.body : [req.body];
    return reply.code(201).send({ accepted: await addDecisions(deps.db, list, req.query.cluster ?? deps.defaultCluster ?? 'default') });
  });
  app.post<{ Body: AlertInput | AlertInput[]; Querystring: { cluster?: string } }>('/api/alerts', {
    preHandler: guard('scan'), bodyLimit: maxUpload,
    schema: {
      tags: ['inputs'], summary: 'runtime alerts (Falco JSON output fields accepted): JSON lines, a JSON array, or one object',
      querystring: { type: 'object', additionalProperties: false, properties: { cluster: { type: 'string', maxLength: 200 } } },
      body: listBody(alertItem),
    },
  }, async (req, reply) => {
    const list = Array.isArray(req.body) ? req.body : [req.body];
    return reply.code(201).send({ accepted: await addAlerts(deps.db, list, req.query.cluster ?? deps.defaultCluster ?? 'default') });
  });
};
