/**
 * Streaming tar parser tuned for the layer walk: synchronous push of inflated chunks, content kept only
 * for entries the caller asks for, everything else skipped by counting (no per-entry streams, no copies).
 */
import { BulwarkError } from '../core/index.js';
import {
  BLOCK, applyOverrides, isZeroBlock, padded, parsePax, parseTarHeader, type TarHeader,
} from '../tar/index.js';

export interface ParsedEntry {
  header: TarHeader;
  /** Set when the caller asked for the content. */
  content?: Buffer;
  /** Caller's handle from `onHeader`. */
  tag: unknown;
}

/**
 * `collect`: keep this entry's content; `tag`: the caller's handle, entries without one are not reported
 * back; `sink`: receives the content chunk by chunk as it goes by (views, valid only during the call).
 */
export type OnHeader = (h: TarHeader) => { collect: boolean; tag: unknown; sink?: (chunk: Buffer) => void };

const META_LIMIT = 1 << 20;

export class TarParser {
  /** Entries completed by the last `push`, for the caller to drain. */
  readonly completed: ParsedEntry[] = [];
  ended = false;
  private head = Buffer.alloc(BLOCK);
  private headFill = 0;
  private remaining = 0;
  private padding = 0;
  private current: {
    header: TarHeader; chunks?: Buffer[]; meta?: 'pax' | 'gnu-longname' | 'gnu-longlink'; tag: unknown; sink?: (chunk: Buffer) => void;
  } | undefined;
  private pax: Record<string, string> = {};
  private longName: string | undefined;
  private longLink: string | undefined;
  private zeroBlocks = 0;
  private sawHeader = false;
  private offset = 0;

  constructor(private readonly onHeader: OnHeader, private readonly label: string) {}

  /** The entry whose content is streaming now (names the file when a limit trips). */
  get entryName(): string | undefined {
    return this.current && !this.current.meta ? this.current.header.name : undefined;
  }

  push(chunk: Buffer): void {
    let i = 0;
    const n = chunk.length;
    while (i < n && !this.ended) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, n - i);
        const cur = this.current;
        if (cur?.chunks) cur.chunks.push(chunk.subarray(i, i + take));
        if (cur?.sink) cur.sink(chunk.subarray(i, i + take));
        this.remaining -= take;
        i += take;
        if (this.remaining === 0) this.finishEntry();
        continue;
      }
      if (this.padding > 0) {
        const take = Math.min(this.padding, n - i);
        this.padding -= take;
        i += take;
        continue;
      }
      const take = Math.min(BLOCK - this.headFill, n - i);
      chunk.copy(this.head, this.headFill, i, i + take);
      this.headFill += take;
      i += take;
      if (this.headFill === BLOCK) {
        this.headFill = 0;
        this.header();
      }
    }
    this.offset += n;
  }

  /** Stream end: anything but a clean entry boundary is a truncated layer. */
  end(): void {
    if (this.ended) return;
    if (this.remaining > 0 || this.headFill > 0 || this.current) {
      throw new BulwarkError('CORRUPT_LAYER', `${this.label}: truncated tar (stream ended inside an entry)`);
    }
    if (!this.sawHeader) throw new BulwarkError('CORRUPT_LAYER', `${this.label}: layer is empty, not a tar`);
    this.ended = true;
  }

  private header(): void {
    if (isZeroBlock(this.head)) {
      if (++this.zeroBlocks >= 2) this.ended = true;
      return;
    }
    this.zeroBlocks = 0;
    const raw = parseTarHeader(this.head);
    if (!raw) {
      throw new BulwarkError('CORRUPT_LAYER', `${this.label}: ${this.sawHeader ? 'bad tar header' : 'not a tar'} near byte ${this.offset}`);
    }
    this.sawHeader = true;
    this.remaining = raw.size;
    this.padding = padded(raw.size) - raw.size;
    if (raw.type === 'pax' || raw.type === 'gnu-longname' || raw.type === 'gnu-longlink') {
      if (raw.size > META_LIMIT) throw new BulwarkError('LIMIT_EXCEEDED', `${this.label}: tar extended header of ${raw.size} bytes`);
      this.current = { header: raw, chunks: [], meta: raw.type, tag: undefined };
    } else if (raw.type === 'pax-global') {
      this.current = { header: raw, tag: undefined, meta: 'pax' };
      this.current.chunks = undefined;
    } else {
      const h = applyOverrides(raw, this.pax, this.longName, this.longLink);
      this.pax = {};
      this.longName = this.longLink = undefined;
      this.remaining = h.size;
      this.padding = padded(h.size) - h.size;
      const { collect, tag, sink } = this.onHeader(h);
      this.current = { header: h, tag, ...(collect ? { chunks: [] } : {}), ...(sink ? { sink } : {}) };
    }
    if (this.remaining === 0) this.finishEntry();
  }

  private finishEntry(): void {
    const cur = this.current!;
    this.current = undefined;
    if (cur.meta) {
      if (!cur.chunks) return; // global pax: ignored
      const body = Buffer.concat(cur.chunks);
      if (cur.meta === 'pax') this.pax = parsePax(body);
      else if (cur.meta === 'gnu-longname') this.longName = body.toString('utf8').replace(/\0+$/, '');
      else this.longLink = body.toString('utf8').replace(/\0+$/, '');
      return;
    }
    if (cur.tag === undefined) return;
    this.completed.push({ header: cur.header, tag: cur.tag, ...(cur.chunks ? { content: Buffer.concat(cur.chunks) } : {}) });
  }
}
