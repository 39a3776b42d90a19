/**
 * License categories as Trivy uses them (from google/licenseclassifier), plus source-available
 * licenses (SSPL, BUSL, Elastic) as forbidden. An expression's category: OR takes the least
 * restrictive option, AND the most restrictive part; `WITH` exceptions keep the base license's.
 * `unknown` ranks between restricted and forbidden: a forbidden part of an AND is never hidden by an
 * unknown one (all parts apply), and an OR with an unknown alternative is unknown, not forbidden.
 */
import type { LicenseCategory } from '../../core/index.js';

const TABLE: Array<[LicenseCategory, RegExp]> = [
  ['forbidden', /^(?:AGPL-|CC-BY-NC|Commons-Clause|Facebook-|WTFPL$|SSPL-|BUSL-|Elastic-)/],
  ['restricted', /^(?:BCL$|CC-BY-ND|CC-BY-SA|GPL-|LGPL-|NPL-|OSL-|QPL-|Sleepycat$)/],
  ['reciprocal', /^(?:APSL-|CDDL-|CPL-|EPL-|FreeImage$|IPL-|MPL-|Ruby$)/],
  ['unencumbered', /^(?:CC0-|Unlicense$|0BSD$)/],
  ['notice', /^(?:AFL-|Apache-|Artistic-|BSD-|BSL-|CC-BY-|FTL$|ISC$|ImageMagick$|Libpng|Linux-OpenIB$|LPL-|MS-PL$|MIT|NCSA$|OpenSSL$|PHP-|Python-|PostgreSQL$|SGI-B|Unicode-|W3C|X11|Xnet$|Zend-|Zlib$|ZPL-|PSF-|MIT-0$|BlueOak-)/i],
];

/** Least to most restrictive. */
const ORDER: LicenseCategory[] = ['unencumbered', 'permissive', 'notice', 'reciprocal', 'restricted', 'unknown', 'forbidden'];

/** The most restrictive of `a` and `b` (what an AND of them is). */
export function stricter(a: LicenseCategory, b: LicenseCategory): LicenseCategory {
  return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
}

/** `GPL-3.0-or-later` also answers to a policy entry `GPL-3.0` (Trivy accepts both forms). */
export function categoryOfId(id: string, overrides: ReadonlyMap<string, LicenseCategory>): LicenseCategory {
  const o = overrides.get(id) ?? overrides.get(id.replace(/-(?:only|or-later)$/, ''));
  if (o) return o;
  return TABLE.find(([, re]) => re.test(id))?.[0] ?? 'unknown';
}

/** A leaf's category; the deprecated `GPL-3.0+` form is `GPL-3.0-or-later`. */
function leafCategory(node: { license: string; plus?: boolean }, overrides: ReadonlyMap<string, LicenseCategory>): LicenseCategory {
  return categoryOfId(node.plus ? `${node.license.replace(/-(?:only|or-later)$/, '')}-or-later` : node.license, overrides);
}

/** Parsed SPDX expression nodes (spdx-expression-parse's shape). */
export type SpdxNode = { license: string; plus?: boolean; exception?: string } | { conjunction: 'and' | 'or'; left: SpdxNode; right: SpdxNode };

export function categoryOf(node: SpdxNode, overrides: ReadonlyMap<string, LicenseCategory>): LicenseCategory {
  if ('license' in node) return leafCategory(node, overrides);
  const l = categoryOf(node.left, overrides);
  const r = categoryOf(node.right, overrides);
  const strict = stricter(l, r);
  return node.conjunction === 'and' ? strict : strict === l ? r : l;
}

/**
 * Whether an expression breaks the policy (`failOn` categories): an AND does when any part does (every
 * part applies), an OR only when every alternative does (the user may pick a compliant one).
 */
export function violates(node: SpdxNode, overrides: ReadonlyMap<string, LicenseCategory>, failOn: ReadonlySet<string>): boolean {
  if ('license' in node) return failOn.has(leafCategory(node, overrides));
  const l = violates(node.left, overrides, failOn);
  const r = violates(node.right, overrides, failOn);
  return node.conjunction === 'and' ? l || r : l && r;
}
