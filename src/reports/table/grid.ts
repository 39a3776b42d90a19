/**
 * Plain-text tables for terminals: column widths from content, long cells cut with an ellipsis. On a
 * terminal (`width` set) the table fits the width: only the columns not listed in `keep` (titles,
 * messages, names) are cut, widest first, so ids and versions stay whole and copyable.
 */

export interface GridOptions {
  /** Cap per cuttable column (characters) when not fitting a width; the last column is never capped. */
  maxWidth?: number;
  /** Terminal width to fit (undefined: full width, as for a pipe or a file). */
  width?: number;
  /** Columns never cut (ids, versions, severities, digests, line numbers). */
  keep?: readonly number[];
}

const GAP = 2;

/** Control characters from untrusted names (package names, paths) must not reach the terminal. */
export function cell(v: unknown): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  return String(v ?? '').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

/** `text` cut to `n` characters, the last one an ellipsis when anything was cut. */
export function clip(text: string, n: number): string {
  return text.length <= n ? text : n <= 0 ? '' : `${text.slice(0, n - 1)}…`;
}

/** Narrows the widest cuttable columns until the row fits `width` (or every cuttable column is 1 wide). */
function fitWidths(widths: number[], cuttable: readonly number[], width: number): number[] {
  const out = [...widths];
  let excess = out.reduce((a, b) => a + b, 0) + GAP * (out.length - 1) - width;
  while (excess > 0) {
    let widest = -1;
    for (const i of cuttable) if (out[i] > 1 && (widest < 0 || out[i] > out[widest])) widest = i;
    if (widest < 0) break;
    out[widest]--;
    excess--;
  }
  return out;
}

export function grid(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, opts: GridOptions = {}): string {
  const max = opts.maxWidth ?? 60;
  const last = headers.length - 1;
  const keep = new Set(opts.keep ?? []);
  const clean = rows.map((r) => r.map((c, i) => {
    const s = cell(c);
    return i < last && !keep.has(i) && s.length > max ? clip(s, max) : s;
  }));
  // A loop, not Math.max(...column): 100k+ rows would overflow the argument stack.
  let widths = headers.map((h) => h.length);
  for (const r of clean) for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i], (r[i] ?? '').length);
  if (opts.width !== undefined) widths = fitWidths(widths, headers.map((_, i) => i).filter((i) => !keep.has(i)), opts.width);
  const fit = opts.width !== undefined;
  const line = (r: readonly string[]) => r.map((c, i) => {
    const text = fit ? clip(c, widths[i]) : c;
    return i === last ? text : text.padEnd(widths[i]);
  }).join(' '.repeat(GAP)).trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...clean.map(line)].join('\n');
}

/** `Title\n=====` heading. */
export function heading(title: string): string {
  return `${title}\n${'='.repeat(title.length)}`;
}

export function humanBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}
