/** dpkg `status` / distroless `status.d/*` stanzas → installed packages (before OS finalisation). */
import type { Location, Package } from '../../core/index.js';
import { osPurl } from '../shared/os-purl.js';
import { parseControl, type Stanza } from './parse-control.js';

export const DPKG_ANALYZER_ID = 'dpkg';

/** One installed package plus what is needed to resolve dependency edges afterwards. */
export interface DpkgEntry {
  pkg: Package;
  /** Raw `Depends` + `Pre-Depends` values. */
  depends: string[];
  provides: string[];
}

export interface StatusParse {
  entries: DpkgEntry[];
  warnings: string[];
}

/**
 * Installed means want ∈ {install, hold}, flag ok, state installed. `deinstall`/`purge` (removal
 * requested), half-installed, config-files and unpacked entries are not reported.
 */
export function isInstalled(status: string | undefined): boolean {
  if (status === undefined) return false;
  const [want, flag, state] = status.split(/\s+/);
  return (want === 'install' || want === 'hold') && flag === 'ok' && state === 'installed';
}

/** `Source: name` or `Source: name (version)`; absent → the binary's own name and version. */
export function parseSourceField(source: string | undefined, name: string, version: string): { name: string; version: string } {
  const m = source ? /^(\S+)(?:\s+\((.+)\))?$/.exec(source.trim()) : null;
  if (!m) return { name, version };
  return { name: m[1], version: m[2]?.trim() || version };
}

function toEntry(s: Stanza, location: Location): DpkgEntry {
  const name = s.get('package') ?? '';
  const version = s.get('version') ?? '';
  const arch = s.get('architecture');
  const pkg: Package = {
    name,
    version,
    ecosystem: 'debian',
    type: 'os',
    purl: '',
    source: parseSourceField(s.get('source'), name, version),
    licenses: [],
    locations: [location],
    foundBy: [DPKG_ANALYZER_ID],
    ...(arch ? { arch } : {}),
    ...(s.get('maintainer') ? { maintainer: s.get('maintainer') } : {}),
  };
  pkg.purl = osPurl('deb', pkg);
  const depends = [s.get('pre-depends'), s.get('depends')].filter((d): d is string => !!d);
  const provides = (s.get('provides') ?? '').split(',').map((p) => p.trim().split(/[\s(]/)[0]).filter(Boolean);
  return { pkg, depends, provides };
}

/** Parses one status file; `location` is stamped on every package it yields. */
export function parseStatus(text: string, location: Location): StatusParse {
  const { stanzas, badLines } = parseControl(text);
  const warnings: string[] = [];
  const entries: DpkgEntry[] = [];
  let missing = 0;
  for (const s of stanzas) {
    if (!s.has('package') && !s.has('status')) continue;
    // Distroless status.d stanzas carry no Status field: the file exists only for installed packages.
    const installed = s.has('status') ? isInstalled(s.get('status')) : true;
    if (!installed) continue;
    if (!s.get('package') || !s.get('version')) {
      missing++;
      continue;
    }
    entries.push(toEntry(s, location));
  }
  if (badLines.length) {
    warnings.push(`${location.path}: ${badLines.length} malformed line(s), first at line ${badLines[0]}`);
  }
  if (missing) warnings.push(`${location.path}: ${missing} installed stanza(s) without Package or Version skipped`);
  if (!entries.length && text.trim() && badLines.length) warnings.push(`${location.path}: no dpkg package stanzas found`);
  return { entries, warnings };
}
