/**
 * The web UI: files of a built front end (`ui/` output) served from one directory, `index.html` for any
 * other non-API path (client-side routes). Only regular files under the directory, never `..` or symlinks out.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8', '.map': 'application/json',
};

/** Same-origin scripts and styles only: the UI talks to /api and nothing else. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export const staticUi = (dir: string): FastifyPluginAsync => async (app) => {
  const root = await realpath(resolve(dir));
  async function file(rel: string): Promise<{ path: string; body: Buffer } | undefined> {
    const p = resolve(root, `.${sep}${rel}`);
    if (p !== root && !p.startsWith(root + sep)) return undefined;
    try {
      const real = await realpath(p);
      if (!real.startsWith(root + sep)) return undefined;
      if (!(await stat(real)).isFile()) return undefined;
      return { path: real, body: await readFile(real) };
    } catch { return undefined; }
  }
  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    const path = decodeURIComponent(req.url.split('?')[0]!);
    if (path.startsWith('/api/')) return reply.code(404).send({ error: 'not_found', message: 'no such API route' });
    const hit = (path !== '/' && await file(path)) || (!extname(path) ? await file('index.html') : undefined);
    if (!hit) return reply.code(404).type('text/plain').send('not found\n');
    const hashed = /[.-][0-9a-f]{8,}\./i.test(hit.path);
    return reply.type(TYPES[extname(hit.path).toLowerCase()] ?? 'application/octet-stream')
      .header('content-security-policy', CSP)
      .header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
      .send(hit.body);
  });
};

