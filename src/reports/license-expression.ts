/** Declared license strings → SPDX ids / expressions / free-text names, for the CycloneDX and SPDX writers. */
import { createRequire } from 'node:module';

// spdx-expression-parse ships no types; it throws on anything that is not a valid SPDX expression.
const parseSpdx = createRequire(import.meta.url)('spdx-expression-parse') as (expr: string) => unknown;

export type LicenseKind = 'id' | 'expression' | 'name';

// Parsing is costly (the parser scans the whole license list per token) and the same few licenses repeat.
const cache = new Map<string, LicenseKind>();

/** 'id' for one SPDX license id (or LicenseRef-), 'expression' for a compound, 'name' for free text. */
export function classifyLicense(text: string): LicenseKind {
  const t = text.trim();
  const hit = cache.get(t);
  if (hit) return hit;
  let kind: LicenseKind = 'name';
  if (t) {
    try {
      const ast = parseSpdx(t) as { license?: string; exception?: string; plus?: boolean };
      kind = ast.license !== undefined && !ast.exception && !ast.plus ? 'id' : 'expression';
    } catch {
      kind = 'name';
    }
  }
  if (cache.size < 10_000) cache.set(t, kind);
  return kind;
}

/**
 * One SPDX expression for all declared licenses (joined with AND, as a package declaring several licenses
 * is under all of them), or undefined when any of them is not valid SPDX.
 */
export function toSpdxExpression(licenses: readonly string[]): string | undefined {
  const parts = [...new Set(licenses.map((l) => l.trim()).filter(Boolean))];
  if (parts.length === 0) return undefined;
  const kinds = parts.map(classifyLicense);
  if (kinds.includes('name')) return undefined;
  if (parts.length === 1) return parts[0];
  return parts.map((p, i) => (kinds[i] === 'expression' ? `(${p})` : p)).join(' AND ');
}
