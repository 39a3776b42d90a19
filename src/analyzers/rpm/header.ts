/**
 * rpm header blobs as the package databases store them: `il` index entries and `dl` data bytes,
 * big-endian, no lead magic. Each entry is (tag, type, offset, count) into the data store.
 */

export const TAG = {
  NAME: 1000, VERSION: 1001, RELEASE: 1002, EPOCH: 1003, VENDOR: 1011, LICENSE: 1014, ARCH: 1022,
  SOURCERPM: 1044, PROVIDENAME: 1047, REQUIRENAME: 1049, DIRINDEXES: 1116, BASENAMES: 1117,
  DIRNAMES: 1118, MODULARITYLABEL: 5096,
} as const;

const TYPE = { INT32: 4, STRING: 6, STRING_ARRAY: 8, I18NSTRING: 9 } as const;

/** Headers larger than this are not real packages (rpm's own limit is 256 MiB for the data store). */
const MAX_DATA = 256 * 1024 * 1024;
const MAX_ENTRIES = 0xffff;

export interface RpmHeader {
  name: string;
  version: string;
  release: string;
  epoch?: number;
  arch?: string;
  license?: string;
  vendor?: string;
  sourceRpm?: string;
  modularityLabel?: string;
  provides: string[];
  requires: string[];
  /** Installed paths, root-relative (`usr/bin/bash`). */
  files: string[];
}

interface Entry {
  type: number;
  offset: number;
  count: number;
}

class HeaderError extends Error {}

function readStrings(data: Buffer, e: Entry, n: number): string[] {
  const out: string[] = [];
  let pos = e.offset;
  for (let i = 0; i < n; i++) {
    const end = data.indexOf(0, pos);
    if (end < 0) throw new HeaderError(`unterminated string at data offset ${pos}`);
    out.push(data.toString('utf8', pos, end));
    pos = end + 1;
  }
  return out;
}

function readInts(data: Buffer, e: Entry): number[] {
  if (e.offset + e.count * 4 > data.length) throw new HeaderError('integer array past the data store');
  return Array.from({ length: e.count }, (_, i) => data.readInt32BE(e.offset + i * 4));
}

/** Splits a blob into its entries; throws HeaderError on any structural inconsistency. */
function entries(blob: Buffer): { data: Buffer; byTag: Map<number, Entry> } {
  if (blob.length < 8) throw new HeaderError(`header of ${blob.length} bytes is too short`);
  const il = blob.readUInt32BE(0);
  const dl = blob.readUInt32BE(4);
  if (il < 1 || il > MAX_ENTRIES || dl > MAX_DATA) throw new HeaderError(`implausible header sizes (il=${il}, dl=${dl})`);
  const start = 8 + il * 16;
  if (start + dl > blob.length) throw new HeaderError(`header claims ${start + dl} bytes, blob has ${blob.length}`);
  const data = blob.subarray(start, start + dl);
  const byTag = new Map<number, Entry>();
  for (let i = 0; i < il; i++) {
    const o = 8 + i * 16;
    const tag = blob.readUInt32BE(o);
    const e = { type: blob.readUInt32BE(o + 4), offset: blob.readInt32BE(o + 8), count: blob.readUInt32BE(o + 12) };
    if (e.offset < 0 || e.offset > dl) throw new HeaderError(`tag ${tag} points outside the data store`);
    if (!byTag.has(tag)) byTag.set(tag, e);
  }
  return { data, byTag };
}

/** Decodes the fields Bulwark needs from one header blob. Throws on a malformed blob. */
export function parseHeader(blob: Buffer): RpmHeader {
  const { data, byTag } = entries(blob);
  const str = (tag: number): string | undefined => {
    const e = byTag.get(tag);
    if (!e) return undefined;
    if (e.type !== TYPE.STRING && e.type !== TYPE.I18NSTRING && e.type !== TYPE.STRING_ARRAY) return undefined;
    return readStrings(data, e, 1)[0];
  };
  const strs = (tag: number): string[] => {
    const e = byTag.get(tag);
    return e && (e.type === TYPE.STRING_ARRAY || e.type === TYPE.I18NSTRING) ? readStrings(data, e, e.count) : [];
  };
  const ints = (tag: number): number[] => {
    const e = byTag.get(tag);
    return e && e.type === TYPE.INT32 ? readInts(data, e) : [];
  };
  const name = str(TAG.NAME);
  if (!name) throw new HeaderError('header has no NAME');
  const epoch = ints(TAG.EPOCH)[0];
  const basenames = strs(TAG.BASENAMES);
  const dirnames = strs(TAG.DIRNAMES);
  const dirindexes = ints(TAG.DIRINDEXES);
  const files = basenames.map((b, i) => `${dirnames[dirindexes[i]] ?? ''}${b}`.replace(/^\/+/, ''));
  return {
    name,
    version: str(TAG.VERSION) ?? '',
    release: str(TAG.RELEASE) ?? '',
    ...(epoch !== undefined ? { epoch } : {}),
    arch: str(TAG.ARCH),
    license: str(TAG.LICENSE),
    vendor: str(TAG.VENDOR),
    sourceRpm: str(TAG.SOURCERPM),
    modularityLabel: str(TAG.MODULARITYLABEL),
    provides: strs(TAG.PROVIDENAME),
    requires: strs(TAG.REQUIRENAME),
    files,
  };
}

/** `openssl-3.0.7-24.el9.src.rpm` → name `openssl`, version `3.0.7-24.el9` (no epoch: rpm drops it). */
export function parseSourceRpm(srpm: string | undefined): { name: string; version: string } | undefined {
  if (!srpm) return undefined;
  const m = /^(.+)-([^-]+)-([^-]+)\.(?:no)?src\.rpm$/.exec(srpm);
  return m ? { name: m[1], version: `${m[2]}-${m[3]}` } : undefined;
}

/** What a database reader yields: header blobs plus non-fatal problems (damaged single records). */
export interface BlobRead {
  blobs: Buffer[];
  problems: string[];
}
