/**
 * POSIX ustar / GNU / PAX header decoding (pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html).
 * Shared by the seeking archive index (sources) and the streaming layer parser (layerwalk), which is why it
 * lives below both (src/tar/, level 1).
 */

export const BLOCK = 512;

type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other'
  | 'pax' | 'pax-global' | 'gnu-longname' | 'gnu-longlink';

export interface TarHeader {
  name: string;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  type: TarEntryType;
  linkname: string;
}

const TYPES: Record<string, TarEntryType> = {
  '0': 'file', '\0': 'file', '7': 'file', '1': 'hardlink', '2': 'symlink', '5': 'directory',
  x: 'pax', g: 'pax-global', L: 'gnu-longname', K: 'gnu-longlink',
};

function cstring(b: Buffer, start: number, len: number): string {
  const end = b.indexOf(0, start);
  return b.toString('utf8', start, end < 0 || end > start + len ? start + len : end);
}

/** Octal, or GNU base-256 (high bit set) for values ≥ 8 GiB. NaN when the field is not a number. */
function numeric(b: Buffer, start: number, len: number): number {
  if (b[start] & 0x80) {
    let v = b[start] & 0x7f;
    for (let i = start + 1; i < start + len; i++) v = v * 256 + b[i];
    return v;
  }
  const s = cstring(b, start, len).trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) return NaN;
  return parseInt(s, 8);
}

export function isZeroBlock(b: Buffer, off = 0): boolean {
  for (let i = off; i < off + BLOCK; i++) if (b[i] !== 0) return false;
  return true;
}

/** Decodes one 512-byte header at `off`; returns undefined when the checksum does not match (not a tar). */
export function parseTarHeader(b: Buffer, off = 0): TarHeader | undefined {
  const stored = numeric(b, off + 148, 8);
  let sum = 0;
  for (let i = off; i < off + BLOCK; i++) sum += i >= off + 148 && i < off + 156 ? 32 : b[i];
  if (!Number.isFinite(stored) || stored !== sum) return undefined;
  const size = numeric(b, off + 124, 12);
  if (!Number.isFinite(size)) return undefined;
  let name = cstring(b, off, 100);
  // ustar: a 155-byte prefix joined with '/'.
  if (b.toString('latin1', off + 257, off + 262) === 'ustar') {
    const prefix = cstring(b, off + 345, 155);
    if (prefix) name = `${prefix}/${name}`;
  }
  const flag = String.fromCharCode(b[off + 156]);
  return {
    name, size,
    mode: numeric(b, off + 100, 8) || 0,
    uid: numeric(b, off + 108, 8) || 0,
    gid: numeric(b, off + 116, 8) || 0,
    type: TYPES[flag] ?? 'other',
    linkname: cstring(b, off + 157, 100),
  };
}

/** PAX extended header records: `<len> <key>=<value>\n`. */
export function parsePax(b: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < b.length) {
    const sp = b.indexOf(0x20, i);
    if (sp < 0) break;
    const len = parseInt(b.toString('ascii', i, sp), 10);
    if (!Number.isFinite(len) || len <= 0 || i + len > b.length) break;
    const rec = b.toString('utf8', sp + 1, i + len - 1);
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}

/** Applies pending PAX / GNU long-name overrides to the next real header. */
export function applyOverrides(h: TarHeader, pax: Record<string, string>, longName?: string, longLink?: string): TarHeader {
  const out = { ...h };
  if (longName !== undefined) out.name = longName;
  if (longLink !== undefined) out.linkname = longLink;
  if (pax.path !== undefined) out.name = pax.path;
  if (pax.linkpath !== undefined) out.linkname = pax.linkpath;
  if (pax.size !== undefined && /^\d+$/.test(pax.size)) out.size = Number(pax.size);
  return out;
}

export function padded(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK;
}
