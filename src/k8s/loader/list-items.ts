/**
 * Where each item of a `kind: List` document sits in the text, found in one pass over the document.
 * `kubectl get -o yaml|json` prints tens of thousands of items in one document; locating every item (and later
 * every finding's field) by walking the whole document again made a List scan quadratic (#19). With each item's
 * own span, parsing records it once and a line lookup reads that one item only.
 */
import { keyOf } from './locate-block.js';

/** Text span of one item: `start` is where its value begins (after `- ` in block YAML); `line` is 1-based. */
export interface ItemSpan { start: number; end: number; line: number }

const ITEM = /^-(\s|$)/;

/** One line, reused for every line of a pass: the text is cut only when a caller reads `content` (few do). */
class RawLine {
  start = 0;
  end = 0;
  indent = 0;
  constructor(private readonly text: string) {}

  get content(): string {
    return this.text.slice(this.start + this.indent, this.end).replace(/\r$/, '');
  }
}

/** Calls `visit` for every non-blank, non-comment line of [from, to) until it returns false. */
function eachContentLine(text: string, from: number, to: number, visit: (l: RawLine) => boolean): void {
  const line = new RawLine(text);
  let pos = from;
  while (pos < to) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 || nl >= to ? to : nl;
    let i = pos;
    while (i < end && text.charCodeAt(i) === 32) i++;
    const c = text.charCodeAt(i);
    const blank = i === end || c === 35 /* # */ || (c === 13 && i + 1 === end);
    if (!blank) {
      line.start = pos;
      line.end = end;
      line.indent = i - pos;
      if (!visit(line)) return;
    }
    pos = end + 1;
  }
}

/** Block YAML: the root `items:` key, then every `- ` line at the item indent opens an item. */
function blockSpans(text: string, from: number, to: number, lineOf: (offset: number) => number): ItemSpan[] | undefined {
  let rootIndent = -1;
  let state: 'root' | 'first' | 'items' | 'bad' = 'root';
  let itemIndent = -1;
  const out: ItemSpan[] = [];
  eachContentLine(text, from, to, (l) => {
    if (rootIndent < 0) rootIndent = l.indent;
    if (state === 'root') {
      if (l.indent === rootIndent && keyOf(l.content) === 'items') {
        const value = l.content.slice(l.content.indexOf(':') + 1).replace(/\s#.*$/, '').trim();
        state = value === '' ? 'first' : value === '[]' ? 'root' : 'bad';
      }
      return state !== 'bad';
    }
    if (state === 'first') {
      if (!ITEM.test(l.content) || l.indent < rootIndent) { state = 'bad'; return false; }
      itemIndent = l.indent;
      state = 'items';
    }
    if (l.indent < itemIndent || (l.indent === itemIndent && !ITEM.test(l.content))) {
      if (out.length) out[out.length - 1].end = l.start;
      return false;
    }
    if (l.indent === itemIndent) {
      if (out.length) out[out.length - 1].end = l.start;
      const rest = l.content.slice(1).trimStart();
      const start = l.start + l.indent + (rest ? l.content.length - rest.length : 1);
      out.push({ start, end: to, line: lineOf(l.start) });
    }
    return true;
  });
  return (state as string) === 'bad' ? undefined : out; // set inside the callback
}

/** JSON (what `kubectl get -o json` prints): the root object's `"items"` array of objects. */
function jsonSpans(text: string, from: number, to: number, lineOf: (offset: number) => number): ItemSpan[] | undefined {
  const out: ItemSpan[] = [];
  let depth = 0;
  let key = '';
  let inItems = false;
  let itemStart = -1;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '"') {
      const close = stringEnd(text, i, to);
      if (close < 0) return undefined;
      if (depth === 1) key = text.slice(i + 1, close);
      i = close;
    } else if (c === '{' || c === '[') {
      if (depth === 1 && c === '[' && key === 'items') inItems = true;
      else if (inItems && depth === 2) {
        if (c !== '{') return undefined;
        itemStart = i;
      }
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (inItems && depth === 2 && itemStart >= 0) {
        out.push({ start: itemStart, end: i + 1, line: lineOf(itemStart) });
        itemStart = -1;
      } else if (inItems && depth === 1) return out;
    } else if (depth === 1 && c === ',') key = '';
  }
  return undefined;
}

/** Index of the closing quote of the JSON string opening at `open`, or -1. */
function stringEnd(text: string, open: number, to: number): number {
  for (let j = open + 1; j < to; j++) {
    const ch = text.charCodeAt(j);
    if (ch === 92) j++;
    else if (ch === 34) return j;
  }
  return -1;
}

/**
 * Spans of the items of the List document `text[from, to)` (its first line is the 0-based `startLine`), or
 * undefined when the layout is not one this reader follows (flow-style YAML, say): callers then fall back to
 * the document's own position.
 */
export function listItemSpans(text: string, from: number, to: number, startLine: number): ItemSpan[] | undefined {
  // Line numbers are counted forward only, once over the document (offsets come in increasing order).
  let counted = from;
  let line = startLine;
  const lineOf = (offset: number): number => {
    for (let i = text.indexOf('\n', counted); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    counted = offset;
    return line + 1;
  };
  let first = '';
  eachContentLine(text, from, to, (l) => { first = l.content; return false; });
  return first.startsWith('{') ? jsonSpans(text, from, to, lineOf) : blockSpans(text, from, to, lineOf);
}
