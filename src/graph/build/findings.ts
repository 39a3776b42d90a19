/**
 * Image scan results (Bulwark JSON reports) joined to the containers that run the image: how likely an
 * exposed endpoint is exploitable, which secrets ship in the image, and the findings a node shows.
 */
import type { Report, VulnerabilityFinding } from '../../core/index.js';
import { formatReference, parseReference } from '../../oci/index.js';
import type { GraphBuilder } from '../builder.js';
import type { Exploitability } from './exposure.js';
import type { ContainerInfo, PodInfo } from './pods.js';

/** With no known vulnerability an exposed endpoint can still have bugs of its own: a low floor, not zero. */
const BASE_EXPLOIT = 0.1;

function normalise(ref: string): string[] {
  const keys = [ref];
  try {
    const r = parseReference(ref);
    keys.push(formatReference(r));
    if (r.digest) keys.push(r.digest);
  } catch { /* not a registry reference (a path): the raw string is the key */ }
  return keys;
}

export class ScanIndex {
  private readonly byKey = new Map<string, Report>();
  private readonly rankedCache = new Map<Report, VulnerabilityFinding[]>();

  constructor(reports: readonly Report[]) {
    for (const r of reports) {
      const img = r.target.image;
      const refs = [r.target.name, ...(img ? [img.reference, ...img.repoTags, ...img.repoDigests] : [])];
      for (const ref of refs) for (const k of normalise(ref)) this.byKey.set(k, r);
      if (img?.manifestDigest) this.byKey.set(img.manifestDigest, r);
      if (img?.indexDigest) this.byKey.set(img.indexDigest, r);
    }
  }

  get size(): number { return this.byKey.size; }

  /** The report's vulnerabilities, most exploitable first: sorted once per image, however many containers run it. */
  ranked(report: Report): VulnerabilityFinding[] {
    let r = this.rankedCache.get(report);
    if (!r) {
      r = report.vulnerabilities.map((v) => ({ v, p: vulnLikelihood(v) })).sort((a, b) => b.p - a.p).map((x) => x.v);
      this.rankedCache.set(report, r);
    }
    return r;
  }

  forImage(image: string): Report | undefined {
    for (const k of normalise(image)) {
      const r = this.byKey.get(k);
      if (r) return r;
    }
    return undefined;
  }
}

const networkVector = (v: VulnerabilityFinding): boolean => (v.cvss ?? []).some((c) => /AV:N/.test(c.vector));

/** Likelihood that a vulnerability gives an attacker code execution through the exposed endpoint. */
function vulnLikelihood(v: VulnerabilityFinding): number {
  if (v.kev) return 0.9;
  const bySeverity = { critical: 0.5, high: 0.35, medium: 0.2, low: 0.12, unknown: 0.12 }[v.severity] ?? 0.12;
  const sev = networkVector(v) || !v.cvss?.length ? bySeverity : Math.min(bySeverity, 0.15);
  return Math.max(sev, v.epss?.probability ?? 0, BASE_EXPLOIT);
}

function describe(v: VulnerabilityFinding): string {
  const tags = [v.kev ? 'KEV' : '', v.epss ? `EPSS ${v.epss.probability.toFixed(2)}` : '', v.severity].filter(Boolean).join(', ');
  return `${v.id} (${tags}) in ${v.package.name}@${v.package.version}${v.fixedVersion ? `, fixed in ${v.fixedVersion}` : ', no fix yet'}`;
}

export function exploitabilityFrom(scans: ScanIndex): Exploitability {
  return (c: ContainerInfo) => {
    const report = scans.forImage(c.image);
    if (!report) return { p: BASE_EXPLOIT, reason: `exposed endpoint; no scan result for image ${c.image || '(none)'}` };
    const v = scans.ranked(report)[0];
    if (!v) return { p: BASE_EXPLOIT, reason: `exposed endpoint; image ${c.image} has no known vulnerability` };
    return {
      p: vulnLikelihood(v),
      reason: `${describe(v)} in ${c.image}`,
      fix: {
        id: `cve:${v.id}@${c.image}`,
        title: v.fixedVersion ? `upgrade ${v.package.name} to ${v.fixedVersion} in ${c.image} (${v.id})` : `mitigate ${v.id} in ${c.image} (no fix yet): remove the exposure or the package`,
        findings: [v.id],
      },
    };
  };
}

/** Findings on container nodes (the most likely first, capped) and secrets shipped in the image. */
export function addImageFindings(b: GraphBuilder, pods: readonly PodInfo[], scans: ScanIndex): void {
  const unmatched = new Set<string>();
  for (const pod of pods) {
    for (const c of pod.containers) {
      const report = scans.forImage(c.image);
      if (!report) {
        if (scans.size && c.image) unmatched.add(c.image);
        continue;
      }
      const node = b.nodes.get(c.id);
      const vulns = scans.ranked(report).slice(0, 50);
      if (node) node.findings = [...new Set([...(node.findings ?? []), ...vulns.map((v) => v.id), ...report.secrets.map((s) => s.ruleId)])];
      for (const s of report.secrets) {
        const sid = `secret:image:${c.image}#${s.ruleId}:${s.path}`;
        b.node({ id: sid, kind: 'secret', name: `${s.title} in ${s.path}${s.deleted ? ' (deleted layer)' : ''}`, findings: [s.ruleId] });
        b.edge(c.id, sid, 'IMAGE_SECRET', `${s.title} at ${s.path} in image ${c.image} (${s.match})`,
          { fix: { id: `image-secret:${c.image}#${s.fingerprint}`, title: `remove and rotate the ${s.title} in ${c.image} (${s.path})`, findings: [s.ruleId] } });
      }
    }
  }
  for (const image of unmatched) b.warnings.push(`no scan result for image ${image}`);
}
