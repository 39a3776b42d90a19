/**
 * SwiftPM `Package.resolved` (fs mode), versions 1 (`object.pins[]` with `package`, `repositoryURL`)
 * and 2/3 (`pins[]` with `identity`, `kind`, `location`; v3 adds `originHash`). A package is named by
 * its repository URL without scheme and `.git` (`github.com/apple/swift-nio`), which is how OSV's
 * SwiftURL ecosystem and the purl spec (`pkg:swift/github.com/apple/swift-nio@2.0.0`) name it.
 * Pins on a branch or bare revision have no version and are skipped.
 */
import { BulwarkError } from '../../core/index.js';
import { purlOf } from '../shared/lang-package.js';

interface SwiftPin { name: string; version: string }

interface Pin { package?: unknown; identity?: unknown; repositoryURL?: unknown; location?: unknown; state?: { version?: unknown } }

/** `https://github.com/Quick/Nimble.git`, `git@github.com:Quick/Nimble.git` → `github.com/Quick/Nimble`. */
export function swiftName(url: string): string {
  return url.trim()
    .replace(/^[a-z+]+:\/\//i, '')
    .replace(/^[^@/]+@([^:/]+):/, '$1/')
    .replace(/^[^@/]+@/, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
}

export function parsePackageResolved(text: string): SwiftPin[] {
  const doc = JSON.parse(text) as { version?: unknown; pins?: unknown; object?: { pins?: unknown } };
  const pins = doc?.version === 1 ? doc.object?.pins : doc?.pins;
  if (!Array.isArray(pins)) throw new BulwarkError('MALFORMED_DOCUMENT', `Package.resolved version ${JSON.stringify(doc?.version ?? null)} without pins`);
  return (pins as Pin[]).flatMap((p) => {
    const url = typeof p?.location === 'string' ? p.location : p?.repositoryURL;
    const version = p?.state?.version;
    if (typeof url !== 'string' || !url || typeof version !== 'string' || !version) return [];
    return [{ name: swiftName(url), version }];
  });
}

export function swiftPurl(name: string, version: string): string {
  const slash = name.lastIndexOf('/');
  return purlOf('swift', slash > 0 ? name.slice(0, slash) : undefined, name.slice(slash + 1), version);
}
