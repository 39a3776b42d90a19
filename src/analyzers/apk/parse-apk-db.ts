/**
 * apk-tools installed database (`lib/apk/db/installed`): one `X:value` line per field, a blank line
 * between packages. P name, V version, A arch, o origin (source package), L license, m maintainer,
 * D dependencies, p provides, F directory followed by its R files.
 */
import type { Location, Package } from '../../core/index.js';
import { osPurl } from '../shared/os-purl.js';

export const APK_ANALYZER_ID = 'apk';

interface Raw {
  fields: Map<string, string>;
  files: string[];
  line: number;
}

export interface ApkParse {
  packages: Package[];
  warnings: string[];
}

function records(text: string): { raws: Raw[]; badLines: number[] } {
  const raws: Raw[] = [];
  const badLines: number[] = [];
  let cur: Raw | undefined;
  let dir = '';
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (line === '') {
      if (cur) raws.push(cur);
      cur = undefined;
      dir = '';
      continue;
    }
    if (line.length < 2 || line[1] !== ':') {
      badLines.push(i + 1);
      continue;
    }
    cur ??= { fields: new Map(), files: [], line: i + 1 };
    const key = line[0];
    const value = line.slice(2);
    if (key === 'F') dir = value;
    else if (key === 'R') cur.files.push(dir ? `${dir}/${value}` : value);
    else if (!cur.fields.has(key)) cur.fields.set(key, value);
  }
  if (cur) raws.push(cur);
  return { raws, badLines };
}

/** `so:libc.musl-x86_64.so.1=1` / `curl>=7` / `!foo` → the bare name (conflicts → undefined). */
function depName(token: string): string | undefined {
  if (token.startsWith('!')) return undefined;
  return token.split(/[<>=~]/)[0] || undefined;
}

function toPackage(raw: Raw, location: Location): Package {
  const f = raw.fields;
  const name = f.get('P') ?? '';
  const version = f.get('V') ?? '';
  const pkg: Package = {
    name,
    version,
    ecosystem: 'alpine',
    type: 'os',
    purl: '',
    source: { name: f.get('o') || name, version },
    licenses: f.get('L') ? [f.get('L') as string] : [],
    locations: [location],
    foundBy: [APK_ANALYZER_ID],
    ...(f.get('A') ? { arch: f.get('A') } : {}),
    ...(f.get('m') ? { maintainer: f.get('m') } : {}),
    ...(raw.files.length ? { files: raw.files } : {}),
  };
  pkg.purl = osPurl('apk', pkg);
  return pkg;
}

/** Resolves `D:` tokens against package names and `p:` provides of the same database. */
function link(raws: Raw[], pkgs: Package[]): void {
  const provider = new Map<string, Package>();
  pkgs.forEach((p, i) => {
    for (const t of (raws[i].fields.get('p') ?? '').split(/\s+/)) {
      const n = depName(t);
      if (n && !provider.has(n)) provider.set(n, p);
    }
  });
  // A real package name beats a virtual provide of the same name.
  for (const p of pkgs) provider.set(p.name, p);
  pkgs.forEach((p, i) => {
    const deps = new Set<string>();
    for (const t of (raws[i].fields.get('D') ?? '').split(/\s+/)) {
      const n = depName(t);
      const hit = n ? provider.get(n) : undefined;
      if (hit && hit !== p) deps.add(hit.purl);
    }
    if (deps.size) p.dependsOn = [...deps].sort();
  });
}

export function parseApkInstalled(text: string, location: Location): ApkParse {
  const { raws, badLines } = records(text);
  const warnings: string[] = [];
  const good = raws.filter((r) => r.fields.get('P') && r.fields.get('V'));
  const packages = good.map((r) => toPackage(r, location));
  link(good, packages);
  if (badLines.length) warnings.push(`${location.path}: ${badLines.length} malformed line(s), first at line ${badLines[0]}`);
  if (good.length < raws.length) {
    const bad = raws.find((r) => !good.includes(r));
    warnings.push(`${location.path}: ${raws.length - good.length} record(s) without P: or V: skipped (line ${bad?.line})`);
  }
  return { packages, warnings };
}
