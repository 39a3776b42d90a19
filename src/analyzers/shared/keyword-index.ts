/**
 * Multi-keyword prefilter: one Aho–Corasick pass over a file's bytes (ASCII case-folded) reports every
 * keyword occurrence, so rule regexes run only near their keywords. Hand-written because this is the
 * hot path (every byte of every scanned file): a DFA over byte classes keeps the transition table
 * small (~40 classes instead of 256 columns), states are stored pre-multiplied by the class count, and
 * states with outputs are numbered last so the per-byte output test is one comparison, not a load.
 */

/** Inputs with quarters shorter than this run as one automaton (the set-up is not worth it). */
const QUARTER_MIN = 1024;

export class KeywordIndex {
  /** byte → class; bytes that appear in no keyword share class 0. */
  private readonly classOf = new Uint8Array(256);
  private readonly classes: number;
  /** state*classes + class → next state*classes */
  private readonly delta: Int32Array;
  /** Pre-multiplied states ≥ this have outputs. */
  private readonly firstOutput: number;
  /** (state*classes − firstOutput) / classes → keyword ids ending there (incl. via failure links). */
  private readonly outputs: Int32Array[];
  /** keyword id → its length in bytes. */
  readonly lengths: Int32Array;
  private readonly maxLength: number;

  /** `keywords[k]`: ASCII, matched case-insensitively; hits report k. */
  constructor(keywords: readonly string[]) {
    const bytesOf = (kw: string) => [...Buffer.from(kw.toLowerCase(), 'latin1')];
    this.lengths = Int32Array.from(keywords, (k) => Buffer.byteLength(k, 'latin1'));
    this.maxLength = Math.max(1, ...this.lengths);
    let next = 1;
    for (const kw of keywords) {
      for (const b of bytesOf(kw)) {
        if (this.classOf[b]) continue;
        this.classOf[b] = next;
        if (b >= 97 && b <= 122) this.classOf[b - 32] = next; // case-fold ASCII letters
        next++;
      }
    }
    if (next > 255) throw new Error('keyword alphabet too large');
    const C = (this.classes = next);
    const goto: Array<Map<number, number>> = [new Map()];
    const out: Array<Set<number>> = [new Set()];
    keywords.forEach((kw, k) => {
      let s = 0;
      for (const b of bytesOf(kw)) {
        const c = this.classOf[b];
        let t = goto[s].get(c);
        if (t === undefined) {
          t = goto.length;
          goto.push(new Map());
          out.push(new Set());
          goto[s].set(c, t);
        }
        s = t;
      }
      if (s !== 0) out[s].add(k);
    });
    const n = goto.length;
    const raw = new Int32Array(n * C);
    const fail = new Int32Array(n);
    const queue: number[] = [];
    for (let c = 1; c < C; c++) {
      const s = goto[0].get(c) ?? 0;
      raw[c] = s;
      if (s) queue.push(s);
    }
    // BFS completes the DFA: a missing edge follows the failure link's edge. Class 0 always resets.
    for (let qi = 0; qi < queue.length; qi++) {
      const r = queue[qi];
      for (const o of out[fail[r]]) out[r].add(o);
      for (let c = 1; c < C; c++) {
        const s = goto[r].get(c);
        if (s === undefined) {
          raw[r * C + c] = raw[fail[r] * C + c];
        } else {
          fail[s] = raw[fail[r] * C + c];
          raw[r * C + c] = s;
          queue.push(s);
        }
      }
    }
    // Renumber: states without outputs first (the root stays 0), then those with outputs.
    const order = [...Array(n).keys()].sort((a, b) => Number(out[a].size > 0) - Number(out[b].size > 0) || a - b);
    const id = new Int32Array(n);
    order.forEach((old, i) => (id[old] = i));
    const firstOut = order.findIndex((s) => out[s].size > 0);
    this.firstOutput = (firstOut === -1 ? n : firstOut) * C;
    this.delta = new Int32Array(n * C);
    for (let s = 0; s < n; s++) for (let c = 0; c < C; c++) this.delta[id[s] * C + c] = id[raw[s * C + c]] * C;
    this.outputs = order.slice(firstOut === -1 ? n : firstOut).map((s) => Int32Array.from([...out[s]].sort((a, b) => a - b)));
  }

  /**
   * Finds every keyword occurrence: returns how many, and `hits` holds them as (keyword, end) pairs in
   * order of `end` (index just past the keyword). The array is reused by the next scan. No callback:
   * a per-file closure made V8 deoptimise this loop whenever the closure changed.
   *
   * Larger inputs run as four interleaved automata over four quarters. One automaton is a chain of
   * dependent table loads (each step needs the previous state), so the CPU idles on load latency;
   * four independent chains fill it (200 MB: 440 ms → 225 ms here). Each later quarter's automaton
   * first reads the `maxLength − 1` bytes before its quarter without reporting, so an occurrence that
   * straddles a boundary is found exactly once, by the quarter it ends in.
   */
  scan(data: Uint8Array): number {
    const { delta, classOf, firstOutput } = this;
    const n = data.length;
    const q = n >> 2;
    const warm = this.maxLength - 1;
    this.count.fill(0);
    if (q < QUARTER_MIN || q <= warm) {
      let s = 0;
      for (let i = 0; i < n; i++) {
        s = delta[s + classOf[data[i]]];
        if (s >= firstOutput) this.emit(0, s, i + 1);
      }
      return this.gather(1);
    }
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let b = q - warm;
    let c = 2 * q - warm;
    let d = 3 * q - warm;
    for (; b < q; b++, c++, d++) {
      s2 = delta[s2 + classOf[data[b]]];
      s3 = delta[s3 + classOf[data[c]]];
      s4 = delta[s4 + classOf[data[d]]];
    }
    for (let a = 0; a < q; a++, b++, c++, d++) {
      s1 = delta[s1 + classOf[data[a]]];
      s2 = delta[s2 + classOf[data[b]]];
      s3 = delta[s3 + classOf[data[c]]];
      s4 = delta[s4 + classOf[data[d]]];
      if (s1 >= firstOutput) this.emit(0, s1, a + 1);
      if (s2 >= firstOutput) this.emit(1, s2, b + 1);
      if (s3 >= firstOutput) this.emit(2, s3, c + 1);
      if (s4 >= firstOutput) this.emit(3, s4, d + 1);
    }
    for (; d < n; d++) {
      s4 = delta[s4 + classOf[data[d]]];
      if (s4 >= firstOutput) this.emit(3, s4, d + 1);
    }
    return this.gather(4);
  }

  /** (keyword, end) pairs of the last scan. */
  hits: Int32Array = new Int32Array(1024);
  /** Per quarter: its pairs and how many ints of them are used. */
  private readonly parts = [0, 1, 2, 3].map(() => new Int32Array(256));
  private readonly count = new Int32Array(4);

  private emit(part: number, state: number, end: number): void {
    const o = this.outputs[(state - this.firstOutput) / this.classes];
    let buf = this.parts[part];
    let used = this.count[part];
    if (used + 2 * o.length > buf.length) {
      const next = new Int32Array(Math.max(used + 2 * o.length, buf.length * 2));
      next.set(buf);
      buf = this.parts[part] = next;
    }
    for (let k = 0; k < o.length; k++) {
      buf[used++] = o[k];
      buf[used++] = end;
    }
    this.count[part] = used;
  }

  /** Concatenates the quarters' pairs (each already in order of `end`) into `hits`. */
  private gather(parts: number): number {
    let total = 0;
    for (let p = 0; p < parts; p++) total += this.count[p];
    if (total > this.hits.length) this.hits = new Int32Array(Math.max(total, this.hits.length * 2));
    let at = 0;
    for (let p = 0; p < parts; p++) {
      this.hits.set(this.parts[p].subarray(0, this.count[p]), at);
      at += this.count[p];
    }
    return total >> 1;
  }

  /** Keyword ids that occur in `data`. */
  keywordsIn(data: Uint8Array): Set<number> {
    const found = new Set<number>();
    const n = this.scan(data);
    for (let h = 0; h < 2 * n; h += 2) found.add(this.hits[h]);
    return found;
  }

}
