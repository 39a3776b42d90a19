/** Declared license strings → valid SPDX expressions (spdx-expression-parse, spdx-correct as fallback). */
import type SpdxExpressionParseFn from 'spdx-expression-parse';
import type SpdxCorrectFn from 'spdx-correct';
import { lazy } from '../../core/index.js';

const parse = lazy<typeof SpdxExpressionParseFn>('spdx-expression-parse');
const correct = lazy<typeof SpdxCorrectFn>('spdx-correct');
import type { SpdxNode } from './category.js';

/** Debian DEP-5 short names → SPDX ids, as dpkg packages declare them (www.debian.org/doc/packaging-manuals/copyright-format/1.0/#license-short-name). */
const DEP5_NAMES: Record<string, string> = {
  'Expat': 'MIT', 'MIT': 'MIT', 'MIT/X': 'MIT', 'MIT/X11': 'MIT', 'X11': 'X11', 'GPL-1': 'GPL-1.0-only', 'GPL-1+': 'GPL-1.0-or-later', 'GPL-2': 'GPL-2.0-only', 'GPL-2+': 'GPL-2.0-or-later',
  'GPL-3': 'GPL-3.0-only', 'GPL-3+': 'GPL-3.0-or-later', 'LGPL-2': 'LGPL-2.0-only', 'LGPL-2+': 'LGPL-2.0-or-later',
  'LGPL-2.1': 'LGPL-2.1-only', 'LGPL-2.1+': 'LGPL-2.1-or-later', 'LGPL-3': 'LGPL-3.0-only', 'LGPL-3+': 'LGPL-3.0-or-later',
  'AGPL-3': 'AGPL-3.0-only', 'AGPL-3+': 'AGPL-3.0-or-later', 'GFDL-1.2+': 'GFDL-1.2-or-later', 'GFDL-1.3+': 'GFDL-1.3-or-later',
  'Artistic': 'Artistic-1.0-Perl', 'Artistic-2': 'Artistic-2.0', 'BSD-2-clause': 'BSD-2-Clause', 'BSD-3-clause': 'BSD-3-Clause',
  'BSD-4-clause': 'BSD-4-Clause', 'Apache-2': 'Apache-2.0', 'Apache-2.0': 'Apache-2.0', 'MPL-1.1': 'MPL-1.1', 'MPL-2.0': 'MPL-2.0',
  'Zlib': 'Zlib', 'zlib': 'Zlib', 'ISC': 'ISC', 'CC0-1.0': 'CC0-1.0', 'public-domain': 'LicenseRef-public-domain', 'PSF-2': 'Python-2.0',
};

export interface NormalisedLicense { expression: string; node?: SpdxNode }

function render(node: SpdxNode, top = true): string {
  if ('license' in node) return `${node.license}${node.plus ? '+' : ''}${node.exception ? ` WITH ${node.exception}` : ''}`;
  const s = `${render(node.left, false)} ${node.conjunction.toUpperCase()} ${render(node.right, false)}`;
  return top ? s : `(${s})`;
}

function tryParse(s: string): SpdxNode | undefined {
  try {
    return parse()(s) as SpdxNode;
  } catch {
    return undefined;
  }
}

/** `Apache 2.0` → `Apache-2.0`, `(MIT OR Apache-2.0)` kept, unknown text → `LicenseRef-<text>` (no node). */
export function normaliseLicense(raw: string): NormalisedLicense {
  const trimmed = raw.trim().replace(/^\((.*)\)$/s, '$1');
  const s = DEP5_NAMES[trimmed] ?? trimmed;
  const direct = tryParse(s) ?? tryParse(s.replace(/\s+\/\s+|\s*,\s*(?:or\s+)?/gi, ' OR '));
  if (direct) return { expression: render(direct), node: direct };
  const corrected = correct()(s, { upgrade: true });
  const node = corrected ? tryParse(corrected) : undefined;
  if (node) return { expression: render(node), node };
  return { expression: `LicenseRef-${s.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'unknown'}` };
}
