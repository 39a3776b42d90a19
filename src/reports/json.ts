/** The JSON report: the Report envelope as is (docs/report.schema.json), two-space indented. */
import { knownDate, type Report, type VulnerabilityFinding } from '../core/index.js';

/** Drops zero-time placeholder dates (Go's 0001-01-01) a finding may carry from a database built before the importer dropped them. */
function withKnownDates(v: VulnerabilityFinding): VulnerabilityFinding {
  if (v.published === knownDate(v.published) && v.modified === knownDate(v.modified)) return v;
  const { published, modified, ...rest } = v;
  const p = knownDate(published);
  const m = knownDate(modified);
  return { ...rest, ...(p ? { published: p } : {}), ...(m ? { modified: m } : {}) };
}

export function writeJson(report: Report): string {
  const out = report.vulnerabilities.some((v) => v !== withKnownDates(v))
    ? { ...report, vulnerabilities: report.vulnerabilities.map(withKnownDates) } : report;
  return `${JSON.stringify(out, null, 2)}\n`;
}
