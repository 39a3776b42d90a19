/**
 * Registry notifications → one event shape. Two senders are understood:
 * - CNCF distribution (`docker-registry`, GitLab, …): an envelope `{"events":[…]}` of type
 *   `application/vnd.docker.distribution.events.v1+json`; each event has `action` (push, pull, mount,
 *   delete), `target` {mediaType, digest, repository, url, tag} and `request` {host}. Blob events share the
 *   envelope and are ignored: only manifests (images, indexes) matter.
 * - Harbor webhooks: `{"type":"PUSH_ARTIFACT"|"PULL_ARTIFACT"|"DELETE_ARTIFACT", "occur_at", "event_data":
 *   {"resources":[{digest, tag, resource_url}], "repository":{repo_full_name}}}`.
 */
import { BulwarkError } from '../core/index.js';
import { INDEX_TYPES, MANIFEST_TYPES, isValidDigest, isValidRegistryHost } from '../oci/index.js';

export interface RegistryEvent {
  action: 'push' | 'pull' | 'delete';
  /** Registry host the image lives on (`host:port`). */
  host: string;
  repository: string;
  digest: string;
  tag?: string;
  /** When the registry says it happened (ISO 8601). */
  at: string;
}

const MANIFESTS = new Set<string>([...MANIFEST_TYPES, ...INDEX_TYPES]);

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

function hostOfUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host || undefined;
  } catch {
    return undefined;
  }
}

function isoOr(v: unknown, fallback: string): string {
  if (typeof v === 'number' && Number.isFinite(v)) return new Date(v * 1000).toISOString();
  const t = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  return Number.isNaN(t) ? fallback : new Date(t).toISOString();
}

function distributionEvents(events: unknown[], now: string, hostOverride?: string): RegistryEvent[] {
  const out: RegistryEvent[] = [];
  for (const raw of events) {
    const e = (raw ?? {}) as { action?: unknown; timestamp?: unknown; target?: Record<string, unknown>; request?: Record<string, unknown> };
    const t = e.target ?? {};
    const action = str(e.action);
    const mediaType = str(t.mediaType);
    const digest = str(t.digest);
    const repository = str(t.repository);
    if (action !== 'push' && action !== 'pull' && action !== 'delete') continue;
    // Blob pushes and pulls come in the same envelope; deletes carry no media type.
    if (action !== 'delete' && (!mediaType || !MANIFESTS.has(mediaType))) continue;
    const host = hostOverride ?? hostOfUrl(str(t.url)) ?? str(e.request?.host);
    if (!digest || !isValidDigest(digest) || !repository || !host || !isValidRegistryHost(host)) continue;
    const tag = str(t.tag);
    out.push({ action, host, repository, digest, ...(tag ? { tag } : {}), at: isoOr(e.timestamp, now) });
  }
  return out;
}

const HARBOR_ACTIONS: Record<string, RegistryEvent['action']> = { PUSH_ARTIFACT: 'push', PULL_ARTIFACT: 'pull', DELETE_ARTIFACT: 'delete' };

function harborEvents(doc: Record<string, unknown>, now: string, hostOverride?: string): RegistryEvent[] {
  const action = HARBOR_ACTIONS[String(doc.type)];
  if (!action) return [];
  const data = (doc.event_data ?? {}) as { resources?: unknown[]; repository?: Record<string, unknown> };
  const repo = str(data.repository?.repo_full_name);
  const out: RegistryEvent[] = [];
  for (const raw of data.resources ?? []) {
    const r = (raw ?? {}) as Record<string, unknown>;
    const digest = str(r.digest);
    const url = str(r.resource_url);
    // resource_url is `harbor.example.com/library/app:1.0` (or `@sha256:…`): the host is its first part.
    const host = hostOverride ?? url?.split('/')[0];
    const repository = repo ?? url?.slice(url.indexOf('/') + 1).replace(/[:@].*$/, '');
    if (!digest || !isValidDigest(digest) || !repository || !host || !isValidRegistryHost(host)) continue;
    const tag = str(r.tag);
    out.push({ action, host, repository, digest, ...(tag ? { tag } : {}), at: isoOr(doc.occur_at, now) });
  }
  return out;
}

/** Parses a notification body from either sender; MALFORMED_DOCUMENT when it is neither. */
export function parseNotification(body: Buffer, now: string, hostOverride?: string): RegistryEvent[] {
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw new BulwarkError('MALFORMED_DOCUMENT', 'notification is not JSON', { cause: e });
  }
  if (doc && typeof doc === 'object' && Array.isArray((doc as { events?: unknown }).events)) {
    return distributionEvents((doc as { events: unknown[] }).events, now, hostOverride);
  }
  if (doc && typeof doc === 'object' && typeof (doc as { type?: unknown }).type === 'string' && 'event_data' in doc) {
    return harborEvents(doc as Record<string, unknown>, now, hostOverride);
  }
  throw new BulwarkError('MALFORMED_DOCUMENT', 'notification is neither a distribution event envelope nor a Harbor webhook');
}
