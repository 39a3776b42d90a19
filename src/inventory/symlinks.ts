/** Symlink resolution confined to the image root (`..` never climbs above `/`), with loop detection. */
import { posix } from 'node:path';
import { BulwarkError } from '../core/index.js';

const MAX_HOPS = 40; // Linux's own MAXSYMLINKS

/**
 * Resolves `path` (root-relative) through `links` (path → target as written; absolute targets are
 * root-relative). Every component is resolved, like the kernel does. Throws on a loop.
 */
export function resolveInRoot(path: string, links: Readonly<Record<string, string>>): string {
  let hops = 0;
  const trail: string[] = [];
  const walk = (p: string): string => {
    const parts = p.split('/').filter((s) => s && s !== '.');
    const done: string[] = [];
    while (parts.length) {
      const part = parts.shift()!;
      if (part === '..') { done.pop(); continue; }
      const cur = [...done, part].join('/');
      const target = links[cur];
      if (target === undefined) { done.push(part); continue; }
      trail.push(cur);
      if (++hops > MAX_HOPS) {
        throw new BulwarkError('CORRUPT_LAYER', `symlink loop: ${trail.slice(0, 6).join(' → ')}${trail.length > 6 ? ' → …' : ''}`);
      }
      const base = target.startsWith('/') ? [] : done;
      const next = walk(posix.join(base.join('/') || '.', target.replace(/^\/+/, '')) || '.');
      done.length = 0;
      if (next) done.push(...next.split('/'));
    }
    return done.join('/');
  };
  return walk(path);
}

/** Checks every link resolves without looping; returns the first loop's error, if any. */
export function checkSymlinks(links: Readonly<Record<string, string>>): void {
  for (const p of Object.keys(links)) resolveInRoot(p, links);
}
