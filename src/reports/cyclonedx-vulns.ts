/** CycloneDX 1.6 `vulnerabilities[]` from report.vulnerabilities: ids, source, ratings, affects, analysis. */
// Subpath imports: the package index also loads its JSON/XML validators (~60 ms of start-up).
import * as Enums from '@cyclonedx/cyclonedx-library/Enums';
import * as Models from '@cyclonedx/cyclonedx-library/Models';
import * as Types from '@cyclonedx/cyclonedx-library/Types';
import { knownDate, type Cvss, type Report, type VulnerabilityFinding } from '../core/index.js';
import { sortedVulnerabilities } from './order.js';

const { Vulnerability: V } = Models;

/** Where an advisory id lives, so consumers can follow it. */
export function advisorySource(id: string): { name: string; url?: string } {
  if (/^CVE-\d+-\d+$/i.test(id)) return { name: 'NVD', url: `https://nvd.nist.gov/vuln/detail/${id}` };
  if (/^GHSA-/i.test(id)) return { name: 'GitHub', url: `https://github.com/advisories/${id}` };
  if (/^GO-\d+-\d+$/.test(id)) return { name: 'Go', url: `https://pkg.go.dev/vuln/${id}` };
  if (/^(DSA|DLA)-/.test(id)) return { name: 'Debian', url: `https://security-tracker.debian.org/tracker/${id}` };
  if (/^(PYSEC|RUSTSEC|OSV)-/.test(id)) return { name: 'OSV', url: `https://osv.dev/vulnerability/${id}` };
  return { name: id.split('-')[0] || 'unknown' };
}

function ratingMethod(c: Cvss): Enums.Vulnerability.RatingMethod {
  if (c.version.startsWith('4')) return Enums.Vulnerability.RatingMethod.CVSSv4;
  if (c.version === '3.1') return Enums.Vulnerability.RatingMethod.CVSSv31;
  if (c.version.startsWith('3')) return Enums.Vulnerability.RatingMethod.CVSSv3;
  if (c.version.startsWith('2')) return Enums.Vulnerability.RatingMethod.CVSSv2;
  return Enums.Vulnerability.RatingMethod.Other;
}

/** CVSS v3/v4 qualitative bands (FIRST spec); v2 has no 'critical'. */
function cvssSeverity(c: Cvss): Enums.Vulnerability.Severity {
  const S = Enums.Vulnerability.Severity;
  if (c.score === 0) return S.None;
  if (c.score >= 9 && !c.version.startsWith('2')) return S.Critical;
  if (c.score >= 7) return S.High;
  if (c.score >= 4) return S.Medium;
  return S.Low;
}

function ratingsOf(v: VulnerabilityFinding): Models.Vulnerability.RatingRepository {
  const ratings = new V.RatingRepository();
  // The severity Bulwark decided on (distro first for OS packages), with where it came from.
  ratings.add(new V.Rating({
    severity: v.severity as Enums.Vulnerability.Severity,
    method: Enums.Vulnerability.RatingMethod.Other,
    source: new V.Source({ name: v.severitySource ?? v.source }),
  }));
  for (const c of v.cvss ?? []) {
    ratings.add(new V.Rating({
      score: c.score, vector: c.vector, method: ratingMethod(c), severity: cvssSeverity(c),
      source: c.source ? new V.Source({ name: c.source }) : undefined,
    }));
  }
  return ratings;
}

function analysisOf(v: VulnerabilityFinding): Models.Vulnerability.Analysis | undefined {
  const R = Enums.Vulnerability.AnalysisResponse;
  const response = v.status === 'fixed' ? R.Update
    : v.status === 'will_not_fix' ? R.WillNotFix
      : v.status === 'end_of_life' ? R.CanNotFix : undefined;
  if (!response) return undefined;
  const detail = v.status === 'fixed' && v.fixedVersion ? `fixed in ${v.fixedVersion}` : `status: ${v.status}`;
  return new V.Analysis({ response: new Enums.Vulnerability.AnalysisResponseRepository([response]), detail });
}

function recommendationOf(v: VulnerabilityFinding): string | undefined {
  if (v.fixedVersion) return `Upgrade ${v.package.name} to version ${v.fixedVersion} or later`;
  if (v.status === 'fix_deferred') return 'No fix yet: the distribution deferred it (no-dsa / postponed)';
  if (v.status === 'will_not_fix') return 'The distribution will not fix this';
  if (v.status === 'end_of_life') return 'The release is end of life: upgrade the base image';
  return undefined;
}

function propertiesOf(v: VulnerabilityFinding): Models.PropertyRepository {
  const props = new Models.PropertyRepository();
  const add = (n: string, val: string | undefined) => { if (val !== undefined) props.add(new Models.Property(n, val)); };
  add('bulwark:status', v.status);
  add('bulwark:fixedVersion', v.fixedVersion);
  add('bulwark:layer', v.layer);
  add('bulwark:feed', v.source);
  if (v.kev) add('bulwark:kev:dateAdded', v.kev.dateAdded);
  if (v.epss) {
    add('bulwark:epss:probability', String(v.epss.probability));
    add('bulwark:epss:percentile', String(v.epss.percentile));
  }
  return props;
}

function cwesOf(v: VulnerabilityFinding): number[] {
  return (v.cwes ?? []).map((c) => Number(/^CWE-(\d+)$/i.exec(c)?.[1])).filter((n) => Number.isInteger(n) && n > 0);
}

/** A zero-time placeholder (a database built before importers dropped them) is no date. */
function dateOf(s: string | undefined): Date | undefined {
  const known = knownDate(s);
  return known ? new Date(known) : undefined;
}

/** One CycloneDX vulnerability per finding; `refOf(purl)` gives the affected component's bom-ref. */
export function toCdxVulnerabilities(
  report: Report, refOf: (purl: string) => Models.BomRef | undefined,
): Models.Vulnerability.Vulnerability[] {
  return sortedVulnerabilities(report.vulnerabilities).map((v) => {
    const src = advisorySource(v.id);
    const refs = new V.ReferenceRepository(
      v.aliases.filter((a) => a !== v.id).map((a) => new V.Reference(a, new V.Source(advisorySource(a)))),
    );
    const affects = new V.AffectRepository();
    const ref = refOf(v.package.purl);
    if (ref) {
      affects.add(new V.Affect(ref, {
        versions: new V.AffectedVersionRepository([
          new V.AffectedSingleVersion(v.package.version, { status: Enums.Vulnerability.AffectStatus.Affected }),
        ]),
      }));
    }
    return new V.Vulnerability({
      bomRef: `${v.id}/${v.package.purl}`,
      id: v.id,
      source: new V.Source(src),
      references: refs,
      ratings: ratingsOf(v),
      cwes: new Types.CweRepository(cwesOf(v)),
      description: v.title,
      detail: v.description,
      recommendation: recommendationOf(v),
      advisories: new V.AdvisoryRepository((v.references ?? []).map((url) => new V.Advisory(url))),
      published: dateOf(v.published),
      updated: dateOf(v.modified),
      analysis: analysisOf(v),
      affects,
      properties: propertiesOf(v),
    });
  });
}
