/** Tar entry names → clean root-relative POSIX paths; anything escaping the root is refused. */
import { posix } from 'node:path';
import { BulwarkError } from '../core/index.js';

/** `./usr/bin/` → `usr/bin`; `/etc/x` and `a/../../x` throw PATH_TRAVERSAL. Root itself → ''. */
export function cleanEntryPath(name: string, label: string): string {
  let p = name;
  while (p.startsWith('./')) p = p.slice(2);
  if (p.startsWith('/')) throw new BulwarkError('PATH_TRAVERSAL', `${label}: absolute path in layer: ${JSON.stringify(name)}`);
  if (p === '' || p === '.') return '';
  const norm = posix.normalize(p).replace(/\/+$/, '');
  if (norm === '..' || norm.startsWith('../')) throw new BulwarkError('PATH_TRAVERSAL', `${label}: entry escapes the root: ${JSON.stringify(name)}`);
  return norm === '.' ? '' : norm;
}

export interface Whiteout { kind: 'opaque' | 'file'; path: string }

/** `.wh..wh..opq` marks its directory opaque; `.wh.<name>` deletes `<name>` (github.com/opencontainers/image-spec/blob/main/layer.md). */
export function whiteoutOf(path: string): Whiteout | undefined {
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  if (!base.startsWith('.wh.')) return undefined;
  const dir = slash < 0 ? '' : path.slice(0, slash);
  if (base === '.wh..wh..opq') return { kind: 'opaque', path: dir };
  const target = base.slice(4);
  return { kind: 'file', path: dir ? `${dir}/${target}` : target };
}
