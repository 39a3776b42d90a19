/**
 * RegistryClient: the distribution-spec v2 operations Bulwark needs — manifests, blobs (streamed),
 * monolithic blob upload, manifest push, tag listing and the catalog — on top of RegistryTransport.
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { BulwarkError } from '../core/index.js';
import { CATALOG_SCOPE, repositoryScope } from './auth.js';
import { pumpBlob } from './blob-resume.js';
import { blobGuard } from './blob-stream.js';
import { isValidDigest, sha256Digest, verifyDigest } from './digest.js';
import { type ErrorContext, networkError, statusError, where } from './errors.js';
import { drain, readBody } from './http.js';
import { MAX_MANIFEST_BYTES, parseManifestDocument, type Descriptor, type ImageIndex, type ManifestDocument } from './manifest.js';
import { MANIFEST_ACCEPT, MediaType, SCHEMA1_TYPES, baseMediaType } from './media-types.js';
import { nextDelay } from './retry.js';
import { RegistryTransport, header, type RegistryClientOptions } from './transport.js';

export type { RegistryClientOptions } from './transport.js';

export interface FetchedManifest {
  /** Digest of the bytes exactly as served (verified when fetched by digest). */
  digest: string;
  mediaType: string;
  size: number;
  bytes: Buffer;
  document: ManifestDocument;
}

export interface ManifestHead {
  digest?: string;
  mediaType: string;
  size?: number;
}

export interface BlobStreamOptions {
  /** Declared size: the stream fails when the registry sends a different number of bytes. */
  size?: number;
  /** Also hash the stream and fail with DIGEST_MISMATCH at the end (off when the caller hashes). */
  verify?: boolean;
}

export interface UploadBlob {
  open: () => Readable;
  size: number;
  digest: string;
}

const PULL = ['pull'];
const PUSH = ['pull', 'push'];
// distribution's token auth maps DELETE to the `delete` action (Harbor reads it as `*`).
const DELETE = ['delete'];
const MAX_PAGES = 10_000;

function nextLink(link: string | undefined): string | undefined {
  const m = link ? /<([^>]+)>\s*;\s*rel="?next"?/i.exec(link) : null;
  return m?.[1];
}

const REFERRERS_API_RECHECK_MS = 10 * 60_000;

export class RegistryClient {
  private readonly t: RegistryTransport;
  /**
   * Until when the tag schema is used directly: the registry answered the referrers API with 404 (it has
   * none). Re-asked after REFERRERS_API_RECHECK_MS, so a long-lived client (the admission webhook) sees a
   * registry upgraded meanwhile, whose new referrers would no longer be in the tag schema.
   */
  private noReferrersApiUntil = 0;

  /** `registry` as users name it (`docker.io`, `ghcr.io`, `127.0.0.1:5000`). */
  constructor(readonly registry: string, opts: RegistryClientOptions = {}) {
    this.t = new RegistryTransport(registry, opts);
  }

  private ctx(repository: string | undefined, what: string): ErrorContext {
    return { registry: this.registry, ...(repository ? { repository } : {}), what };
  }

  /** GETs a manifest or index by tag or digest; verifies the digest when `reference` is one. */
  async getManifest(repository: string, reference: string): Promise<FetchedManifest> {
    return (await this.fetchManifest(repository, reference, false))!;
  }

  /**
   * `getManifest`, but undefined when the registry answers 404: one request where HEAD then GET would
   * take two (cosign's `.sig`/`.att` tags and the referrers tag schema are usually absent, sometimes present).
   */
  findManifest(repository: string, reference: string): Promise<FetchedManifest | undefined> {
    return this.fetchManifest(repository, reference, true);
  }

  private async fetchManifest(repository: string, reference: string, absentOk: boolean): Promise<FetchedManifest | undefined> {
    const ctx = this.ctx(repository, `manifest ${reference}`);
    const res = await this.t.request({
      method: 'GET', path: `/v2/${repository}/manifests/${reference}`, scope: repositoryScope(repository, PULL), ctx, ok: absentOk ? [200, 404] : [200],
      headers: { accept: `${MANIFEST_ACCEPT}, ${SCHEMA1_TYPES.join(', ')}` },
    });
    if (res.statusCode === 404) {
      drain(res);
      return undefined;
    }
    let bytes: Buffer;
    try {
      bytes = await readBody(res, MAX_MANIFEST_BYTES);
    } catch (e) {
      if ((e as { code?: string }).code === 'LIMIT') throw new BulwarkError('LIMIT_EXCEEDED', `${where(ctx)}: ${ctx.what} is larger than ${MAX_MANIFEST_BYTES} bytes`);
      throw networkError(e, ctx);
    }
    const what = `${where(ctx)}: ${ctx.what}`;
    let digest: string;
    if (isValidDigest(reference)) {
      verifyDigest(bytes, reference, what);
      digest = reference;
    } else {
      digest = sha256Digest(bytes);
      const served = header(res, 'docker-content-digest');
      if (served?.startsWith('sha256:') && served !== digest) {
        throw new BulwarkError('DIGEST_MISMATCH', `${what}: Docker-Content-Digest ${served} does not match the manifest bytes (${digest})`);
      }
    }
    const document = parseManifestDocument(bytes, header(res, 'content-type'), what);
    return { digest, mediaType: document.mediaType, size: bytes.length, bytes, document };
  }

  /** HEADs a manifest: undefined when it does not exist. */
  async headManifest(repository: string, reference: string): Promise<ManifestHead | undefined> {
    const res = await this.t.request({
      method: 'HEAD', path: `/v2/${repository}/manifests/${reference}`, scope: repositoryScope(repository, PULL),
      ctx: this.ctx(repository, `manifest ${reference}`), ok: [200, 404], headers: { accept: MANIFEST_ACCEPT },
    });
    drain(res);
    if (res.statusCode === 404) return undefined;
    const len = Number(header(res, 'content-length'));
    const digest = header(res, 'docker-content-digest');
    return {
      mediaType: baseMediaType(header(res, 'content-type')),
      ...(digest && isValidDigest(digest) ? { digest } : {}),
      ...(Number.isSafeInteger(len) ? { size: len } : {}),
    };
  }

  /**
   * Streams a blob's raw bytes. Redirects to blob storage are followed without credentials. Stream
   * errors arrive as BulwarkErrors (REGISTRY_UNREACHABLE for a dropped connection, DIGEST_MISMATCH for
   * a wrong length or hash); destroying the stream releases the connection.
   */
  async getBlob(repository: string, digest: string, opts: BlobStreamOptions = {}): Promise<Readable> {
    const ctx = this.ctx(repository, `blob ${digest}`);
    const path = `/v2/${repository}/blobs/${digest}`;
    const scope = repositoryScope(repository, PULL);
    const res = await this.t.request({ method: 'GET', path, scope, ctx, ok: [200] });
    const guard = blobGuard({ what: `${where(ctx)}: ${ctx.what}`, ...(opts.size !== undefined ? { size: opts.size } : {}), ...(opts.verify ? { verifyDigest: digest } : {}) });
    pumpBlob(res, guard, {
      reopen: (offset) => this.t.request({ method: 'GET', path, scope, ctx, ok: [206], headers: { range: `bytes=${offset}-` } }),
      maxResumes: this.t.retryPolicy.attempts - 1,
      delayMs: (i) => nextDelay(i, this.t.retryPolicy),
      ...(this.t.signal ? { signal: this.t.signal } : {}),
      wrap: (e) => (e instanceof BulwarkError ? e : networkError(e, ctx)),
    });
    return guard;
  }

  /** Reads a small blob (a config) fully, checking size and digest. */
  async getBlobBytes(repository: string, desc: Pick<Descriptor, 'digest' | 'size'>, maxBytes: number): Promise<Buffer> {
    const what = `${this.registry}/${repository}: blob ${desc.digest}`;
    if (desc.size > maxBytes) throw new BulwarkError('LIMIT_EXCEEDED', `${what} declares ${desc.size} bytes, more than the ${maxBytes} allowed`);
    const stream = await this.getBlob(repository, desc.digest, { size: desc.size });
    const chunks: Buffer[] = [];
    try {
      for await (const c of stream) chunks.push(c as Buffer);
    } catch (e) {
      if (e instanceof BulwarkError) throw e;
      throw networkError(e, this.ctx(repository, `blob ${desc.digest}`));
    }
    const data = Buffer.concat(chunks);
    verifyDigest(data, desc.digest, what);
    return data;
  }

  async blobExists(repository: string, digest: string): Promise<boolean> {
    const res = await this.t.request({
      method: 'HEAD', path: `/v2/${repository}/blobs/${digest}`, scope: repositoryScope(repository, PUSH),
      ctx: this.ctx(repository, `blob ${digest}`), ok: [200, 404],
    });
    drain(res);
    return res.statusCode === 200;
  }

  /** Monolithic upload (POST, then PUT with ?digest=); skipped when the blob already exists. */
  async putBlob(repository: string, body: Buffer | UploadBlob): Promise<{ digest: string; size: number }> {
    const blob = Buffer.isBuffer(body) ? { digest: sha256Digest(body), size: body.length } : { digest: body.digest, size: body.size };
    if (!isValidDigest(blob.digest)) throw new BulwarkError('USAGE', `invalid blob digest ${blob.digest}`);
    if (await this.blobExists(repository, blob.digest)) return blob;
    const scope = repositoryScope(repository, PUSH);
    const ctx = this.ctx(repository, `upload of blob ${blob.digest}`);
    const start = await this.t.request({ method: 'POST', path: `/v2/${repository}/blobs/uploads/`, scope, ctx, ok: [202], headers: { 'content-length': '0' } });
    drain(start);
    const location = header(start, 'location');
    if (!location) throw new BulwarkError('REGISTRY_ERROR', `${where(ctx)}: upload started without a Location`);
    const url = new URL(location, 'http://placeholder.invalid');
    url.searchParams.set('digest', blob.digest);
    const path = /^[a-z][a-z0-9+.-]*:\/\//i.test(location) ? url.href : `${url.pathname}${url.search}`;
    const done = await this.t.request({
      method: 'PUT', path, scope, ctx, ok: [201, 204],
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) },
      body: Buffer.isBuffer(body) ? body : body.open,
    });
    drain(done);
    return blob;
  }

  /** Pushes a manifest under a tag or digest; returns its digest. */
  async putManifest(repository: string, reference: string, bytes: Buffer, mediaType: string): Promise<string> {
    return (await this.putManifestWithSubject(repository, reference, bytes, mediaType)).digest;
  }

  /**
   * OCI 1.1 referrers of `digest`: the registry's referrers API, or the referrers tag schema
   * (`sha256-<hex>` index) when the registry has no such API (404, as distribution 2.8 answers).
   * `via` says which one answered.
   */
  async referrers(repository: string, digest: string, artifactType?: string): Promise<{ descriptors: Descriptor[]; via: 'api' | 'tag-schema' }> {
    if (!isValidDigest(digest)) throw new BulwarkError('USAGE', `invalid digest ${digest}`);
    if (Date.now() < this.noReferrersApiUntil) return this.referrersByTag(repository, digest, artifactType);
    const ctx = this.ctx(repository, `referrers of ${digest}`);
    const query = artifactType ? `?artifactType=${encodeURIComponent(artifactType)}` : '';
    const res = await this.t.request({
      method: 'GET', path: `/v2/${repository}/referrers/${digest}${query}`, scope: repositoryScope(repository, PULL), ctx, ok: [200, 404],
      headers: { accept: MediaType.OciIndex },
    });
    const ct = baseMediaType(header(res, 'content-type'));
    if (res.statusCode === 200 && ct === MediaType.OciIndex) {
      const doc = parseManifestDocument(await readBody(res, MAX_MANIFEST_BYTES), ct, `${where(ctx)}: ${ctx.what}`);
      const all = doc.kind === 'index' ? doc.index.manifests : [];
      // A registry may ignore the filter (it then omits OCI-Filters-Applied): filter here as well.
      return { descriptors: artifactType ? all.filter((d) => d.artifactType === artifactType) : all, via: 'api' };
    }
    drain(res);
    // The distribution spec forbids a 404 from a registry that implements the API: this one has none
    // (oras-go remembers it per repository object the same way).
    if (res.statusCode === 404) this.noReferrersApiUntil = Date.now() + REFERRERS_API_RECHECK_MS;
    return this.referrersByTag(repository, digest, artifactType);
  }

  private async referrersByTag(repository: string, digest: string, artifactType: string | undefined): Promise<{ descriptors: Descriptor[]; via: 'tag-schema' }> {
    const all = (await this.referrersTagIndex(repository, digest))?.manifests ?? [];
    return { descriptors: artifactType ? all.filter((d) => d.artifactType === artifactType) : all, via: 'tag-schema' };
  }

  private async referrersTagIndex(repository: string, digest: string): Promise<ImageIndex | undefined> {
    const doc = (await this.findManifest(repository, digest.replace(':', '-')))?.document;
    return doc?.kind === 'index' ? doc.index : undefined;
  }

  /**
   * Pushes a manifest that has a `subject` (a signature, attestation, SBOM). When the registry does not
   * confirm it indexed the subject (no `OCI-Subject` header), the referrers tag-schema index
   * `sha256-<hex>` is updated as the distribution spec asks clients to do. Not atomic: two clients
   * attaching at once can lose one entry (the spec accepts this).
   */
  async pushReferrer(repository: string, bytes: Buffer, desc: Omit<Descriptor, 'digest' | 'size'>, subject: string): Promise<string> {
    const digest = sha256Digest(bytes);
    const { subjectAccepted } = await this.putManifestWithSubject(repository, digest, bytes, desc.mediaType);
    if (subjectAccepted) return digest;
    const tag = subject.replace(':', '-');
    const old = await this.referrersTagIndex(repository, subject);
    const entry: Descriptor = { ...desc, digest, size: bytes.length };
    const manifests = [...(old?.manifests ?? []).filter((d) => d.digest !== digest), entry];
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.OciIndex, manifests }));
    await this.putManifestWithSubject(repository, tag, index, MediaType.OciIndex);
    return digest;
  }

  private async putManifestWithSubject(repository: string, reference: string, bytes: Buffer, mediaType: string): Promise<{ digest: string; subjectAccepted: boolean }> {
    const digest = sha256Digest(bytes);
    if (isValidDigest(reference) && reference !== digest) throw new BulwarkError('DIGEST_MISMATCH', `manifest bytes hash to ${digest}, not ${reference}`);
    const ctx = this.ctx(repository, `manifest ${reference}`);
    const res = await this.t.request({
      method: 'PUT', path: `/v2/${repository}/manifests/${reference}`, scope: repositoryScope(repository, PUSH), ctx, ok: [201, 200],
      headers: { 'content-type': mediaType }, body: bytes,
    });
    drain(res);
    const served = header(res, 'docker-content-digest');
    if (served?.startsWith('sha256:') && served !== digest) {
      throw new BulwarkError('DIGEST_MISMATCH', `${where(ctx)}: registry stored the manifest as ${served}, expected ${digest}`);
    }
    return { digest, subjectAccepted: Boolean(header(res, 'oci-subject')) };
  }

  /**
   * Deletes a manifest by digest (distribution needs `storage.delete.enabled`; tags pointing at it go too).
   * Returns false when it was already gone.
   */
  async deleteManifest(repository: string, digest: string): Promise<boolean> {
    if (!isValidDigest(digest)) throw new BulwarkError('USAGE', `manifests are deleted by digest, not "${digest}"`);
    const res = await this.t.request({
      method: 'DELETE', path: `/v2/${repository}/manifests/${digest}`, scope: repositoryScope(repository, DELETE),
      ctx: this.ctx(repository, `deletion of manifest ${digest}`), ok: [202, 200, 404],
    });
    drain(res);
    return res.statusCode !== 404;
  }

  private async paginate(first: string, scope: string, ctx: ErrorContext, key: 'tags' | 'repositories'): Promise<string[]> {
    const out: string[] = [];
    const seen = new Set<string>();
    let path: string | undefined = first;
    while (path && !seen.has(path) && seen.size < MAX_PAGES) {
      seen.add(path);
      const res: IncomingMessage = await this.t.request({ method: 'GET', path, scope, ctx, ok: [200, 400] });
      const link = header(res, 'link');
      let body: Buffer;
      let doc: Record<string, unknown>;
      try {
        body = await readBody(res, 16 * 1024 * 1024);
        doc = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      } catch (e) {
        throw new BulwarkError('REGISTRY_ERROR', `${where(ctx)}: malformed ${ctx.what} response`, { cause: e });
      }
      if (res.statusCode === 400) {
        // distribution 2.8 refuses an `n` above its `catalog.maxentries` instead of capping it: ask again
        // without `n` and let the registry's own page size and Link headers drive the walk.
        const unpaged: string = path.replace(/([?&])n=\d+&?/, '$1').replace(/[?&]$/, '');
        if (out.length === 0 && unpaged !== path && /PAGINATION_NUMBER_INVALID/.test(body.toString('utf8'))) { path = unpaged; continue; }
        throw statusError(400, ctx, body);
      }
      const list = doc[key];
      if (Array.isArray(list)) out.push(...list.filter((x): x is string => typeof x === 'string'));
      path = nextLink(link);
    }
    return out;
  }

  /** All tags of a repository, following `Link: <…>; rel="next"` pages. */
  listTags(repository: string, pageSize = 1000): Promise<string[]> {
    return this.paginate(`/v2/${repository}/tags/list?n=${pageSize}`, repositoryScope(repository, PULL), this.ctx(repository, 'tag list'), 'tags');
  }

  /** All repositories the registry's catalog lists (needs catalog permission on most registries). */
  catalog(pageSize = 1000): Promise<string[]> {
    return this.paginate(`/v2/_catalog?n=${pageSize}`, CATALOG_SCOPE, this.ctx(undefined, 'catalog'), 'repositories');
  }

  /** Releases pooled connections. */
  close(): void {
    this.t.close();
  }
}
