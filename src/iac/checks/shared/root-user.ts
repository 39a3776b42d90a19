/** `user` values that mean UID 0: `root`, `0`, `0:0`, `root:wheel`. An unset user is the image's choice, not root. */
import type { Val } from '../../model/value.js';

export function isRootUser(user: Val<string | undefined>): boolean {
  if (!user.known || user.value === undefined) return false;
  const name = user.value.trim().split(':')[0];
  return name === 'root' || name === '0';
}
