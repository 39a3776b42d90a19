/**
 * The analyzer contract (Trivy's analyzer registry, Syft's narrow-input rule).
 *
 * The layer walk streams each layer tar exactly once. For every entry it asks each registered
 * analyzer `matches(path, meta)`; only matching files (up to the analyzer's `maxBytes`) are buffered
 * and handed to `analyze`. Analyzers that need sibling files (a lockfile plus node_modules manifests)
 * use `analyzeGroup`, called once at the end of the layer (or rootfs walk) with every file they matched.
 * Results must be plain JSON: they are cached per layer, keyed by layer diffID + analyzer id/version.
 */
import { BulwarkError, type LayerRef, type OsInfo, type Package } from '../core/index.js';
import type { SecretsConfig } from '../config/index.js';
import type { AnalyzerFacts } from './facts.js';

export type AnalyzerGroup = 'os' | 'os-packages' | 'language' | 'secret' | 'license' | 'config' | 'file-meta' | 'malware';

/** What the tar header (or lstat) says about an entry; available before any byte is read. */
export interface FileMeta {
  size: number;
  /** Permission bits incl. setuid/setgid/sticky (e.g. 0o4755). */
  mode: number;
  type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';
  uid?: number;
  gid?: number;
  linkname?: string;
}

/**
 * Random access to one file's bytes. Directory walks read from the file on demand (an ELF reader
 * needs a few headers, not a 100 MB binary); image layers stream, so there it wraps the buffer.
 * `read` throws `CORRUPT_ARCHIVE` for a range past the end.
 */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Buffer;
}

/** A ByteSource over bytes already in memory. */
export function bufferSource(buf: Buffer): ByteSource {
  return {
    size: buf.length,
    read(offset, length) {
      if (offset < 0 || length < 0 || offset + length > buf.length) throw new BulwarkError('CORRUPT_ARCHIVE', `read of ${length} bytes at ${offset} past the end (${buf.length} bytes)`);
      return buf.subarray(offset, offset + length);
    },
  };
}

export interface AnalyzerFile {
  /** Clean POSIX path relative to the root, no leading slash: `usr/lib/os-release`. */
  path: string;
  meta: FileMeta;
  /** The layer the file is in (a pseudo-layer with index 0 and empty digests for rootfs/fs). */
  layer: LayerRef;
  /**
   * File content (absent when the analyzer set `needsContent: false` or `randomAccess: true`). Valid
   * only during `analyze`: directory walks read every file into one reused buffer (fresh allocations
   * per file cost more in page faults than the reads). `analyzeGroup` receives copies.
   */
  content?: Buffer;
  /** The file's bytes on demand, for analyzers with `randomAccess: true`; valid only during `analyze`. */
  source?: ByteSource;
}

/** A secret candidate found by the secrets analyzer; the match is already redacted at the source. */
export interface SecretHit {
  ruleId: string;
  title: string;
  severity: string;
  line: number;
  /** Redacted match. */
  match: string;
  /** sha256 of (ruleId, path, raw match) so suppressions survive rescans without keeping the secret. */
  fingerprint: string;
}

export interface LicenseHit {
  /** SPDX id or expression. */
  license: string;
  confidence: number;
}

/** What one analyzer found in one file (or one group). Plain JSON, cacheable. */
export interface AnalyzerResult {
  /** analyzeGroup only: the file this result belongs to (default: the first matched file). */
  path?: string;
  os?: OsInfo;
  packages?: Package[];
  secrets?: SecretHit[];
  licenses?: LicenseHit[];
  /** Typed per-analyzer facts (OS priority, parsed Dockerfile, file metadata, malware); see facts.ts. */
  facts?: AnalyzerFacts;
  /** Non-fatal problems, each naming the file: the scan goes on. */
  warnings?: string[];
  /** The file was looked at but deliberately not analyzed, and why (counted like `skipReason`). */
  skipped?: string;
}

/**
 * One file's bytes in order, chunk by chunk, for a streaming analyzer. A chunk is a view valid only
 * during `write` (copy what must be kept). `end` returns the analyzer's result for the file.
 */
export interface StreamSink {
  write(chunk: Buffer): void;
  end(): AnalyzerResult | undefined;
}

export interface AnalyzerOptions {
  /** Target kind: image layers, an unpacked root filesystem, or a source tree. */
  mode: 'image' | 'rootfs' | 'fs';
  /**
   * The bulwark.yaml sections analyzers read. Only these go into the layer cache key (scan/), so an
   * analyzer must never read config from anywhere else.
   */
  config?: AnalyzerConfig;
}

/** The config sections that change analyzer output (and so the layer cache key). */
export interface AnalyzerConfig {
  secrets?: SecretsConfig;
}

export interface Analyzer {
  /** kebab-case, stable; appears in reports as `foundBy`. */
  readonly id: string;
  /** Bump when output changes: invalidates cached layer results. */
  readonly version: number;
  readonly group: AnalyzerGroup;
  /** Modes this analyzer runs in (default: all). Lockfile analyzers skip images, for example. */
  readonly modes?: ReadonlyArray<AnalyzerOptions['mode']>;
  /** Content above this size is not buffered; the analyzer sees the file only if `needsContent` is false. */
  readonly maxBytes?: number;
  /** Default true. False for analyzers that want metadata only (setuid bits, world-writable dirs). */
  readonly needsContent?: boolean;
  /**
   * The analyzer reads a few ranges of big files (binary headers and sections) through `file.source`.
   * Directory walks then never buffer the file and `maxBytes` does not apply there; image layers
   * stream, so they still buffer up to `maxBytes` and wrap the buffer.
   */
  readonly randomAccess?: boolean;
  /**
   * Streaming: a matched file for which `streams(meta)` holds is never buffered for this analyzer; its
   * bytes go to `openStream`'s sink as the layer inflates (or as a directory walk reads it in chunks),
   * so memory stays flat whatever the file's size. A file buffered for another analyzer arrives in one write.
   */
  streams?(meta: FileMeta): boolean;
  openStream?(file: AnalyzerFile, opts: AnalyzerOptions): StreamSink;
  /**
   * Why a file this analyzer would otherwise cover is not analyzed (asked only when `matches` is
   * false). Named skips are counted per reason in the layer's warnings and listed under `--debug`:
   * no file is skipped silently.
   */
  skipReason?(path: string, meta: FileMeta, opts: AnalyzerOptions): string | undefined;
  /** Cheap, synchronous, called for every entry of every layer: keep it to string tests. */
  matches(path: string, meta: FileMeta): boolean;
  /** One file at a time, while the layer streams. */
  analyze?(file: AnalyzerFile, opts: AnalyzerOptions): Promise<AnalyzerResult | undefined> | AnalyzerResult | undefined;
  /** Once per layer with every file `matches` accepted (for formats needing siblings). */
  analyzeGroup?(files: AnalyzerFile[], opts: AnalyzerOptions): Promise<AnalyzerResult[]> | AnalyzerResult[];
  /**
   * Called by the inventory once the OS is known, for the packages this analyzer found: OS packages
   * need the distro for their purl namespace and qualifiers (pkg:deb/ubuntu/…?distro=ubuntu-22.04).
   */
  finalizePackages?(packages: Package[], os: OsInfo | undefined): Package[];
}

/** Identity function that gives analyzers a checked type (the `defineX` convention). */
export function defineAnalyzer<A extends Analyzer>(analyzer: A): A {
  return analyzer;
}

/** One result attributed to the file (or group anchor file) that produced it. */
export interface FileResult {
  analyzer: string;
  path: string;
  result: AnalyzerResult;
}

/** Everything one layer contributed; cached as JSON per layer. */
export interface LayerAnalysis {
  layer: LayerRef;
  results: FileResult[];
  /** Paths deleted by `.wh.<name>` entries in this layer. */
  whiteouts: string[];
  /** Directories made opaque by `.wh..wh..opq` in this layer. */
  opaqueDirs: string[];
  /** Every regular file/symlink path this layer adds (needed to know what later layers overwrite). */
  paths: string[];
  /** Symlinks this layer adds: path → target as written. */
  symlinks: Record<string, string>;
  warnings: string[];
  /** Analyzers that threw on this layer; such a layer is not cached. */
  analyzerFailures?: number;
  /** Uncompressed bytes read. */
  bytes: number;
}
