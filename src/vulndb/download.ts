/**
 * One feed download for `db update`: a conditional GET streamed into a temp file, with an idle timeout (a
 * server that stops sending mid-body fails after `idleTimeoutMs` without data, not after a fixed total time)
 * and errors that say which side failed — the network or the local file.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createHash } from 'node:crypto';
import { BulwarkError, noProgress, redactText, type Progress } from '../core/index.js';
import type { HttpValidator } from './build.js';

export interface FeedSource { name: string; url: string }

/** `db update --idle-timeout` default: long enough for a slow mirror, short enough to notice a stall. */
export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

/**
 * Validators are keyed by a hash of the URL: a mirror URL may embed credentials, and the database file is
 * exported and pushed to registries.
 */
export const validatorKey = (url: string): string => `sha256:${createHash('sha256').update(url).digest('hex')}`;

export interface DownloadOptions {
  progress?: Progress;
  /** Abort when no byte (or no response) arrives for this long. */
  idleTimeoutMs?: number;
}

function requestHeaders(src: FeedSource, prev: HttpValidator | undefined): { target: URL; headers: Record<string, string> } {
  const headers: Record<string, string> = { 'user-agent': 'bulwark-db-update' };
  if (prev?.etag) headers['if-none-match'] = prev.etag;
  if (prev?.lastModified) headers['if-modified-since'] = prev.lastModified;
  // fetch() refuses URLs with user:password@ — move them into a Basic Authorization header.
  const target = new URL(src.url);
  if (target.username || target.password) {
    const user = decodeURIComponent(target.username);
    const pass = decodeURIComponent(target.password);
    headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    target.username = '';
    target.password = '';
  }
  return { target, headers };
}

/** An AbortController that fires after `ms` without a `touch()`. */
function idleWatch(ms: number): { signal: AbortSignal; touch(): void; stop(): void; fired(): boolean } {
  const ctl = new AbortController();
  let fired = false;
  let timer: NodeJS.Timeout | undefined;
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => { fired = true; ctl.abort(new Error(`no data for ${ms / 1000} s`)); }, ms);
    timer.unref();
  };
  touch();
  return { signal: ctl.signal, touch, stop: () => clearTimeout(timer), fired: () => fired };
}

/** Streams one URL into `dest` (whose directory must exist). Returns undefined on 304. */
export async function download(src: FeedSource, prev: HttpValidator | undefined, dest: string, opts: DownloadOptions = {}): Promise<HttpValidator | undefined> {
  const { target, headers } = requestHeaders(src, prev);
  const idleMs = opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const idle = idleWatch(idleMs);
  const name = redactText(src.name);
  const stalled = () => new BulwarkError('DB_UPDATE_FAILED', `${name}: no data from ${redactText(src.url)} for ${idleMs / 1000} s (server stalled; --idle-timeout)`);
  let res: Response;
  try {
    res = await fetch(target, { headers, signal: idle.signal });
  } catch (err) {
    idle.stop();
    if (idle.fired()) throw stalled();
    throw new BulwarkError('DB_UPDATE_FAILED', `${name}: cannot reach ${redactText(src.url)}`, { cause: err });
  }
  if (res.status === 304) { idle.stop(); return undefined; }
  if (!res.ok || !res.body) { idle.stop(); throw new BulwarkError('DB_UPDATE_FAILED', `${name}: HTTP ${res.status} from ${redactText(src.url)}`); }
  const total = Number(res.headers.get('content-length') ?? 0);
  const progress = opts.progress ?? noProgress;
  const task = `download ${src.name}`;
  progress.start(task, total, 'bytes');
  let received = 0;
  const meter = new Transform({ transform(chunk: Buffer, _e, cb) { idle.touch(); received += chunk.length; progress.advance(task, chunk.length); cb(null, chunk); } });
  const out = createWriteStream(dest);
  // A failure of the local file (missing directory, disk full) must not read as a network drop.
  let writeError: NodeJS.ErrnoException | undefined;
  // (pipeline also destroys `out` with a network error; only the file's own errors carry a syscall.)
  out.on('error', (e: NodeJS.ErrnoException) => { if (typeof e.syscall === 'string') writeError ??= e; });
  try {
    await pipeline(Readable.fromWeb(res.body as WebReadableStream), meter, out);
  } catch (err) {
    // The file may still be opening: wait for the stream to close so the caller's cleanup sees it.
    if (!out.closed) await once(out, 'close').catch(() => undefined);
    if (writeError) {
      throw new BulwarkError('DB_UPDATE_FAILED', `${name}: cannot write the download into ${dirname(dest)} (${writeError.code ?? writeError.message})`, { cause: err });
    }
    if (idle.fired()) throw stalled();
    throw new BulwarkError('DB_UPDATE_FAILED', `${name}: download interrupted after ${received} bytes`, { cause: err });
  } finally {
    idle.stop();
    progress.done(task);
  }
  if (total && received !== total) throw new BulwarkError('DB_UPDATE_FAILED', `${name}: got ${received} of ${total} bytes`);
  return { url: validatorKey(src.url), etag: res.headers.get('etag') ?? undefined, lastModified: res.headers.get('last-modified') ?? undefined };
}
