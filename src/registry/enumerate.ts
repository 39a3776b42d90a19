/**
 * A registry's contents as Bulwark sees them: catalog (paginated) → tags (paginated) → the manifest each tag
 * points at → the platform image inside an index → its config (creation date) and size. Digests are
 * resolved once per run (HEAD per tag, GET only for digests not seen yet), so 600 tags over 200 digests
 * cost 600 HEADs and 200 GETs. Cosign's `sha256-<hex>.sig/.att/.sbom` tags are recorded as signatures of
 * the digest they name, not as images.
 */
import { BulwarkError, isBulwarkError } from '../core/index.js';
import {
  DEFAULT_PLATFORM, IMAGE_CONFIG_TYPES, isValidRegistryHost, parseImageConfig, parsePlatform, selectPlatform,
  type ImageManifest, type RegistryClient,
} from '../oci/index.js';
import { pool } from './pool.js';

export interface RegistryTarget {
  host: string;
  /** Only repositories equal to or under this path (`team` matches `team/app`, not `teamx`). */
  prefix?: string;
}

/** `HOST[/PREFIX]` → host and prefix; USAGE on anything else (a scheme, a tag, uppercase). */
export function parseTarget(text: string): RegistryTarget {
  const t = text.trim().replace(/\/+$/, '');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) throw new BulwarkError('USAGE', `registry "${text}": give HOST[/PREFIX] without a scheme (e.g. registry.example.com:5000/team)`);
  const slash = t.indexOf('/');
  const host = slash < 0 ? t : t.slice(0, slash);
  const prefix = slash < 0 ? '' : t.slice(slash + 1);
  if (!host || !isValidRegistryHost(host)) throw new BulwarkError('USAGE', `registry "${text}": "${host}" is not a registry host`);
  if (prefix && !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(prefix)) {
    throw new BulwarkError('USAGE', `registry "${text}": "${prefix}" is not a repository path prefix`);
  }
  return { host, ...(prefix ? { prefix } : {}) };
}

function inPrefix(repository: string, prefix: string | undefined): boolean {
  return !prefix || repository === prefix || repository.startsWith(`${prefix}/`);
}

/** One resolved manifest: the platform image a digest stands for. */
export interface ResolvedImage {
  /** The digest the tag points at (an index or a manifest). */
  digest: string;
  /** The platform image manifest inside it (equal to `digest` for a single-platform image). */
  imageDigest: string;
  configDigest: string;
  /** Image config `created`, when set. */
  created?: string;
  /** Config + layers, compressed, as declared. */
  sizeBytes: number;
  layers: string[];
}

export interface TaggedImage {
  repository: string;
  tag: string;
  /** Set when the tag is an image; `error` when it could not be resolved; neither for an artifact (Helm chart…). */
  image?: ResolvedImage;
  digest?: string;
  artifact?: string;
  error?: string;
}

export interface RegistryListing {
  host: string;
  repositories: string[];
  tags: TaggedImage[];
  /** repository → digests that have a cosign signature tag (`sha256-<hex>.sig`). */
  signatures: Map<string, Set<string>>;
  /** repository → supply-chain artifact tags (`sha256-<hex>.sig/.att/.sbom`, referrers indexes): not images. */
  artifactTags: Map<string, string[]>;
}

interface EnumerateOptions {
  concurrency?: number;
  /** Page size (`n`) asked for catalog and tag lists; the registry may send fewer. */
  pageSize?: number;
  platform?: string;
  onRepository?: (repository: string, tags: number) => void;
}

// cosign's attachments, and the OCI 1.1 referrers tag schema (`sha256-<hex>` with no suffix).
const COSIGN_TAG = /^sha256-([a-f0-9]{64})(?:\.(sig|att|sbom))?$/;
const MAX_CONFIG_BYTES = 32 * 1024 * 1024;

/** A cosign attachment or referrers tag-schema tag (`sha256-<hex>[.sig|.att|.sbom]`): the digest it is about, and which. */
export function signatureTagOf(tag: string): { digest: string; kind: string } | undefined {
  const m = COSIGN_TAG.exec(tag);
  return m ? { digest: `sha256:${m[1]}`, kind: m[2] ?? 'referrers' } : undefined;
}

function sizeOf(m: ImageManifest): number {
  return m.config.size + m.layers.reduce((s, l) => s + l.size, 0);
}

/** Resolves a digest to its platform image (by GETs); artifacts come back as `{ artifact }`. */
async function resolveDigest(client: RegistryClient, repository: string, digest: string, platform: string | undefined): Promise<ResolvedImage | { artifact: string }> {
  let fetched = await client.getManifest(repository, digest);
  if (fetched.document.kind === 'index') {
    const want = platform ? parsePlatform(platform) : DEFAULT_PLATFORM;
    const desc = selectPlatform(fetched.document.index, want, `${client.registry}/${repository}@${digest}`);
    fetched = await client.getManifest(repository, desc.digest);
  }
  const doc = fetched.document;
  if (doc.kind !== 'manifest') return { artifact: doc.kind };
  const m = doc.manifest;
  if (!IMAGE_CONFIG_TYPES.includes(m.config.mediaType)) return { artifact: m.config.mediaType };
  const bytes = await client.getBlobBytes(repository, m.config, MAX_CONFIG_BYTES);
  const config = parseImageConfig(bytes, m.layers.length, `${client.registry}/${repository}: config ${m.config.digest}`);
  return {
    digest, imageDigest: fetched.digest, configDigest: m.config.digest, sizeBytes: sizeOf(m), layers: m.layers.map((l) => l.digest),
    ...(config.created ? { created: config.created } : {}),
  };
}

/** Lists repositories under the prefix, their tags, and what every tag points at. */
export async function enumerateRegistry(client: RegistryClient, target: RegistryTarget, opts: EnumerateOptions = {}): Promise<RegistryListing> {
  const pageSize = opts.pageSize ?? 1000;
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const repositories = (await client.catalog(pageSize)).filter((r) => inPrefix(r, target.prefix)).sort();
  const pairs: Array<{ repository: string; tag: string }> = [];
  const signatures = new Map<string, Set<string>>();
  const artifactTags = new Map<string, string[]>();
  await pool(repositories, concurrency, async (repository) => {
    let tags: string[];
    try {
      tags = await client.listTags(repository, pageSize);
    } catch (e) {
      // A repository whose every tag was deleted answers 404 NAME_UNKNOWN on distribution: no tags.
      if (isBulwarkError(e) && e.code === 'IMAGE_NOT_FOUND') tags = [];
      else throw e;
    }
    opts.onRepository?.(repository, tags.length);
    for (const tag of [...new Set(tags)].sort()) {
      const sig = signatureTagOf(tag);
      if (sig) artifactTags.set(repository, [...(artifactTags.get(repository) ?? []), tag]);
      if (sig?.kind === 'sig') {
        const set = signatures.get(repository) ?? new Set<string>();
        set.add(sig.digest);
        signatures.set(repository, set);
      } else if (!sig) pairs.push({ repository, tag });
    }
  });
  const resolved = new Map<string, Promise<ResolvedImage | { artifact: string }>>();
  const tags: TaggedImage[] = new Array(pairs.length);
  await pool(pairs.map((p, i) => ({ ...p, i })), concurrency, async ({ repository, tag, i }) => {
    try {
      const head = await client.headManifest(repository, tag);
      if (!head) { tags[i] = { repository, tag, error: 'tag disappeared while listing' }; return; }
      let digest = head.digest;
      if (!digest) digest = (await client.getManifest(repository, tag)).digest;
      // The same digest in another repository is the same content: resolved once. Blob reads stay in
      // this repository, since registries scope blob access per repository.
      let r = resolved.get(digest);
      if (!r) {
        r = resolveDigest(client, repository, digest, opts.platform);
        resolved.set(digest, r);
        r.catch(() => resolved.delete(digest!));
      }
      const out = await r;
      tags[i] = 'artifact' in out ? { repository, tag, digest, artifact: out.artifact } : { repository, tag, digest, image: out };
    } catch (e) {
      if (!isBulwarkError(e)) throw e;
      tags[i] = { repository, tag, error: e.message };
    }
  });
  return { host: target.host, repositories, tags, signatures, artifactTags };
}
