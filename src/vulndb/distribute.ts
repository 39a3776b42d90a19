/**
 * Moving a built database around: `db export` (one .tar.gz holding bulwark.db + metadata.json) and
 * `db push` / `db pull` of that same archive as an OCI artifact, so a company mirrors it once.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';
import { BulwarkError } from '../core/index.js';
import { parseReference, RegistryClient, type RegistryClientOptions } from '../oci/index.js';
import { cleanStaleTemps, tempPathFor } from './build.js';
import type { DbMetadata } from './contract.js';
import { openDb } from './schema.js';
import { openAdvisoryStore } from './store.js';
import { guardDb } from './corrupt.js';

export const DB_ARTIFACT_TYPE = 'application/vnd.bulwark.db.v1';
export const DB_LAYER_MEDIA_TYPE = 'application/vnd.bulwark.db.layer.v1.tar+gzip';
const EMPTY_CONFIG = { mediaType: 'application/vnd.oci.empty.v1+json', bytes: Buffer.from('{}') };
const MAX_ARTIFACT = 2 * 1024 ** 3;

function readMetadata(dbPath: string): DbMetadata {
  const store = openAdvisoryStore(dbPath);
  try { return store.metadata(); } finally { store.close(); }
}

/** The database file and its metadata as one gzip-compressed tar. */
export async function exportArchive(dbPath: string): Promise<{ archive: Buffer; metadata: DbMetadata }> {
  const metadata = readMetadata(dbPath);
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => { chunks.push(c as Buffer); });
  const ended = new Promise<void>((resolve, reject) => { pack.on('end', resolve); pack.on('error', reject); });
  const mtime = new Date(metadata.builtAt || 0);
  pack.entry({ name: 'metadata.json', mtime }, JSON.stringify(metadata, null, 2));
  pack.entry({ name: 'bulwark.db', mtime }, readFileSync(dbPath));
  pack.finalize();
  await ended;
  return { archive: gzipSync(Buffer.concat(chunks), { level: 9 }), metadata };
}

async function untar(archive: Buffer, label: string): Promise<Map<string, Buffer>> {
  let raw: Buffer;
  try { raw = gunzipSync(archive, { maxOutputLength: MAX_ARTIFACT }); } catch (err) {
    throw new BulwarkError('CORRUPT_ARCHIVE', `${label}: not a gzip archive`, { cause: err });
  }
  const files = new Map<string, Buffer>();
  const ex = tar.extract();
  await new Promise<void>((resolve, reject) => {
    ex.on('entry', (h, stream, next) => {
      const parts: Buffer[] = [];
      stream.on('data', (c: unknown) => { parts.push(c as Buffer); });
      stream.on('end', () => { files.set(h.name, Buffer.concat(parts)); next(); });
    });
    ex.on('finish', resolve);
    ex.on('error', (e) => reject(new BulwarkError('CORRUPT_ARCHIVE', `${label}: corrupt tar`, { cause: e })));
    ex.end(raw);
  });
  return files;
}

/** Installs an exported archive as the database at `dbPath` (verified copy, then atomic rename). */
export async function installArchive(archive: Buffer, dbPath: string, label: string): Promise<DbMetadata> {
  const files = await untar(archive, label);
  const db = files.get('bulwark.db');
  if (!db) throw new BulwarkError('CORRUPT_ARCHIVE', `${label}: no bulwark.db inside`);
  mkdirSync(dirname(dbPath), { recursive: true });
  cleanStaleTemps(dbPath);
  const tmp = tempPathFor(dbPath);
  try {
    writeFileSync(tmp, db);
    const check = openDb(tmp);
    let ic: unknown;
    try { ic = guardDb(label, () => check.pragma('integrity_check', { simple: true })); } finally { check.close(); }
    if (ic !== 'ok') throw new BulwarkError('DB_CORRUPT', `${label}: database fails its integrity check`);
    const meta = readMetadata(tmp);
    renameSync(tmp, dbPath);
    return meta;
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

function splitRef(ref: string): { registry: string; repository: string; tag: string } {
  const r = parseReference(ref);
  return { registry: r.registry, repository: r.repository, tag: r.digest ?? r.tag ?? 'latest' };
}

/** Pushes the exported archive as an OCI artifact (artifactType application/vnd.bulwark.db.v1). */
export async function pushDatabase(dbPath: string, ref: string, opts: RegistryClientOptions = {}): Promise<{ digest: string; size: number }> {
  const { archive, metadata } = await exportArchive(dbPath);
  const { registry, repository, tag } = splitRef(ref);
  const client = new RegistryClient(registry, opts);
  try {
    return await pushWith(client, repository, tag, archive, metadata);
  } finally {
    client.close();
  }
}

async function pushWith(client: RegistryClient, repository: string, tag: string, archive: Buffer, metadata: DbMetadata): Promise<{ digest: string; size: number }> {
  const layer = await client.putBlob(repository, archive);
  await client.putBlob(repository, EMPTY_CONFIG.bytes);
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    artifactType: DB_ARTIFACT_TYPE,
    config: { mediaType: EMPTY_CONFIG.mediaType, digest: sha256(EMPTY_CONFIG.bytes), size: EMPTY_CONFIG.bytes.length },
    layers: [{ mediaType: DB_LAYER_MEDIA_TYPE, digest: layer.digest, size: layer.size,
      annotations: { 'org.opencontainers.image.title': 'bulwark-db.tar.gz' } }],
    annotations: {
      'org.opencontainers.image.created': metadata.builtAt,
      'dev.bulwark.db.schema-version': String(metadata.schemaVersion),
    },
  }));
  const digest = await client.putManifest(repository, tag, manifest, 'application/vnd.oci.image.manifest.v1+json');
  return { digest, size: layer.size };
}

/** Pulls the artifact and installs it; the previous database stays until the new one verified. */
export async function pullDatabase(ref: string, dbPath: string, opts: RegistryClientOptions = {}): Promise<DbMetadata> {
  const { registry, repository, tag } = splitRef(ref);
  const client = new RegistryClient(registry, opts);
  try {
    return await pullWith(client, ref, repository, tag, dbPath);
  } finally {
    client.close();
  }
}

async function pullWith(client: RegistryClient, ref: string, repository: string, tag: string, dbPath: string): Promise<DbMetadata> {
  const m = await client.getManifest(repository, tag);
  const doc = JSON.parse(m.bytes.toString('utf8')) as { layers?: Array<{ mediaType?: string; digest: string; size: number }> };
  const layer = doc.layers?.find((l) => l.mediaType === DB_LAYER_MEDIA_TYPE);
  if (!layer) throw new BulwarkError('UNSUPPORTED_MEDIA_TYPE', `${ref} is not a bulwark database artifact (no ${DB_LAYER_MEDIA_TYPE} layer)`);
  if (layer.size > MAX_ARTIFACT) throw new BulwarkError('LIMIT_EXCEEDED', `${ref}: database layer of ${layer.size} bytes is too large`);
  const bytes = await client.getBlobBytes(repository, layer, MAX_ARTIFACT);
  if (sha256(bytes) !== layer.digest) throw new BulwarkError('DIGEST_MISMATCH', `${ref}: layer digest mismatch`);
  return installArchive(bytes, dbPath, ref);
}
