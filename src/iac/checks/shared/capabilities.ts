/** Linux capabilities that give a container a known route to the host or other processes (PSS baseline forbids adding them). */

const DANGEROUS = new Set(['ALL', 'SYS_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_BOOT', 'NET_ADMIN', 'DAC_READ_SEARCH', 'BPF', 'PERFMON', 'SYS_TIME', 'MAC_ADMIN', 'MAC_OVERRIDE']);

/** The dangerous ones among `caps` (`CAP_` prefix and case ignored). */
export function dangerousCaps(caps: string[]): string[] {
  return caps.map((c) => c.toUpperCase().replace(/^CAP_/, '')).filter((c) => DANGEROUS.has(c));
}
