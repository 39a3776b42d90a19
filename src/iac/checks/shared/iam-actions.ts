/** IAM action patterns (`ecr:*`, `ecr:Put*`, `*`): case-insensitive globs, as IAM evaluates them. */
const cache = new Map<string, RegExp>();

function glob(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&'))).join('')}$`, 'i');
    cache.set(pattern, re);
  }
  return re;
}

/** Does a statement's Action list cover `action`? */
export function actionAllowed(patterns: readonly string[], action: string): boolean {
  return patterns.some((p) => glob(p).test(action));
}
