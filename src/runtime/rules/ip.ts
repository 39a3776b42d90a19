/** IPv4/IPv6 addresses and CIDR nets as bigints, for fd.net-style comparisons. */

function v4(s: string): bigint | undefined {
  const p = s.split('.');
  if (p.length !== 4) return undefined;
  let n = 0n;
  for (const x of p) {
    if (!/^\d{1,3}$/.test(x) || Number(x) > 255) return undefined;
    n = (n << 8n) | BigInt(Number(x));
  }
  return n;
}

function v6(s: string): bigint | undefined {
  const dbl = s.indexOf('::');
  const parse = (part: string): number[] | undefined => {
    if (!part) return [];
    const out: number[] = [];
    const groups = part.split(':');
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (i === groups.length - 1 && g.includes('.')) {
        const n = v4(g);
        if (n === undefined) return undefined;
        out.push(Number(n >> 16n), Number(n & 0xffffn));
      } else if (/^[0-9a-f]{1,4}$/i.test(g)) out.push(parseInt(g, 16));
      else return undefined;
    }
    return out;
  };
  let groups: number[] | undefined;
  if (dbl >= 0) {
    const a = parse(s.slice(0, dbl));
    const b = parse(s.slice(dbl + 2));
    if (!a || !b || a.length + b.length > 7) return undefined;
    groups = [...a, ...new Array<number>(8 - a.length - b.length).fill(0), ...b];
  } else groups = parse(s);
  if (!groups || groups.length !== 8) return undefined;
  return groups.reduce((n, g) => (n << 16n) | BigInt(g), 0n);
}

interface IpValue { v6: boolean; n: bigint }

export function parseIp(s: string): IpValue | undefined {
  if (s.includes(':')) { const n = v6(s); return n === undefined ? undefined : { v6: true, n }; }
  const n = v4(s);
  return n === undefined ? undefined : { v6: false, n };
}

export interface IpNet { v6: boolean; base: bigint; mask: bigint }

/** `10.0.0.0/8`, `fd00::/8`, or a single address (a /32 or /128). */
export function parseNet(s: string): IpNet | undefined {
  const [addr, bits] = s.split('/');
  const ip = parseIp(addr ?? '');
  if (!ip) return undefined;
  const width = ip.v6 ? 128 : 32;
  const len = bits === undefined ? width : Number(bits);
  if (!Number.isInteger(len) || len < 0 || len > width) return undefined;
  const mask = len === 0 ? 0n : ((1n << BigInt(len)) - 1n) << BigInt(width - len);
  return { v6: ip.v6, base: ip.n & mask, mask };
}

export function netContains(net: IpNet, ip: IpValue): boolean {
  return net.v6 === ip.v6 && (ip.n & net.mask) === net.base;
}
