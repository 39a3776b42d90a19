/**
 * License findings: every package's declared licenses (Debian's via DEP-5 copyright files, read by
 * the dpkg analyzer) and license files classified by text, each with an SPDX expression, a category and a
 * severity; the `licenses:` policy in bulwark.yaml moves ids between categories and sets which
 * categories are violations (default: forbidden).
 */
import type { LicenseCategory, LicenseFinding, Severity } from '../../core/index.js';
import { LICENSE_POLICY_CATEGORIES as CATEGORIES, type LicensesConfig } from '../../config/index.js';
import { defineDetector } from '../contract.js';
import { categoryOf, categoryOfId, stricter, violates } from './category.js';
import { normaliseLicense } from './expression.js';

const SEVERITY: Record<LicenseCategory, Severity> = {
  forbidden: 'critical', restricted: 'high', reciprocal: 'medium', notice: 'low', permissive: 'low', unencumbered: 'low', unknown: 'unknown',
};

interface LicensePolicy { overrides: Map<string, LicenseCategory>; ignore: Set<string>; failOn: Set<string> }

export function licensePolicy(sec: LicensesConfig | undefined): LicensePolicy {
  const overrides = new Map<string, LicenseCategory>();
  for (const cat of CATEGORIES) for (const id of sec?.categories[cat] ?? []) overrides.set(id, cat);
  return { overrides, ignore: new Set(sec?.ignore ?? []), failOn: new Set(sec?.failOn ?? ['forbidden']) };
}

function finding(expression: string, category: LicenseCategory, violation: boolean, extra: Partial<LicenseFinding>): LicenseFinding {
  return {
    license: expression, category, severity: SEVERITY[category], confidence: 1,
    ...(violation ? { policyViolation: true } : {}), ...extra,
  };
}

export const licensesDetector = defineDetector({
  id: 'licenses',
  scanner: 'license',
  detect(ctx) {
    const policy = licensePolicy(ctx.options.config?.licenses);
    const visible = ctx.inventory.results.filter((r) => r.analyzer === 'license-files' && !r.deleted);
    const out: LicenseFinding[] = [];
    for (const p of ctx.inventory.packages) {
      const raw = p.licenses;
      if (!raw.length) continue;
      const parts = raw.map(normaliseLicense);
      const expression = parts.length === 1 ? parts[0].expression : parts.map((x) => (/ (?:AND|OR) /.test(x.expression) ? `(${x.expression})` : x.expression)).join(' AND ');
      if (policy.ignore.has(expression)) continue;
      // Several declared licenses all apply (an AND): one forbidden part is a violation, whatever the others.
      const category = parts.map((x) => (x.node ? categoryOf(x.node, policy.overrides) : categoryOfId(x.expression, policy.overrides))).reduce(stricter);
      const violation = parts.some((x) => (x.node ? violates(x.node, policy.overrides, policy.failOn) : policy.failOn.has(categoryOfId(x.expression, policy.overrides))));
      const loc = p.locations[0];
      out.push(finding(expression, category, violation, {
        package: { name: p.name, version: p.version, purl: p.purl },
        ...(loc ? { path: loc.path } : {}), ...(loc?.layer ? { layer: loc.layer } : {}),
      }));
    }
    for (const r of visible) {
      for (const hit of r.result.licenses ?? []) {
        if (policy.ignore.has(hit.license)) continue;
        const category = categoryOfId(hit.license, policy.overrides);
        out.push({ ...finding(hit.license, category, policy.failOn.has(category), { path: r.path, ...(r.layer.digest ? { layer: r.layer.digest } : {}) }), confidence: hit.confidence });
      }
    }
    out.sort((a, b) => (a.package?.name ?? a.path ?? '').localeCompare(b.package?.name ?? b.path ?? '') || a.license.localeCompare(b.license));
    return { licenses: out };
  },
});
