/**
 * License categories as Trivy uses them (from google/licenseclassifier), plus source-available
 * licenses (SSPL, BUSL, Elastic) as forbidden. An expression's category: OR takes the least
 * restrictive option, AND the most restrictive part; `WITH` exceptions keep the base license's.
 */
import type { LicenseCategory } from '../../core/index.js';

const TABLE: Array<[LicenseCategory, RegExp]> = [
  ['forbidden', /^(?:AGPL-|CC-BY-NC|Commons-Clause|Facebook-|WTFPL$|SSPL-|BUSL-|Elastic-)/],
  ['restricted', /^(?:BCL$|CC-BY-ND|CC-BY-SA|GPL-|LGPL-|NPL-|OSL-|QPL-|Sleepycat$)/],
  ['reciprocal', /^(?:APSL-|CDDL-|CPL-|EPL-|FreeImage$|IPL-|MPL-|Ruby$)/],
  ['unencumbered', /^(?:CC0-|Unlicense$|0BSD$)/],
  ['notice', /^(?:AFL-|Apache-|Artistic-|BSD-|BSL-|CC-BY-|FTL$|ISC$|ImageMagick$|Libpng|Linux-OpenIB$|LPL-|MS-PL$|MIT|NCSA$|OpenSSL$|PHP-|Python-|PostgreSQL$|SGI-B|Unicode-|W3C|X11|Xnet$|Zend-|Zlib$|ZPL-|PSF-|MIT-0$|BlueOak-)/i],
];

const ORDER: LicenseCategory[] = ['unencumbered', 'permissive', 'notice', 'reciprocal', 'restricted', 'forbidden', 'unknown'];

export function categoryOfId(id: string, overrides: ReadonlyMap<string, LicenseCategory>): LicenseCategory {
  const o = overrides.get(id) ?? overrides.get(id.replace(/-(?:only|or-later)$/, ''));
  if (o) return o;
  return TABLE.find(([, re]) => re.test(id))?.[0] ?? 'unknown';
}

/** Parsed SPDX expression nodes (spdx-expression-parse's shape). */
export type SpdxNode = { license: string; plus?: boolean; exception?: string } | { conjunction: 'and' | 'or'; left: SpdxNode; right: SpdxNode };

export function categoryOf(node: SpdxNode, overrides: ReadonlyMap<string, LicenseCategory>): LicenseCategory {
  if ('license' in node) return categoryOfId(node.license, overrides);
  const l = categoryOf(node.left, overrides);
  const r = categoryOf(node.right, overrides);
  // unknown is the most restrictive for AND (we cannot vouch for it) but loses to any known option in OR.
  if (node.conjunction === 'or') {
    if (l === 'unknown') return r;
    if (r === 'unknown') return l;
    return ORDER.indexOf(l) <= ORDER.indexOf(r) ? l : r;
  }
  return ORDER.indexOf(l) >= ORDER.indexOf(r) ? l : r;
}
