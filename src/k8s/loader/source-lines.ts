/**
 * Field path → source line, resolved only for objects with findings. Block-style YAML is located by indentation
 * (cheap); JSON, flow style and anything unusual fall back to parsing that one document with `yaml`.
 */
import { LineCounter, parseDocument, isMap, isNode, isScalar } from 'yaml';
import type { ObjectOrigin } from '../model/object.js';
import { contentLines, locateInLines, type Line } from './locate-block.js';

/** `spec.containers[0].securityContext` / `metadata.annotations[a.b/c]` → ['spec','containers',0,'securityContext']. */
export function parseFieldPath(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  let cur = '';
  for (let i = 0; i < path.length; i++) {
    const ch = path[i];
    if (ch === '.') {
      if (cur) out.push(cur);
      cur = '';
    } else if (ch === '[') {
      if (cur) out.push(cur);
      cur = '';
      const end = path.indexOf(']', i);
      const inner = path.slice(i + 1, end < 0 ? path.length : end);
      out.push(/^\d+$/.test(inner) ? Number(inner) : inner);
      i = end < 0 ? path.length : end;
    } else {
      cur += ch;
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** The careful locator (0-based line): a syntax tree for one document, pointing at keys rather than values. */
export function locateParsed(slice: string, baseLine: number, segs: Array<string | number>): number | undefined {
  const lc = new LineCounter();
  const doc = parseDocument(slice, { lineCounter: lc });
  for (let n = segs.length; n > 0; n--) {
    const last = segs[n - 1];
    if (typeof last === 'string') {
      const parent = n === 1 ? doc.contents : doc.getIn(segs.slice(0, n - 1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((it) => isScalar(it.key) && String(it.key.value) === last);
        const r = pair && isNode(pair.key) ? pair.key.range : undefined;
        if (r) return baseLine + lc.linePos(r[0]).line - 1;
      }
      continue;
    }
    const node = doc.getIn(segs.slice(0, n), true);
    if (isNode(node) && node.range) return baseLine + lc.linePos(node.range[0]).line - 1;
  }
  return undefined;
}

export class SourceLines {
  private readonly texts = new Map<string, string>();
  private readonly newlines = new Map<string, number[]>();
  /** An object's text split into lines once, for all of its findings (weak: dropped with the object). */
  private readonly split = new WeakMap<ObjectOrigin, { slice: string; baseLine: number; lines: Line[] }>();

  add(file: string, text: string): void {
    this.texts.set(file, text);
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

  /** Line of the field (or the object itself without a field); an unset field points at its nearest parent. */
  lineOf(origin: ObjectOrigin, field: string | undefined): number | undefined {
    const own = origin.span;
    const segs = own ? parseFieldPath(field ?? '') : [...parseFieldPath(origin.prefix), ...parseFieldPath(field ?? '')];
    if (!segs.length) return origin.line;
    const text = this.texts.get(origin.file);
    const at = own ?? origin.range;
    if (text === undefined || !at) return origin.line;
    let split = this.split.get(origin);
    if (!split) {
      const slice = itemText(text, at[0], at[1]);
      const baseLine = this.linesBefore(origin.file, text, at[0]);
      split = { slice, baseLine, lines: contentLines(slice, baseLine) };
      this.split.set(origin, split);
    }
    // Lines below are 0-based; +1 makes them 1-based.
    const line = locateInLines(split.lines, segs) ?? locateParsed(split.slice, split.baseLine, segs);
    return line === undefined ? origin.line : line + 1;
  }
}

/**
 * The text of [start, end). A List item's span starts after its `- ` marker, mid-line: its first line gets
 * the marker's width back as spaces so its keys line up with the item's later lines (and it parses alone).
 */
function itemText(text: string, start: number, end: number): string {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lead = text.slice(lineStart, start);
  const slice = text.slice(start, end);
  return lead && /^ *(?:- +|-$)*$/.test(lead) ? ' '.repeat(lead.length) + slice : slice;
}
