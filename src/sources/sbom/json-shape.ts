/** Small guards for untrusted SBOM JSON, and the entry → package step both readers share. */
import type { Package } from '../../core/index.js';
import { toPackage, type SbomEntry } from './to-package.js';

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A non-empty string, else undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/**
 * Entries → packages with `dependsOn` (purls) from `[fromRef, toRef]` edges. Entries that share purl and
 * location are one package (SBOMs list some twice); edges to refs that are not packages are dropped.
 */
export function attachDependencies(entries: readonly SbomEntry[], edges: ReadonlyArray<[string, string]>, warnings: string[]): Package[] {
  const byRef = new Map<string, Package>();
  const unique = new Map<string, Package>();
  for (const e of entries) {
    const pkg = toPackage(e);
    if (!pkg) continue;
    if (!pkg.purl) warnings.push(`${pkg.name} ${pkg.version}: no purl in the SBOM, so it cannot be matched against advisories`);
    const key = `${pkg.purl || `${pkg.name}@${pkg.version}`}\0${pkg.locations[0]?.path ?? ''}`;
    const existing = unique.get(key);
    if (existing) {
      for (const l of pkg.licenses) if (!existing.licenses.includes(l)) existing.licenses.push(l);
      byRef.set(e.ref, existing);
      continue;
    }
    unique.set(key, pkg);
    byRef.set(e.ref, pkg);
  }
  for (const [from, to] of edges) {
    const a = byRef.get(from);
    const b = byRef.get(to);
    if (!a || !b || a === b || !b.purl) continue;
    a.dependsOn ??= [];
    if (!a.dependsOn.includes(b.purl)) a.dependsOn.push(b.purl);
  }
  return [...unique.values()];
}
