/**
 * Field path → source line. Documents are re-parsed only for objects that have findings, so a scan keeps the
 * source text (small) instead of 10,000 YAML syntax trees (large).
 */
import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document } from 'yaml';
import type { ObjectOrigin } from '../model/object.js';

/** `spec.containers[0].securityContext` / `metadata.annotations[a.b/c]` → ['spec','containers',0,'securityContext']. */
export function parseFieldPath(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  let i = 0;
  let cur = '';
  while (i < path.length) {
    const ch = path[i];
    if (ch === '.') {
      if (cur) out.push(cur);
      cur = '';
      i++;
    } else if (ch === '[') {
      if (cur) out.push(cur);
      cur = '';
      const end = path.indexOf(']', i);
      const inner = path.slice(i + 1, end < 0 ? path.length : end);
      out.push(/^\d+$/.test(inner) ? Number(inner) : inner);
      i = end < 0 ? path.length : end + 1;
    } else {
      cur += ch;
      i++;
    }
  }
  if (cur) out.push(cur);
  return out;
}

interface Parsed { doc: Document; lc: LineCounter; baseLine: number }

export class SourceLines {
  private readonly texts = new Map<string, string>();
  private readonly newlines = new Map<string, number[]>();
  private readonly cache = new Map<string, Parsed>();

  add(file: string, text: string): void {
    this.texts.set(file, text);
  }

  private parsed(origin: ObjectOrigin): Parsed | undefined {
    const key = `${origin.file}#${origin.doc}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const text = this.texts.get(origin.file);
    if (text === undefined || !origin.range) return undefined;
    const slice = text.slice(origin.range[0], origin.range[1]);
    const lc = new LineCounter();
    const doc = parseDocument(slice, { lineCounter: lc });
    const baseLine = this.linesBefore(origin.file, text, origin.range[0]);
    const p = { doc, lc, baseLine };
    if (this.cache.size > 64) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, p);
    return p;
  }

  private linesBefore(file: string, text: string, offset: number): number {
    let nl = this.newlines.get(file);
    if (!nl) {
      nl = [];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) nl.push(i);
      this.newlines.set(file, nl);
    }
    let lo = 0;
    let hi = nl.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (nl[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Line of the field, or of its nearest existing ancestor (an unset field points at its parent). */
  lineOf(origin: ObjectOrigin, field: string | undefined): number | undefined {
    if (!field) return origin.line;
    const p = this.parsed(origin);
    if (!p) return origin.line;
    const segs = [...parseFieldPath(origin.prefix), ...parseFieldPath(field)];
    for (let n = segs.length; n > 0; n--) {
      const last = segs[n - 1];
      if (typeof last === 'string') {
        // Point at the key (`securityContext:`), not at the first line of its value.
        const parent = n === 1 ? p.doc.contents : p.doc.getIn(segs.slice(0, n - 1), true);
        if (isMap(parent)) {
          const pair = parent.items.find((it) => isScalar(it.key) && String(it.key.value) === last);
          const r = pair && isNode(pair.key) ? pair.key.range : undefined;
          if (r) return p.baseLine + p.lc.linePos(r[0]).line;
        }
        continue;
      }
      const node = p.doc.getIn(segs.slice(0, n), true);
      if (isNode(node) && node.range) return p.baseLine + p.lc.linePos(node.range[0]).line;
    }
    return origin.line;
  }
}
