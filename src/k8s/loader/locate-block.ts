/**
 * Finds the line of a field path in block-style YAML by indentation alone (what kubectl, helm and kustomize
 * print), without building a syntax tree. Returns undefined when the text leaves block style in a way it cannot
 * follow (the caller then parses the document properly). A value written in flow style (`{…}`/`[…]`) resolves
 * to the line where that flow collection starts.
 */

export interface Line { indent: number; text: string; no: number }

const KEY = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#'"{[][^:#]*?))\s*:(?:\s|$)/;

export function keyOf(text: string): string | undefined {
  const m = KEY.exec(text);
  if (!m) return undefined;
  return m[1] ?? m[2]?.replace(/''/g, "'") ?? m[3];
}

export function contentLines(text: string, baseLine: number): Line[] {
  const out: Line[] = [];
  const raw = text.split('\n');
  for (let i = 0; i < raw.length; i++) {
    const l = raw[i].replace(/\r$/, '');
    const t = l.trimStart();
    if (!t || t.startsWith('#')) continue;
    out.push({ indent: l.length - t.length, text: t, no: baseLine + i });
  }
  return out;
}

/** Children of the node spanning lines [from, to): their indent is the indent of the first line. */
function childRange(lines: Line[], from: number, to: number): { indent: number; from: number; to: number } | undefined {
  if (from >= to) return undefined;
  return { indent: lines[from].indent, from, to };
}

/** End of the block that starts at `i` (exclusive): next line at indent ≤ `indent`. */
function blockEnd(lines: Line[], i: number, to: number, indent: number): number {
  let j = i + 1;
  while (j < to && lines[j].indent > indent) j++;
  return j;
}

/** `head` replaces line `from` when a `- key: v` item is re-read as a mapping (the shared lines stay untouched). */
interface Range { indent: number; from: number; to: number; head?: Line }

function at(lines: Line[], range: Range, i: number): Line {
  return i === range.from && range.head ? range.head : lines[i];
}
/** One step: the next range to search (undefined = a scalar was reached), the line, or `fail` to give up. */
type Step = { range: Range | undefined; line: number } | 'missing' | 'fail';

const ITEM = /^-(\s|$)/;

function stepIndex(lines: Line[], range: Range, seg: number): Step {
  let n = -1;
  let found = -1;
  for (let i = range.from; i < range.to; i++) {
    const l = at(lines, range, i);
    if (l.indent !== range.indent) continue;
    if (!ITEM.test(l.text)) return 'fail';
    if (++n === seg) { found = i; break; }
  }
  if (found < 0) return 'missing';
  const item = at(lines, range, found);
  const end = blockEnd(lines, found, range.to, item.indent);
  const rest = item.text.replace(/^-\s*/, '');
  if (!rest) return { range: childRange(lines, found + 1, end), line: item.no };
  if (/^[{[]/.test(rest)) return { range: undefined, line: item.no };
  // `- key: v`: the item's mapping starts on this line, further in.
  const head = { indent: item.indent + (item.text.length - rest.length), text: rest, no: item.no };
  return { range: { indent: head.indent, from: found, to: end, head }, line: item.no };
}

function stepKey(lines: Line[], range: Range, seg: string): Step {
  let found = -1;
  for (let i = range.from; i < range.to; i++) {
    const l = at(lines, range, i);
    if (l.indent === range.indent && keyOf(l.text) === seg) { found = i; break; }
  }
  if (found < 0) return 'missing';
  const line = at(lines, range, found);
  const value = line.text.slice(line.text.indexOf(':') + 1).trim();
  if (/^[{[]/.test(value)) return { range: undefined, line: line.no }; // flow collection: fields inside are on this line
  if (value && !/^[|>&!#]/.test(value)) return { range: undefined, line: line.no };
  let to = blockEnd(lines, found, range.to, line.indent);
  // A sequence may sit at the same indent as its key (`key:\n- a`).
  while (to < range.to && lines[to].indent === line.indent && ITEM.test(lines[to].text)) to = blockEnd(lines, to, range.to, line.indent);
  return { range: childRange(lines, found + 1, to), line: line.no };
}

/**
 * Walks `segs` from the document root; a missing segment resolves to its nearest existing parent's line.
 * A sequence item `- key: v` is re-read as a mapping line that starts after `- `.
 */
export function locateBlock(text: string, baseLine: number, segs: Array<string | number>): number | undefined {
  return locateInLines(contentLines(text, baseLine), segs);
}

/** `locateBlock` on lines already split (callers resolving several fields of one object split it once). */
export function locateInLines(lines: Line[], segs: Array<string | number>): number | undefined {
  if (!lines.length || /^[{[]/.test(lines[0].text)) return undefined;
  let range = childRange(lines, 0, lines.length);
  let lastLine = lines[0].no;
  for (const seg of segs) {
    if (!range) return lastLine;
    const step = typeof seg === 'number' ? stepIndex(lines, range, seg) : stepKey(lines, range, seg);
    if (step === 'fail') return undefined;
    if (step === 'missing') return lastLine;
    range = step.range;
    lastLine = step.line;
  }
  return lastLine;
}
