/**
 * Attack paths from the server's store (#17): a cluster's workload objects (uploaded by `bulwark graph
 * --server URL --upload CLUSTER`) joined to the stored, continuously re-evaluated image results, computed
 * on each request by the same src/graph code as the CLI and rendered by its renderers (JSON, HTML, DOT,
 * Mermaid, table). `POST /api/graph/reports` gives the CLI the stored results for its own graph.
 */
import type { FastifyPluginAsync } from 'fastify';
import { attackGraphOf, GRAPH_FORMATS, objectsFromJson, renderAttackGraph, strippedObjects, workloadImages, type GraphFormat } from '../../scan/index.js';
import { audit, loadClusterObjects, reportsForImages, saveClusterObjects } from '../../store/index.js';
import type { RouteCtx } from '../context.js';

const CLUSTER = { type: 'object', properties: { cluster: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$' } } } as const;
const MEDIA: Record<GraphFormat, string> = {
  json: 'application/json', html: 'text/html; charset=utf-8', dot: 'text/vnd.graphviz; charset=utf-8', mermaid: 'text/plain; charset=utf-8', table: 'text/plain; charset=utf-8',
};
/** The graph page runs its own inline script: only in a sandbox (opaque origin, no cookies, no API), framed by the UI alone. */
const GRAPH_CSP = "sandbox allow-scripts; default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

const list = (s: string | undefined) => s?.split(',').map((x) => x.trim()).filter(Boolean);

export const graphRoutes = ({ deps, guard }: RouteCtx, maxUpload: number): FastifyPluginAsync => async (app) => {
  // Runs after the application's own onSend hook: the graph page may be framed by the UI (same origin).
  app.addHook('onSend', async (req, reply) => {
    if (req.routeOptions.url === '/api/clusters/:cluster/graph' && (req.query as { format?: string }).format === 'html') reply.header('x-frame-options', 'SAMEORIGIN');
  });
  app.post<{ Body: { images: string[] } }>('/api/graph/reports', {
    preHandler: guard('read'),
    schema: {
      tags: ['graph'], summary: 'stored reports of the given image references (by digest or scanned reference), for `bulwark graph --server`',
      body: { type: 'object', required: ['images'], additionalProperties: false, properties: { images: { type: 'array', maxItems: 5000, items: { type: 'string', minLength: 1, maxLength: 1000 } } } },
    },
  }, async (req) => reportsForImages(deps.db, req.body.images));
  app.put<{ Params: { cluster: string }; Body: { items: unknown[] } }>('/api/clusters/:cluster/objects', {
    preHandler: guard('scan'), bodyLimit: maxUpload,
    schema: {
      tags: ['graph'], summary: 'store a cluster\'s Kubernetes objects for its attack graph (replaces the previous upload); Secret/ConfigMap payloads are dropped',
      params: CLUSTER,
      body: { type: 'object', required: ['items'], additionalProperties: false, properties: { items: { type: 'array', maxItems: 200000, items: { type: 'object', required: ['apiVersion', 'kind'] } } } },
    },
  }, async (req, reply) => {
    const { objects, warnings } = objectsFromJson(req.body.items, 'upload');
    // Stripped again here: a client that is not `bulwark graph` may send payloads.
    await saveClusterObjects(deps.db, req.params.cluster, strippedObjects(objects));
    await audit(deps.db, req.auth!.tokenId, 'cluster.objects', req.params.cluster, { objects: objects.length });
    return reply.code(201).send({ objects: objects.length, images: workloadImages(objects).length, warnings });
  });
  app.get<{ Params: { cluster: string }; Querystring: { format: GraphFormat; from?: string; to?: string; top: number } }>('/api/clusters/:cluster/graph', {
    preHandler: guard('read'),
    schema: {
      tags: ['graph'], summary: 'the cluster\'s attack graph with the stored image findings as of now (formats of `bulwark graph`)',
      params: CLUSTER,
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { format: { type: 'string', enum: [...GRAPH_FORMATS], default: 'json' }, from: { type: 'string', maxLength: 1000 }, to: { type: 'string', maxLength: 1000 }, top: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
      },
    },
  }, async (req, reply) => {
    const raw = await loadClusterObjects(deps.db, req.params.cluster);
    if (!raw) return reply.code(404).send({ error: 'not_found', message: `no objects uploaded for cluster ${req.params.cluster} (bulwark graph … --server URL --upload ${req.params.cluster})` });
    const { objects } = objectsFromJson(raw, req.params.cluster);
    const { reports, missing } = await reportsForImages(deps.db, workloadImages(objects));
    const { graph, result } = attackGraphOf(objects, reports, { from: list(req.query.from), to: list(req.query.to), top: req.query.top });
    if (missing.length) graph.warnings.push(`no stored result for ${missing.length} image(s): ${missing.slice(0, 10).join(', ')}`);
    if (req.query.format === 'html') reply.header('content-security-policy', GRAPH_CSP);
    return reply.type(MEDIA[req.query.format]).send(renderAttackGraph(req.query.format, graph, result));
  });
};
