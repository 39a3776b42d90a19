/** Platforms (`os/arch[/variant]`) normalised like containerd, and selection from an index. */
import { BulwarkError, type Platform } from '../core/index.js';
import type { Descriptor, ImageIndex } from './manifest.js';

export const DEFAULT_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' };

const ARCH_ALIASES: Record<string, Platform['architecture']> = {
  x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', i386: '386', i686: '386', x86: '386', armhf: 'arm', armel: 'arm',
};

/** containerd's normalisation: aliases → GOARCH names, arm64 → variant v8, arm → v7 unless given. */
export function normalizePlatform(p: Platform): Platform {
  const os = p.os.toLowerCase();
  const rawArch = p.architecture.toLowerCase();
  const architecture = ARCH_ALIASES[rawArch] ?? rawArch;
  let variant = p.variant?.toLowerCase() || undefined;
  if (rawArch === 'armel' && !variant) variant = 'v6';
  if (architecture === 'arm64' && (!variant || variant === '8')) variant = 'v8';
  if (architecture === 'arm' && !variant) variant = 'v7';
  if (architecture === 'arm' && variant && /^\d$/.test(variant)) variant = `v${variant}`;
  if (architecture === 'amd64' && variant === 'v1') variant = undefined;
  return { os, architecture, ...(variant ? { variant } : {}) };
}

/** Parses `os/arch[/variant]`; throws USAGE for anything else. */
export function parsePlatform(text: string): Platform {
  const parts = text.trim().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[A-Za-z0-9_.-]+$/.test(p))) {
    throw new BulwarkError('USAGE', `invalid platform "${text}": expected os/arch[/variant], e.g. linux/arm64/v8`);
  }
  return normalizePlatform({ os: parts[0], architecture: parts[1], ...(parts[2] ? { variant: parts[2] } : {}) });
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, ...(p.variant ? [p.variant] : [])].join('/');
}

export function platformMatches(want: Platform, have: Platform): boolean {
  const a = normalizePlatform(want);
  const b = normalizePlatform(have);
  return a.os === b.os && a.architecture === b.architecture && (a.variant ?? '') === (b.variant ?? '');
}

/** BuildKit attestation manifests sit in the index as `unknown/unknown`; they are not images. */
function isAttestation(d: Descriptor): boolean {
  return d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest'
    || (d.platform?.os === 'unknown' && d.platform.architecture === 'unknown');
}

/** Platforms an index offers (attestations excluded), as `os/arch[/variant]` strings. */
export function availablePlatforms(index: ImageIndex): string[] {
  return [...new Set(index.manifests.filter((d) => d.platform && !isAttestation(d)).map((d) => formatPlatform(normalizePlatform(d.platform as Platform))))];
}

/** Picks the manifest for `want` from an index; throws PLATFORM_NOT_FOUND listing what exists. */
export function selectPlatform(index: ImageIndex, want: Platform, what: string): Descriptor {
  const hit = index.manifests.find((d) => d.platform && !isAttestation(d) && platformMatches(want, d.platform));
  if (hit) return hit;
  const avail = availablePlatforms(index);
  throw new BulwarkError('PLATFORM_NOT_FOUND',
    `${what} has no ${formatPlatform(normalizePlatform(want))} image; available platforms: ${avail.length ? avail.join(', ') : 'none'}`);
}
