/**
 * Drift: an executable run in a container that the image did not ship. The baseline is the set of file
 * paths the image has (with sha256 when known): from a Bulwark scan result JSON (every package's installed
 * files), or from a root filesystem directory (an exported image, hashed here). An exec whose path is not
 * in the baseline — or whose sha256 differs from the baseline's — is drift; the alert carries the hash.
 */
import { createHash } from 'node:crypto';
import { openSync, readSync, closeSync, fstatSync, readdirSync, lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BulwarkError } from '../../core/index.js';

export interface DriftBaseline {
  /** Where it came from, for the alert text. */
  origin: string;
  files: Map<string, string | undefined>;
}

interface DriftVerdict { drift: boolean; reason?: 'not-in-image' | 'modified'; sha256?: string }

/** sha256 of a file, by path (use /proc/PID/exe to hash what a process runs, even if unlinked). */
export function sha256File(path: string): string | undefined {
  let fd: number;
  try { fd = openSync(path, 'r'); } catch { return undefined; }
  try {
    if (!fstatSync(fd).isFile()) return undefined;
    const h = createHash('sha256');
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) { const n = readSync(fd, buf, 0, buf.length, null); if (n <= 0) break; h.update(buf.subarray(0, n)); }
    return h.digest('hex');
  } catch { return undefined; } finally { closeSync(fd); }
}

const norm = (p: string): string => `/${p.replace(/^\.?\/+/, '')}`;

/** From `bulwark image … -f json`: packages[].files (and the usr-merge aliases /bin ↔ /usr/bin). */
export function baselineFromScanJson(path: string): DriftBaseline {
  let doc: { packages?: Array<{ files?: string[] }>; target?: { name?: string } };
  try { doc = JSON.parse(readFileSync(path, 'utf8')) as typeof doc; } catch (e) {
    throw new BulwarkError('MALFORMED_DOCUMENT', `--drift ${path}: not a Bulwark JSON scan result (${(e as Error).message.split('\n')[0]})`);
  }
  if (!Array.isArray(doc.packages)) throw new BulwarkError('MALFORMED_DOCUMENT', `--drift ${path}: no packages[] (use bulwark image … -f json)`);
  return baselineFromPackages(doc.packages, `scan ${doc.target?.name ?? path}`);
}

/** The files the image's packages installed (a scan result's packages[].files). */
export function baselineFromPackages(packages: ReadonlyArray<{ files?: readonly string[] }>, origin: string): DriftBaseline {
  const files = new Map<string, string | undefined>();
  for (const p of packages) for (const f of p.files ?? []) addWithAliases(files, norm(f), undefined);
  return { origin, files };
}

function addWithAliases(files: Map<string, string | undefined>, p: string, hash: string | undefined): void {
  files.set(p, hash);
  // usr-merged images: /bin/sh and /usr/bin/sh are the same file
  for (const d of ['bin', 'sbin', 'lib', 'lib64']) {
    if (p.startsWith(`/${d}/`)) files.set(`/usr${p}`, hash);
    else if (p.startsWith(`/usr/${d}/`)) files.set(p.slice(4), hash);
  }
}

/** From a root filesystem directory (e.g. `skopeo copy` + untar, or a container's lower dir): executables, hashed. */
export function baselineFromRootfs(root: string, maxFiles = 200_000): DriftBaseline {
  const files = new Map<string, string | undefined>();
  const walk = (dir: string, rel: string): void => {
    let names: string[];
    try { names = readdirSync(dir); } catch { return; }
    for (const n of names) {
      if (files.size >= maxFiles) return;
      const abs = join(dir, n);
      const r = `${rel}/${n}`;
      let st;
      try { st = lstatSync(abs); } catch { continue; }
      if (st.isDirectory()) walk(abs, r);
      else if (st.isFile() && (st.mode & 0o111)) addWithAliases(files, r, sha256File(abs));
      else if (st.isSymbolicLink()) addWithAliases(files, r, undefined);
    }
  };
  walk(root, '');
  return { origin: `rootfs ${root}`, files };
}

export function checkDrift(b: DriftBaseline, path: string, sha256: string | undefined): DriftVerdict {
  if (!b.files.has(path)) return { drift: true, reason: 'not-in-image', ...(sha256 ? { sha256 } : {}) };
  const want = b.files.get(path);
  if (want && sha256 && want !== sha256) return { drift: true, reason: 'modified', sha256 };
  return { drift: false, ...(sha256 ? { sha256 } : {}) };
}
