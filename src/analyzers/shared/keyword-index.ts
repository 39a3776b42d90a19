/**
 * Multi-keyword prefilter: one Aho–Corasick pass over a file's bytes (ASCII case-folded) finds which
 * rules can possibly match and where, so rule regexes run only near their keywords. Hand-written
 * because this is the hot path (every byte of every scanned file): a DFA over byte classes keeps the
 * transition table small enough for L2 cache (~40 classes instead of 256 columns).
 */

export class KeywordIndex {
  /** byte → class; bytes that appear in no keyword share class 0. */
  private readonly classOf = new Uint8Array(256);
  private readonly classes: number;
  /** state * classes + class → next state */
  private readonly delta: Uint16Array | Int32Array;
  /** state → rule ids whose keyword ends here (incl. via failure links) */
  private readonly outputs: number[][];
  private readonly hasOutput: Uint8Array;

  /** `keywords[i]` lists rule i's keywords (ASCII; matched case-insensitively). */
  constructor(keywords: ReadonlyArray<readonly string[]>) {
    const bytesOf = (kw: string) => [...Buffer.from(kw.toLowerCase(), 'latin1')];
    let next = 1;
    for (const kws of keywords) {
      for (const kw of kws) {
        for (const b of bytesOf(kw)) {
          if (this.classOf[b]) continue;
          this.classOf[b] = next;
          if (b >= 97 && b <= 122) this.classOf[b - 32] = next; // case-fold ASCII letters
          next++;
        }
      }
    }
    if (next > 255) throw new Error('keyword alphabet too large');
    this.classes = next;
    const goto: Array<Map<number, number>> = [new Map()];
    const out: Array<Set<number>> = [new Set()];
    keywords.forEach((kws, rule) => {
      for (const kw of kws) {
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
        if (s !== 0) out[s].add(rule);
      }
    });
    const n = goto.length;
    const C = this.classes;
    this.delta = n < 65536 ? new Uint16Array(n * C) : new Int32Array(n * C);
    const fail = new Int32Array(n);
    const queue: number[] = [];
    for (let c = 1; c < C; c++) {
      const s = goto[0].get(c) ?? 0;
      this.delta[c] = s;
      if (s) queue.push(s);
    }
    // BFS completes the DFA: a missing edge follows the failure link's edge. Class 0 always resets.
    for (let qi = 0; qi < queue.length; qi++) {
      const r = queue[qi];
      for (const o of out[fail[r]]) out[r].add(o);
      for (let c = 1; c < C; c++) {
        const s = goto[r].get(c);
        if (s === undefined) {
          this.delta[r * C + c] = this.delta[fail[r] * C + c];
        } else {
          fail[s] = this.delta[fail[r] * C + c];
          this.delta[r * C + c] = s;
          queue.push(s);
        }
      }
    }
    this.outputs = out.map((o) => [...o]);
    this.hasOutput = Uint8Array.from(this.outputs, (o) => (o.length ? 1 : 0));
  }

  /**
   * Calls `onHit(rule, end)` for every keyword occurrence (`end` = index just past the keyword).
   * Returns nothing: callers collect what they need (rule ids, positions).
   */
  scan(data: Uint8Array, onHit: (rule: number, end: number) => void): void {
    const { delta, classOf, hasOutput, outputs } = this;
    const C = this.classes;
    let s = 0;
    for (let i = 0; i < data.length; i++) {
      s = delta[s * C + classOf[data[i]]];
      if (hasOutput[s] === 1) {
        const o = outputs[s];
        for (let k = 0; k < o.length; k++) onHit(o[k], i + 1);
      }
    }
  }

  /** Rule ids with at least one keyword in `data`. */
  rulesIn(data: Uint8Array): Set<number> {
    const hits = new Set<number>();
    this.scan(data, (r) => void hits.add(r));
    return hits;
  }
}
