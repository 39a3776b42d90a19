/**
 * Registry image source: a reference (`nginx`, `ghcr.io/o/r:tag`, `127.0.0.1:5000/x@sha256:…`) → one
 * ImageSource. Resolves indexes to the requested platform, verifies manifest (when pulled by digest)
 * and config digests, and streams layers straight from the registry.
 */
import type { Readable } from 'node:stream';
import { BulwarkError, type ImageIdentity, type Platform } from '../../core/index.js';
import {
  DEFAULT_PLATFORM, IMAGE_CONFIG_TYPES, RegistryClient, formatPlatform, formatReference, layerCompression, layerCreatedBy,
  normalizePlatform, parseImageConfig, parsePlatform, parseReference, platformMatches, repositoryName, selectPlatform,
  type FetchedManifest, type ImageManifest, type ImageReference, type RegistryClientOptions,
} from '../../oci/index.js';
import type { ImageSource, OpenImageOptions, SourceLayer } from '../contract.js';

/** Image configs are small JSON; refuse absurd ones rather than buffer them. */
const MAX_CONFIG_BYTES = 32 * 1024 * 1024;
/** Nested indexes are legal but rare; bound the walk. */
const MAX_INDEX_DEPTH = 3;

export interface RegistryImageOptions extends OpenImageOptions {
  /** Extra client settings (retry policy, timeouts, logger) for tools and tests. */
  client?: Omit<RegistryClientOptions, 'insecure' | 'username' | 'password' | 'dockerConfig' | 'signal'>;
}

interface Resolved {
  manifest: FetchedManifest & { document: { kind: 'manifest'; manifest: ImageManifest } };
  indexDigest?: string;
}

async function resolveManifest(client: RegistryClient, ref: ImageReference, want: Platform): Promise<Resolved> {
  const name = formatReference(ref);
  let fetched = await client.getManifest(ref.repository, ref.digest ?? ref.tag ?? 'latest');
  let indexDigest: string | undefined;
  for (let depth = 0; fetched.document.kind === 'index'; depth++) {
    if (depth >= MAX_INDEX_DEPTH) throw new BulwarkError('UNSUPPORTED_MEDIA_TYPE', `${name}: indexes nested deeper than ${MAX_INDEX_DEPTH}`);
    indexDigest ??= fetched.digest;
    const desc = selectPlatform(fetched.document.index, want, name);
    fetched = await client.getManifest(ref.repository, desc.digest);
    // The digest was checked by getManifest; the index's declared size must hold too (distribution does).
    if (fetched.size !== desc.size) {
      throw new BulwarkError('DIGEST_MISMATCH', `${name}: manifest ${desc.digest} is ${fetched.size} bytes, the index says ${desc.size}`);
    }
  }
  return { manifest: fetched as Resolved['manifest'], ...(indexDigest ? { indexDigest } : {}) };
}

function toLayers(manifest: ImageManifest, diffIds: string[], createdBy: Array<string | undefined>): SourceLayer[] {
  return manifest.layers.map((l, index) => ({
    index, digest: l.digest, diffId: diffIds[index], size: l.size, mediaType: l.mediaType,
    compression: layerCompression(l.mediaType),
    ...(createdBy[index] ? { createdBy: createdBy[index] } : {}),
  }));
}

/** Opens an image in a registry. The returned source holds pooled connections until `close()`. */
export async function openRegistryImage(reference: string, opts: RegistryImageOptions = {}): Promise<ImageSource> {
  const ref = parseReference(reference);
  const want = opts.platform ? parsePlatform(opts.platform) : DEFAULT_PLATFORM;
  const client = new RegistryClient(ref.registry, {
    ...opts.client,
    ...(opts.insecure ? { insecure: true } : {}),
    ...(opts.username !== undefined ? { username: opts.username, password: opts.password ?? '' } : {}),
    ...(opts.dockerConfig ? { dockerConfig: opts.dockerConfig } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const open = new Set<Readable>();
  try {
    const { manifest: m, indexDigest } = await resolveManifest(client, ref, want);
    const name = formatReference(ref);
    const manifest = m.document.manifest;
    if (!IMAGE_CONFIG_TYPES.includes(manifest.config.mediaType)) {
      throw new BulwarkError('UNSUPPORTED_MEDIA_TYPE', `${name} is not a container image (config media type "${manifest.config.mediaType}")`);
    }
    const configBytes = await client.getBlobBytes(ref.repository, manifest.config, MAX_CONFIG_BYTES);
    const config = parseImageConfig(configBytes, manifest.layers.length, `${name}: config ${manifest.config.digest}`);
    const platform = normalizePlatform({ os: config.os ?? 'unknown', architecture: config.architecture ?? 'unknown', ...(config.variant ? { variant: config.variant } : {}) });
    if (opts.platform && !indexDigest && !platformMatches(want, platform)) {
      throw new BulwarkError('PLATFORM_NOT_FOUND', `${name} is a single-platform ${formatPlatform(platform)} image, not ${formatPlatform(want)}`);
    }
    const layers = toLayers(manifest, config.rootfs?.diff_ids ?? [], layerCreatedBy(config, manifest.layers.length));
    const repo = repositoryName(ref);
    const identity: ImageIdentity = {
      reference: name, inputType: 'registry',
      repoTags: ref.tag ? [`${repo}:${ref.tag}`] : [],
      repoDigests: [`${repo}@${indexDigest ?? m.digest}`],
      name: { name: ref.repository.split('/').pop() as string, repository: repo, ...(ref.tag ? { tag: ref.tag } : {}) },
      manifestDigest: m.digest, ...(indexDigest ? { indexDigest } : {}),
      configDigest: manifest.config.digest, platform,
    };
    return {
      identity, config, layers,
      async openLayer(index: number): Promise<Readable> {
        const l = layers[index];
        if (!l) throw new BulwarkError('INTERNAL', `${name}: no layer ${index}`);
        const s = await client.getBlob(ref.repository, l.digest, { size: l.size });
        open.add(s);
        s.once('close', () => open.delete(s));
        return s;
      },
      async close(): Promise<void> {
        for (const s of open) s.destroy();
        client.close();
      },
    };
  } catch (e) {
    client.close();
    throw e;
  }
}
