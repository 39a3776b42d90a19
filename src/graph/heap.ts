/** A binary min-heap of (node, priority) for Dijkstra; stale entries are skipped by the caller. */
export class MinHeap {
  private readonly nodes: number[] = [];
  private readonly keys: number[] = [];

  get size(): number { return this.nodes.length; }

  push(node: number, key: number): void {
    const n = this.nodes;
    const k = this.keys;
    let i = n.length;
    n.push(node);
    k.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (k[parent] <= key) break;
      n[i] = n[parent]; k[i] = k[parent];
      i = parent;
    }
    n[i] = node; k[i] = key;
  }

  /** Removes the minimum; returns [node, key]. */
  pop(): [number, number] {
    const n = this.nodes;
    const k = this.keys;
    const top: [number, number] = [n[0], k[0]];
    const lastN = n.pop()!;
    const lastK = k.pop()!;
    if (n.length) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n.length) break;
        const r = l + 1;
        const c = r < n.length && k[r] < k[l] ? r : l;
        if (k[c] >= lastK) break;
        n[i] = n[c]; k[i] = k[c];
        i = c;
      }
      n[i] = lastN; k[i] = lastK;
    }
    return top;
  }
}
