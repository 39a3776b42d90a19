/** Declared license strings → valid SPDX expressions (spdx-expression-parse, spdx-correct as fallback). */
import parse from 'spdx-expression-parse';
import correct from 'spdx-correct';
import type { SpdxNode } from './category.js';

export interface NormalisedLicense { expression: string; node?: SpdxNode }

function render(node: SpdxNode, top = true): string {
  if ('license' in node) return `${node.license}${node.plus ? '+' : ''}${node.exception ? ` WITH ${node.exception}` : ''}`;
  const s = `${render(node.left, false)} ${node.conjunction.toUpperCase()} ${render(node.right, false)}`;
  return top ? s : `(${s})`;
}

function tryParse(s: string): SpdxNode | undefined {
  try {
    return parse(s) as SpdxNode;
  } catch {
    return undefined;
  }
}

/** `Apache 2.0` → `Apache-2.0`, `(MIT OR Apache-2.0)` kept, unknown text → `LicenseRef-<text>` (no node). */
export function normaliseLicense(raw: string): NormalisedLicense {
  const s = raw.trim().replace(/^\((.*)\)$/s, '$1');
  const direct = tryParse(s) ?? tryParse(s.replace(/\s+\/\s+|\s*,\s*(?:or\s+)?/gi, ' OR '));
  if (direct) return { expression: render(direct), node: direct };
  const corrected = correct(s, { upgrade: true });
  const node = corrected ? tryParse(corrected) : undefined;
  if (node) return { expression: render(node), node };
  return { expression: `LicenseRef-${s.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'unknown'}` };
}
