/**
 * Image references as Docker and containerd spell them (distribution/reference grammar):
 * `[registry/]repo[:tag][@digest]`, with Docker Hub defaults (`nginx` → `docker.io/library/nginx:latest`).
 */
import { BulwarkError, type ImageName } from '../core/index.js';
import { isValidDigest } from './digest.js';

export interface ImageReference {
  /** Registry as the user names it (`docker.io`, `ghcr.io`, `127.0.0.1:5000`). */
  registry: string;
  /** Repository path inside the registry (`library/nginx`). */
  repository: string;
  tag?: string;
  digest?: string;
}

export const DOCKER_HUB = 'docker.io';
/** The host that actually serves Docker Hub's v2 API. */
export const DOCKER_HUB_API = 'registry-1.docker.io';

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const HOST = /^(?:\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*)(?::[0-9]{1,5})?$/;
const MAX_NAME = 255;

function invalid(ref: string, why: string): BulwarkError {
  return new BulwarkError('INPUT_UNRECOGNIZED', `invalid image reference "${ref}": ${why}`);
}

/** The first path part is a registry when it looks like a host: has a dot or port, or is `localhost`. */
function looksLikeRegistry(part: string): boolean {
  return part.includes('.') || part.includes(':') || part === 'localhost' || part !== part.toLowerCase();
}

function splitDigest(ref: string, rest: string): { name: string; digest?: string } {
  const at = rest.indexOf('@');
  if (at < 0) return { name: rest };
  const digest = rest.slice(at + 1);
  if (!isValidDigest(digest)) throw invalid(ref, `malformed digest "${digest}"`);
  return { name: rest.slice(0, at), digest };
}

function splitTag(ref: string, name: string): { name: string; tag?: string } {
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon <= slash) return { name };
  const tag = name.slice(colon + 1);
  if (!TAG.test(tag)) throw invalid(ref, `malformed tag "${tag}"`);
  return { name: name.slice(0, colon), tag };
}

/** Parses and normalises a reference; throws INPUT_UNRECOGNIZED on anything the grammar rejects. */
export function parseReference(input: string): ImageReference {
  const ref = input.trim();
  if (!ref) throw invalid(input, 'empty');
  if (/\s/.test(ref)) throw invalid(ref, 'contains whitespace');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) throw invalid(ref, 'a reference has no URL scheme');
  const { name: withTag, digest } = splitDigest(ref, ref);
  const { name, tag } = splitTag(ref, withTag);
  const parts = name.split('/');
  let registry = DOCKER_HUB;
  if (parts.length > 1 && looksLikeRegistry(parts[0])) {
    registry = parts.shift() as string;
    if (!HOST.test(registry)) throw invalid(ref, `malformed registry host "${registry}"`);
  }
  if (registry === 'index.docker.io' || registry === DOCKER_HUB_API) registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && parts.length === 1) parts.unshift('library');
  for (const p of parts) {
    if (p !== p.toLowerCase()) throw invalid(ref, 'repository names must be lowercase');
    if (!COMPONENT.test(p)) throw invalid(ref, `malformed repository component "${p}"`);
  }
  const repository = parts.join('/');
  if (repository.length > MAX_NAME) throw invalid(ref, `repository name longer than ${MAX_NAME} characters`);
  return { registry, repository, ...(tag || !digest ? { tag: tag ?? 'latest' } : {}), ...(digest ? { digest } : {}) };
}

/** True for `host`, `host:port`, `[v6]:port` as a registry may be named (no scheme, no path). */
export function isValidRegistryHost(registry: string): boolean {
  return HOST.test(registry);
}

/** `registry/repo:tag@digest`, the normalised form shown to users. */
export function formatReference(r: ImageReference): string {
  return `${r.registry}/${r.repository}${r.tag ? `:${r.tag}` : ''}${r.digest ? `@${r.digest}` : ''}`;
}

/** `registry/repo`, without tag or digest. */
export function repositoryName(r: Pick<ImageReference, 'registry' | 'repository'>): string {
  return `${r.registry}/${r.repository}`;
}

/** The host:port that serves the v2 API for a registry name. */
export function registryApiHost(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_API : registry;
}

/** True for hosts on the loopback interface, where Docker also allows plain HTTP. */
export function isLoopbackRegistry(registry: string): boolean {
  const host = registry.replace(/:[0-9]+$/, '').replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Purl naming for a full reference: `ghcr.io/org/app:1` → `app`, `ghcr.io/org/app`, tag `1`. The repository
 * is kept only when the reference names its registry, or when `pulledFrom` says the registry is known (a
 * registry scan): `myapp:dev` from `docker save` says nothing about where the image lives. Undefined for a
 * string that is no reference.
 */
export function imageNameOf(reference: string, pulledFrom = false): ImageName | undefined {
  let r: ImageReference;
  try {
    r = parseReference(reference);
  } catch {
    return undefined;
  }
  const first = reference.split('/')[0];
  const namesRegistry = reference.includes('/') && looksLikeRegistry(first);
  const name = r.repository.split('/').pop() as string;
  return { name, ...(pulledFrom || namesRegistry ? { repository: repositoryName(r) } : {}), ...(r.tag ? { tag: r.tag } : {}) };
}

/** A local name from a file or directory (`./build/My App.oci.tar` → `my-app`), for images with no repository. */
export function localImageName(path: string): string {
  const base = path.replace(/[/\\]+$/, '').split(/[/\\]/).pop() ?? '';
  const stem = base.replace(/\.(?:tar(?:\.gz|\.zst)?|tgz|oci)$/i, '').replace(/\.(?:oci|tar)$/i, '');
  return stem.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|[._-]+$/g, '') || 'image';
}
