/**
 * dpkg version ordering (Debian Policy 5.6.12), needed at import time to keep the latest of several DSA/DLA
 * fixes for one CVE and to infer stable fixes from sid. Checked against `dpkg --compare-versions` in tests.
 */

const isDigit = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};

/** dpkg's order(): `~` < end of string < letters < everything else. */
function order(s: string, i: number): number {
  if (i >= s.length || isDigit(s, i)) return 0;
  const c = s.charCodeAt(i);
  if (c === 126) return -1;
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return c;
  return c + 256;
}

function compareFragment(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigit(a, i)) || (j < b.length && !isDigit(b, j))) {
      const ac = order(a, i);
      const bc = order(b, j);
      if (ac !== bc) return ac - bc;
      i++; j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    while (isDigit(a, i) && isDigit(b, j)) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++; j++;
    }
    if (isDigit(a, i)) return 1;
    if (isDigit(b, j)) return -1;
    if (firstDiff) return firstDiff;
  }
  return 0;
}

function split(v: string): [number, string, string] {
  const colon = v.indexOf(':');
  const epoch = colon > 0 ? Number(v.slice(0, colon)) || 0 : 0;
  const rest = colon > 0 ? v.slice(colon + 1) : v;
  const dash = rest.lastIndexOf('-');
  return dash >= 0 ? [epoch, rest.slice(0, dash), rest.slice(dash + 1)] : [epoch, rest, ''];
}

/** <0, 0, >0 like `dpkg --compare-versions a lt|eq|gt b`. */
export function compareDpkgVersions(a: string, b: string): number {
  const [ea, ua, ra] = split(a.trim());
  const [eb, ub, rb] = split(b.trim());
  if (ea !== eb) return ea - eb;
  return compareFragment(ua, ub) || compareFragment(ra, rb);
}
