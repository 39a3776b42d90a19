/**
 * Secret scanning of files too big to hold whole (logs of gigabytes, sparse files, binaries in image
 * layers): the bytes are scanned in windows that overlap by at least the longest possible match, so a
 * secret straddling a window boundary is found whole, and each window reports only the matches that
 * start before the next window begins (none is reported twice). Windows of zeros (sparse holes) are
 * skipped; binary files are scanned through their text runs. Memory: one window, whatever the size.
 */
import type { AnalyzerResult, SecretHit, StreamSink } from '../contract.js';
import { SNIFF_BYTES, looksBinary, type SecretScanner } from './engine.js';
import { shapeOf } from './regex-shape.js';
import { allZero, textRuns } from './text-runs.js';

/** Bytes scanned per window. */
const WINDOW_BYTES = 4 * 1024 * 1024;
/**
 * Upper bound on the overlap: rules whose match has no length bound (PEM blocks, service-account JSON)
 * are found whole across a boundary only up to this length. Documented in docs/secrets-and-hardening.md.
 */
const MAX_OVERLAP_BYTES = 64 * 1024;

const overlaps = new WeakMap<SecretScanner, number>();

/**
 * Window buffers of ended streams, reused by the next (two layers stream at once, each file needs a
 * window and, for binaries, its text twin): fresh 4 MiB buffers per big file showed up as RSS and GC.
 */
const pool: Buffer[] = [];
const POOL_MAX = 4;
function take(size: number): Buffer {
  const i = pool.findIndex((b) => b.length === size);
  return i === -1 ? Buffer.allocUnsafeSlow(size) : pool.splice(i, 1)[0];
}
function give(b: Buffer | undefined): void {
  if (b && pool.length < POOL_MAX) pool.push(b);
}

/** The longest match any rule of `scanner` can have, capped at MAX_OVERLAP_BYTES. */
export function overlapFor(scanner: SecretScanner): number {
  let o = overlaps.get(scanner);
  if (o === undefined) {
    o = 0;
    for (const r of scanner.rules) if (r.regex) o = Math.max(o, Math.min(MAX_OVERLAP_BYTES, shapeOf(r.regex).maxLength));
    overlaps.set(scanner, o);
  }
  return o;
}

export class SecretStream implements StreamSink {
  private readonly overlap: number;
  private buf: Buffer;
  private fill = 0;
  private text: Buffer | undefined;
  private lineBase = 0;
  private binary: boolean | undefined;
  private readonly seen = new Set<string>();
  private readonly hits: SecretHit[] = [];
  private skipped = false;

  /** `window`: bytes per window (tests use small ones to put secrets across boundaries). */
  constructor(private readonly scanner: SecretScanner, private readonly path: string, private readonly inlineIgnore: boolean,
    window = WINDOW_BYTES) {
    this.overlap = overlapFor(scanner);
    this.buf = take(window + 2 * this.overlap);
    this.skipped = scanner.skipsPath(path);
  }

  write(chunk: Buffer): void {
    if (this.skipped) return;
    let off = 0;
    while (off < chunk.length) {
      const n = Math.min(chunk.length - off, this.buf.length - this.fill);
      chunk.copy(this.buf, this.fill, off, off + n);
      this.fill += n;
      off += n;
      if (this.fill === this.buf.length) this.flush(false);
    }
  }

  end(): AnalyzerResult | undefined {
    if (!this.skipped) this.flush(true);
    give(this.buf);
    give(this.text);
    this.text = undefined;
    if (this.skipped) return { skipped: 'allowlisted path (global allowlist)' };
    return this.hits.length ? { secrets: this.hits } : undefined;
  }

  /** Scans the window; unless `last`, keeps its tail (≥ overlap bytes, from a line start) for the next. */
  private flush(last: boolean): void {
    const view = this.buf.subarray(0, this.fill);
    if (this.binary === undefined) {
      this.binary = looksBinary(view);
      this.hits.push(...this.scanner.fileHits(this.path, view.subarray(0, SNIFF_BYTES)));
    }
    if (allZero(view)) {
      // A sparse hole or zero fill: no text, nothing to scan or count (no line feeds either).
      if (!last) this.keepTail(this.fill - this.overlap);
      return;
    }
    let scanned = view;
    if (this.binary) {
      this.text ??= take(this.buf.length);
      textRuns(view, this.text);
      scanned = this.text.subarray(0, this.fill);
    }
    const cut = last ? this.fill : this.cutOf(scanned);
    this.hits.push(...this.scanner.scanWindow(scanned, this.path, {
      inlineIgnore: this.inlineIgnore && !this.binary, binary: this.binary, ...(last ? {} : { limit: cut }), lineBase: this.lineBase, seen: this.seen,
    }));
    if (last) return;
    if (!this.binary) for (let nl = view.indexOf(10); nl !== -1 && nl < cut; nl = view.indexOf(10, nl + 1)) this.lineBase++;
    this.keepTail(cut);
  }

  /** Moves the bytes from `cut` on to the window's start: the next window begins there. */
  private keepTail(cut: number): void {
    this.buf.copyWithin(0, cut, this.fill);
    this.fill -= cut;
  }

  /**
   * Where the next window starts: a line start at least `overlap` bytes before the end (so a match that
   * begins before it ends inside this window, and `\b`/`^` at the next window's start see a real line
   * start), or exactly `overlap` bytes before the end when the last lines are that long.
   */
  private cutOf(scanned: Buffer): number {
    const target = this.fill - this.overlap;
    const nl = scanned.lastIndexOf(10, target - 1);
    return nl !== -1 && nl + 1 >= target - this.overlap ? nl + 1 : target;
  }
}
