/**
 * OS identification files → OsInfo: os-release (freedesktop.org/software/systemd/man/os-release.html),
 * alpine-release, debian_version, redhat-release.
 */
import type { OsInfo } from '../../core/index.js';

/** os-release `ID` → Bulwark family id (the names vulnerability feeds use). */
const FAMILY_BY_ID: Record<string, string> = {
  debian: 'debian', ubuntu: 'ubuntu', alpine: 'alpine', wolfi: 'wolfi', chainguard: 'chainguard',
  rhel: 'rhel', centos: 'centos', rocky: 'rocky', almalinux: 'alma', fedora: 'fedora', ol: 'oracle',
  amzn: 'amazon', sles: 'sles', sled: 'sles', 'opensuse-leap': 'opensuse-leap', opensuse: 'opensuse-leap',
  'opensuse-tumbleweed': 'opensuse-tumbleweed', photon: 'photon', azurelinux: 'azurelinux', mariner: 'mariner',
};

/** KEY=value lines; values may be double- or single-quoted with backslash escapes. */
export function parseKeyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    let v = line.slice(eq + 1).trim();
    if ((v.startsWith('"') && v.endsWith('"') && v.length >= 2) || (v.startsWith("'") && v.endsWith("'") && v.length >= 2)) {
      v = v.slice(1, -1).replace(/\\(["'$`\\])/g, '$1');
    }
    out[line.slice(0, eq).trim()] = v;
  }
  return out;
}

export function parseOsRelease(text: string): OsInfo | undefined {
  const kv = parseKeyValues(text);
  const id = (kv.ID ?? '').toLowerCase();
  if (!id) return undefined;
  const family = FAMILY_BY_ID[id] ?? id;
  const codename = kv.VERSION_CODENAME || kv.UBUNTU_CODENAME || /\(([A-Za-z ]+)\)/.exec(kv.VERSION ?? '')?.[1]?.toLowerCase();
  return {
    family,
    version: kv.VERSION_ID ?? '',
    ...(codename ? { codename } : {}),
    ...(kv.PRETTY_NAME ? { prettyName: kv.PRETTY_NAME } : {}),
  };
}

export function parseAlpineRelease(text: string): OsInfo | undefined {
  const v = text.trim().split(/\s+/)[0];
  return v ? { family: 'alpine', version: v } : undefined;
}

/** `12.4` → 12.4; `bookworm/sid` (testing) → codename only. */
export function parseDebianVersion(text: string): OsInfo | undefined {
  const v = text.trim();
  if (!v) return undefined;
  if (/^\d/.test(v)) return { family: 'debian', version: v };
  return { family: 'debian', version: '', codename: v.split('/')[0] };
}

const REDHAT_NAMES: Array<[RegExp, string]> = [
  [/^Red Hat Enterprise Linux/i, 'rhel'], [/^CentOS/i, 'centos'], [/^Rocky/i, 'rocky'], [/^AlmaLinux/i, 'alma'],
  [/^Fedora/i, 'fedora'], [/^Oracle Linux/i, 'oracle'], [/^Amazon Linux/i, 'amazon'],
];

/** `Rocky Linux release 9.3 (Blue Onyx)` → rocky 9.3. */
export function parseRedhatRelease(text: string): OsInfo | undefined {
  const line = text.trim().split('\n')[0] ?? '';
  const family = REDHAT_NAMES.find(([re]) => re.test(line))?.[1];
  const version = /release\s+([\d.]+)/i.exec(line)?.[1];
  if (!family || !version) return undefined;
  return { family, version, prettyName: line };
}
