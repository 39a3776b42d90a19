/** What every route plugin gets: the database, the job queue, the vulnerability matcher, and the auth guard. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../core/index.js';
import type { Matcher } from '../scan/index.js';
import type { Db, JobQueue, Scope } from '../store/index.js';
import type { ResponseCache } from './cache.js';

export interface AppDeps {
  db: Db;
  queue: JobQueue;
  /** Opens the server's vulnerability database (per request batch; cheap). */
  openMatcher: () => Promise<Matcher>;
  logger: Logger;
  /** Directory of the built web UI (index.html + assets); absent: no UI, API only. */
  uiDir?: string;
  /** Requests per minute per token (or per IP without one). Default 1200. */
  rateLimit?: number;
  /** Largest upload body (reports, SBOMs, snapshots, JSON lines), bytes. Default 64 MiB; other bodies 1 MiB. */
  maxUploadBytes?: number;
  /** Session lifetime, seconds (default 12 h). */
  sessionTtl?: number;
  /** Mark cookies `Secure` (default: true unless the server listens on plain HTTP loopback). */
  secureCookies?: boolean;
  /** Name of the cluster when an upload does not say (default "default"). */
  defaultCluster?: string;
}

interface Auth { tokenId: string; scope: Scope; via: 'token' | 'session' }

declare module 'fastify' {
  interface FastifyRequest { auth?: Auth }
}

export type Guard = (scope: Scope) => (req: FastifyRequest, reply: FastifyReply) => Promise<void>;

export const pageQuery = {
  limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
  cursor: { type: 'string', maxLength: 2000 },
} as const;

export const SEVERITY_ENUM = ['critical', 'high', 'medium', 'low', 'unknown'] as const;

export interface RouteCtx { deps: AppDeps & { cache: ResponseCache }; guard: Guard }
