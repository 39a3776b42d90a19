/** Plain-text tables for terminals: column widths from content, long cells cut with an ellipsis. */

export interface GridOptions {
  /** Cap per column (characters); the last column is never cut. */
  maxWidth?: number;
}

/** Control characters from untrusted names (package names, paths) must not reach the terminal. */
export function cell(v: unknown): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  return String(v ?? '').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

export function grid(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, opts: GridOptions = {}): string {
  const max = opts.maxWidth ?? 60;
  const last = headers.length - 1;
  const clean = rows.map((r) => r.map((c, i) => {
    const s = cell(c);
    return i < last && s.length > max ? `${s.slice(0, max - 1)}…` : s;
  }));
  // A loop, not Math.max(...column): 100k+ rows would overflow the argument stack.
  const widths = headers.map((h) => h.length);
  for (const r of clean) for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i], (r[i] ?? '').length);
  const line = (r: readonly string[]) => r.map((c, i) => (i === last ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
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
