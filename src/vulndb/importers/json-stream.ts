/**
 * Feeds as byte streams, never as one string: real NVD, OSV and Debian tracker dumps pass V8's maximum
 * string length (~512 MiB), so `buffer.toString()` + `JSON.parse` fails on them ("Cannot create a string
 * longer than …"). This scanner walks the bytes once, tracking only string/escape state and nesting depth,
 * and hands complete JSON values to `JSON.parse` slice by slice:
 *
 * - a top-level value that ends within `window` bytes (every JSON-lines record, every small file) is parsed
 *   whole, exactly as before (`onValue`);
 * - a larger one is split into units: each member of a top-level object (`onMember`), each element of an
 *   array that is a top-level member (`onElement(key)`) or of a top-level array (`onElement(undefined)`),
 *   then `onEnd`. NVD's `vulnerabilities[]`, the tracker's per-package objects and OSV arrays are such units;
 *   each is small, so memory stays bounded by the largest unit plus what the importer keeps.
 *
 * Several top-level values in a row (JSON lines, concatenated JSON) are read one after another. Syntax is
 * checked by `JSON.parse` on every slice; a document that ends inside a value is an error.
 */

export interface JsonSink {
  onValue(v: unknown): void;
  onMember(key: string, v: unknown): void;
  onElement(key: string | undefined, v: unknown): void;
  /** End of a split top-level value (after its last unit). */
  onEnd(): void;
}

export class JsonSyntaxError extends Error {}

const WS = new Uint8Array(256);
for (const c of [0x20, 0x09, 0x0a, 0x0d]) WS[c] = 1;
const Q = 0x22; const BS = 0x5c; const LB = 0x7b; const RB = 0x7d; const LK = 0x5b; const RK = 0x5d;
const COMMA = 0x2c; const COLON = 0x3a;

/** Passed to `onMember` when a split array member closes (its elements came through `onElement`). */
export const ARRAY_DONE: unique symbol = Symbol('array member done');

/** Unit kinds: a member value, an array element, the end of an array member. */
const MEMBER = 0; const ELEMENT = 1; const ARRAY_END = 2;
/** A completed unit while the top-level value may still be parsed whole (absolute offsets). */
type Unit = [kind: number, key: string | undefined, start: number, end: number];
/** Bytes scanned per step: the whole-value check runs between steps, so one step must stay far below V8's string limit. */
const STEP = 1 << 20;

export class JsonStreamScanner {
  private buf = Buffer.alloc(0);
  /** Absolute stream offset of buf[0]. */
  private base = 0;
  private len = 0;
  private depth = 0;
  private inString = false;
  /** Absolute offset of the open string's quote. */
  private strStart = -1;
  private topStart = -1;
  private topIsObject = false;
  private split = false;
  private units: Unit[] = [];
  // The open unit (absolute offsets, -1 = none).
  private keyStart = -1;
  private key: string | undefined;
  private expectKey = false;
  private afterColon = false;
  private memberOpen = false;
  private memberIsArray = false;
  /** Start of a non-array member value. */
  private valStart = -1;
  private elemStart = -1;

  constructor(private readonly sink: JsonSink, private readonly window = 32 * 1024 * 1024) {}

  write(chunk: Buffer): void {
    for (let off = 0; off < chunk.length; off += STEP) {
      const part = chunk.subarray(off, Math.min(chunk.length, off + STEP));
      this.append(part);
      this.scan(this.len - part.length, this.len);
      if (this.topStart >= 0 && !this.split && this.base + this.len - this.topStart > this.window) this.goSplit();
      this.trim();
    }
  }

  end(): void {
    if (this.depth > 0 || this.inString) throw new JsonSyntaxError('unexpected end of JSON input');
  }

  private append(chunk: Buffer): void {
    if (this.len + chunk.length > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + chunk.length, 1 << 16));
      this.buf.copy(next, 0, 0, this.len);
      this.buf = next;
    }
    chunk.copy(this.buf, this.len);
    this.len += chunk.length;
  }

  /** Drops bytes no open value needs any more. */
  private trim(): void {
    let keep = this.base + this.len;
    if (this.topStart >= 0 && !this.split) keep = this.topStart;
    else if (this.topStart >= 0) {
      for (const x of [this.keyStart, this.valStart, this.elemStart, this.inString ? this.strStart : -1]) if (x >= 0 && x < keep) keep = x;
    }
    const drop = keep - this.base;
    if (drop <= 0) return;
    this.buf.copy(this.buf, 0, drop, this.len);
    this.len -= drop;
    this.base = keep;
    if (this.buf.length > (1 << 24) && this.len < this.buf.length >> 2) this.buf = Buffer.from(this.buf.subarray(0, this.len));
  }

  private parse(start: number, end: number): unknown {
    const text = this.buf.toString('utf8', start - this.base, end - this.base);
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new JsonSyntaxError((err as Error).message);
    }
  }

  private goSplit(): void {
    this.split = true;
    for (const u of this.units) this.emit(u);
    this.units = [];
  }

  private unit(u: Unit): void {
    if (this.split) this.emit(u);
    else this.units.push(u);
  }

  private emit([kind, key, start, end]: Unit): void {
    if (kind === ARRAY_END) this.sink.onMember(key as string, ARRAY_DONE);
    else if (kind === MEMBER) this.sink.onMember(key as string, this.parse(start, end));
    else this.sink.onElement(key, this.parse(start, end));
  }

  /** A value begins at absolute offset p (first byte of a scalar, string, object or array). */
  private valueBegins(p: number, c: number): void {
    if (this.depth === 0) {
      if (c !== LB && c !== LK) throw new JsonSyntaxError('a feed document must be a JSON object or array');
      this.topStart = p;
      this.topIsObject = c === LB;
      this.expectKey = this.topIsObject;
    } else if (this.depth === 1 && !this.topIsObject) {
      if (this.elemStart < 0) this.elemStart = p;
    } else if (this.depth === 1 && this.afterColon) {
      this.afterColon = false;
      this.memberOpen = true;
      this.memberIsArray = c === LK;
      if (!this.memberIsArray) this.valStart = p;
    } else if (this.depth === 2 && this.memberIsArray && this.elemStart < 0) {
      this.elemStart = p;
    }
  }

  /** A ',' or a closing bracket at depth `d` (before the depth change) ends the open unit there. */
  private unitEnds(d: number, p: number): void {
    if (d === 1 && !this.topIsObject) {
      if (this.elemStart >= 0) this.unit([ELEMENT, undefined, this.elemStart, p]);
      this.elemStart = -1;
    } else if (d === 2 && this.memberIsArray) {
      if (this.elemStart >= 0) this.unit([ELEMENT, this.key, this.elemStart, p]);
      this.elemStart = -1;
    } else if (d === 1 && this.memberOpen) {
      if (!this.memberIsArray) this.unit([MEMBER, this.key, this.valStart, p]);
      this.memberOpen = this.memberIsArray = false;
      this.valStart = -1;
      this.expectKey = true;
    }
  }

  private topEnds(end: number): void {
    if (this.split) this.sink.onEnd();
    else this.sink.onValue(this.parse(this.topStart, end));
    this.units = [];
    this.split = false;
    this.topStart = this.keyStart = this.valStart = this.elemStart = -1;
    this.key = undefined;
    this.expectKey = this.afterColon = this.memberOpen = this.memberIsArray = false;
  }

  /**
   * JSON lines fast path: a top-level value that is a whole line (JSON strings hold no raw newline, so a line
   * that parses is exactly one value) goes to `JSON.parse` without the byte scan. Returns the newline's index,
   * or -1 to scan (a pretty-printed document's first line does not parse; a long line has no newline yet).
   */
  private wholeLine(i: number, to: number): number {
    const nl = this.buf.indexOf(0x0a, i);
    if (nl < 0 || nl >= to) return -1;
    let v: unknown;
    try {
      v = JSON.parse(this.buf.toString('utf8', i, nl));
    } catch {
      return -1;
    }
    this.sink.onValue(v);
    return nl;
  }

  /** Index of the quote closing the open string in [i, to), or -1. Most bytes of a feed are inside strings. */
  private closingQuote(i: number, to: number): number {
    const buf = this.buf;
    const open = this.strStart - this.base;
    for (let j = buf.indexOf(Q, i); j >= 0 && j < to; j = buf.indexOf(Q, j + 1)) {
      let k = j - 1;
      while (k > open && buf[k] === BS) k--;
      if ((j - 1 - k) % 2 === 0) return j;
    }
    return -1;
  }

  private stringEnds(j: number): void {
    this.inString = false;
    if (this.keyStart >= 0 && this.key === undefined) this.key = this.parse(this.keyStart, this.base + j + 1) as string;
  }

  private scan(from: number, to: number): void {
    const buf = this.buf;
    for (let i = from; i < to; i++) {
      if (this.inString) {
        const j = this.closingQuote(i, to);
        if (j < 0) return;
        this.stringEnds(j);
        i = j;
        continue;
      }
      const c = buf[i]!;
      if (WS[c]) continue;
      const p = this.base + i;
      if (c === Q) {
        this.inString = true;
        this.strStart = p;
        if (this.depth === 1 && this.topIsObject && this.expectKey) { this.keyStart = p; this.key = undefined; this.expectKey = false; }
        else this.valueBegins(p, c);
      } else if (c === LB || c === LK) {
        if (this.depth === 0) {
          const end = this.wholeLine(i, to);
          if (end >= 0) { i = end; continue; }
        }
        this.valueBegins(p, c);
        this.depth++;
      } else if (c === RB || c === RK) {
        if (this.depth === 0) throw new JsonSyntaxError('unbalanced closing bracket');
        this.unitEnds(this.depth, p);
        this.depth--;
        if (this.depth === 0) this.topEnds(p + 1);
        else if (this.depth === 1 && this.memberOpen && this.memberIsArray && c === RK) this.unit([ARRAY_END, this.key, -1, -1]);
      } else if (c === COMMA) {
        this.unitEnds(this.depth, p);
      } else if (c === COLON) {
        if (this.depth === 1 && this.topIsObject) { this.afterColon = true; this.keyStart = -1; }
      } else {
        this.valueBegins(p, c);
      }
    }
  }
}
