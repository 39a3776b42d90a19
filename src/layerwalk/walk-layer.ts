/**
 * One layer, one pass: the blob streams through sha256 (digest), the inflater, sha256 again (diffID),
 * size and ratio limits and the tar parser; matching entries go to the analyzers. Nothing touches disk.
 */
import { createHash } from 'node:crypto';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BulwarkError, isBulwarkError, type LayerRef } from '../core/index.js';
import type { Analyzer, AnalyzerOptions, FileMeta, LayerAnalysis } from '../analyzers/index.js';
import { sniffCompression, type TarHeader } from '../tar/index.js';
import { Dispatcher, type EntryPlan } from './dispatch.js';
import { cleanEntryPath, whiteoutOf } from './entry-path.js';
import { inflater } from './inflate.js';
import { TarParser, type OnHeader } from './tar-parser.js';

/**
 * Decompression-bomb guards. Bombs are judged by what they cost, absolute output: bytes per layer and a
 * budget for the whole image. A compression ratio says little (a legitimate 2 GB zero-filled file
 * inflates ~1000x under gzip and far more under zstd), so the ratio check is off unless asked for.
 */
export interface WalkLimits {
  /** Uncompressed bytes per layer. */
  maxLayerBytes: number;
  /** Uncompressed bytes of all layers of one image together (shared through `WalkLayerOptions.budget`). */
  maxImageBytes: number;
  /** Uncompressed / compressed, checked once a layer passes `ratioGraceBytes` (`--max-ratio`; off by default). */
  maxRatio: number;
  ratioGraceBytes: number;
}

export const DEFAULT_LIMITS: WalkLimits = {
  maxLayerBytes: 16 * 1024 ** 3,
  maxImageBytes: 64 * 1024 ** 3,
  maxRatio: Infinity,
  ratioGraceBytes: 256 * 1024 ** 2,
};

/** Inflated bytes used so far by one image's layers (walked concurrently, so shared). */
export interface InflateBudget { used: number }

export interface WalkLayerOptions {
  analyzers: readonly Analyzer[];
  mode: AnalyzerOptions['mode'];
  /** bulwark.yaml sections analyzers read (secret rules); walkImage keys the cache on them. */
  config?: AnalyzerOptions['config'];
  limits?: Partial<WalkLimits>;
  /** Called with compressed bytes as they are read. */
  onBytes?: (n: number) => void;
  /** The image's inflate budget, shared by its layers (default: this layer alone). */
  budget?: InflateBudget;
  /** Where big entries are spilled for random-access analyzers (default: the OS temp dir). */
  spillDir?: string;
  debug?: (message: string) => void;
}

const hex = (h: ReturnType<typeof createHash>) => `sha256:${h.digest('hex')}`;

/** Reads the first chunk to sniff the compression, then puts it back. */
async function peek(src: Readable): Promise<Buffer> {
  for (;;) {
    const c = src.read() as Buffer | null;
    if (c) {
      src.unshift(c);
      return c;
    }
    if (src.readableEnded || src.destroyed) return Buffer.alloc(0);
    await new Promise<void>((res, rej) => {
      const done = () => { src.off('readable', done); src.off('end', done); src.off('error', fail); res(); };
      const fail = (e: Error) => { src.off('readable', done); src.off('end', done); rej(e); };
      src.once('readable', done); src.once('end', done); src.once('error', fail);
    });
  }
}

function toMeta(h: TarHeader): FileMeta {
  const type: FileMeta['type'] = h.type === 'file' || h.type === 'directory' || h.type === 'symlink' || h.type === 'hardlink' ? h.type : 'other';
  return { size: type === 'file' ? h.size : 0, mode: h.mode & 0o7777, type, uid: h.uid, gid: h.gid, ...(h.linkname ? { linkname: h.linkname } : {}) };
}

/** Turns a tar header into bookkeeping + an analyzer plan. */
function entryHandler(out: LayerAnalysis, dispatch: Dispatcher, label: string) {
  return (h: TarHeader): ReturnType<OnHeader> => {
    const path = cleanEntryPath(h.name, label);
    if (!path) return { collect: false, tag: undefined };
    const wh = whiteoutOf(path);
    if (wh) {
      (wh.kind === 'opaque' ? out.opaqueDirs : out.whiteouts).push(wh.path);
      return { collect: false, tag: undefined };
    }
    const meta = toMeta(h);
    if (meta.type === 'hardlink') {
      // Hardlink targets are root-relative tar names: refuse escapes, record as an in-root link.
      const target = cleanEntryPath(h.linkname, label);
      out.symlinks[path] = `/${target}`;
    } else if (meta.type === 'symlink') {
      out.symlinks[path] = h.linkname;
    }
    if (meta.type !== 'directory') out.paths.push(path);
    const plan = dispatch.plan(path, meta);
    const stream = plan ? dispatch.begin(plan) : undefined;
    return { collect: Boolean(plan?.buffer), tag: plan, ...(stream ? { sink: stream.write } : {}) };
  };
}

/** `entry`: the tar entry being inflated when a limit trips, so the refusal names the file. */
function checkLimits(diffBytes: number, blobBytes: number, imageBytes: number, limits: WalkLimits, label: string, entry: string | undefined): void {
  const where = entry ? ` (while reading ${JSON.stringify(entry)})` : '';
  if (diffBytes > limits.maxLayerBytes) {
    throw new BulwarkError('LIMIT_EXCEEDED', `${label}: layer inflates past ${limits.maxLayerBytes} bytes${where} (raise --max-layer-bytes)`);
  }
  if (imageBytes > limits.maxImageBytes) {
    throw new BulwarkError('LIMIT_EXCEEDED', `${label}: image layers inflate past ${limits.maxImageBytes} bytes in all${where} (raise --max-image-bytes)`);
  }
  if (diffBytes > limits.ratioGraceBytes && diffBytes > blobBytes * limits.maxRatio) {
    throw new BulwarkError('LIMIT_EXCEEDED', `${label}: layer inflates more than ${limits.maxRatio}x its compressed size${where} (--max-ratio)`);
  }
}

/** zlib (`Z_*`) and zstd errors mean bad layer data; anything else (I/O, bugs) passes through. */
function mapStreamError(err: unknown, label: string, kind: string): unknown {
  if (isBulwarkError(err)) return err;
  const e = err as { code?: string; message?: string };
  const code = typeof e?.code === 'string' ? e.code : '';
  if (!code.startsWith('Z_') && code !== 'ZSTD_ERROR' && code !== 'ERR_STREAM_PREMATURE_CLOSE') return err;
  return new BulwarkError('CORRUPT_LAYER', `${label}: corrupt ${kind} data (${(e?.message ?? String(err)).split('\n')[0]})`, { cause: err });
}

/** Walks one layer blob. `layer.digest`/`diffId` are verified when set; empty ones are filled in. */
export async function walkLayer(src: Readable, layer: LayerRef, opts: WalkLayerOptions): Promise<LayerAnalysis> {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const label = `layer ${layer.index}${layer.digest ? ` (${layer.digest.slice(0, 19)})` : ''}`;
  const out: LayerAnalysis = { layer: { ...layer }, results: [], whiteouts: [], opaqueDirs: [], paths: [], symlinks: {}, warnings: [], bytes: 0 };
  const dispatch = new Dispatcher(opts.analyzers, layer, { mode: opts.mode, ...(opts.config ? { config: opts.config } : {}) },
    { ...(opts.spillDir ? { spillDir: opts.spillDir } : {}), ...(opts.debug ? { debug: opts.debug } : {}) });
  const parser = new TarParser(entryHandler(out, dispatch, label), label);
  const blobHash = createHash('sha256');
  const diffHash = createHash('sha256');
  let blobBytes = 0;
  const budget = opts.budget ?? { used: 0 };
  // Sniff before listening: a 'data' listener would switch the stream to flowing mode.
  const kind = sniffCompression(Buffer.concat([await peek(src), Buffer.alloc(4)]));
  src.on('data', (c: Buffer) => { blobHash.update(c); blobBytes += c.length; opts.onBytes?.(c.length); });
  const sink = new Writable({
    highWaterMark: 1 << 20,
    write(chunk: Buffer, _enc, cb) {
      try {
        if (kind !== 'none') diffHash.update(chunk);
        out.bytes += chunk.length;
        budget.used += chunk.length;
        checkLimits(out.bytes, blobBytes, budget.used, limits, label, parser.entryName);
        if (!parser.ended) parser.push(chunk);
      } catch (e) {
        cb(e as Error);
        return;
      }
      if (parser.completed.length === 0) { cb(); return; }
      const done = parser.completed.splice(0);
      (async () => { for (const e of done) await dispatch.complete(e.tag as EntryPlan, e.content); })().then(() => cb(), cb);
    },
    final(cb) {
      try { parser.end(); cb(); } catch (e) { cb(e as Error); }
    },
  });
  const inflate = inflater(kind);
  try {
    await (inflate ? pipeline(src, inflate, sink) : pipeline(src, sink));
  } catch (err) {
    throw mapStreamError(err, label, kind === 'none' ? 'tar' : kind);
  }
  await dispatch.finish();
  verifyDigests(out.layer, hex(blobHash), kind === 'none' ? undefined : hex(diffHash), label);
  out.results = dispatch.results;
  out.warnings = dispatch.warnings;
  if (dispatch.failures) out.analyzerFailures = dispatch.failures;
  return out;
}

function verifyDigests(layer: LayerRef, blob: string, diff: string | undefined, label: string): void {
  const diffId = diff ?? blob;
  if (layer.digest && layer.digest !== blob) {
    throw new BulwarkError('DIGEST_MISMATCH', `${label}: blob digest is ${blob}, expected ${layer.digest}`);
  }
  if (layer.diffId && layer.diffId !== diffId) {
    throw new BulwarkError('DIGEST_MISMATCH', `${label}: diffID is ${diffId}, config says ${layer.diffId}`);
  }
  layer.digest ||= blob;
  layer.diffId ||= diffId;
}
