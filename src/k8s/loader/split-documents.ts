/**
 * Splits a YAML stream at document markers. A `---` (or `...`) at column 0 followed by space or end of line can
 * never be document content (YAML 1.2 §9.1.4 c-forbidden), so splitting on it is exact without parsing.
 */

export interface DocSlice {
  /** Offset of the first character after the `---` marker (or 0 for the first document). */
  start: number;
  end: number;
  /** 0-based line of `start`. */
  startLine: number;
}

export function splitDocuments(text: string): DocSlice[] {
  const out: DocSlice[] = [];
  let docStart = 0;
  let docLine = 0;
  let line = 0;
  let pos = 0;
  let ended = false; // after `...` the stream waits for the next `---`
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl < 0 ? text.length : nl;
    if (text.startsWith('---', pos) || text.startsWith('...', pos)) {
      const after = text.charCodeAt(pos + 3);
      if (pos + 3 >= lineEnd || after === 32 || after === 9 || after === 13) {
        if (!ended) out.push({ start: docStart, end: pos, startLine: docLine });
        ended = text[pos] === '.';
        docStart = pos + 3;
        docLine = line;
      }
    }
    if (nl < 0) break;
    pos = nl + 1;
    line++;
  }
  if (!ended) out.push({ start: docStart, end: text.length, startLine: docLine });
  return out;
}

/** 1-based line of the first non-blank, non-comment line of a slice (the object's first line). */
export function firstContentLine(text: string, slice: DocSlice): number | undefined {
  let line = slice.startLine;
  let pos = slice.start;
  while (pos < slice.end) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 || nl > slice.end ? slice.end : nl;
    const content = text.slice(pos, end).trim();
    if (content && !content.startsWith('#')) return line + 1;
    if (nl < 0) break;
    pos = nl + 1;
    line++;
  }
  return undefined;
}
