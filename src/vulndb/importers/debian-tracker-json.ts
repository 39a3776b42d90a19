/**
 * Debian security tracker JSON (https://security-tracker.debian.org/tracker/data/json):
 * `{ <source package>: { <CVE>: { description, releases: { <codename>: { status, fixed_version, urgency,
 * nodsa, nodsa_reason, repositories } } } } }` → advisories keyed by source package per `Debian:<n>`.
 */
import type { Advisory } from '../contract.js';
import { debianEcosystem, stateToStatus, urgencyToSeverity } from './debian-common.js';
import { compareDpkg } from '../../versioning/index.js';
import { emptyFeed, type ParsedFeed } from './types.js';

interface TrackerRelease {
  status?: string;
  fixed_version?: string;
  urgency?: string;
  nodsa?: string;
  nodsa_reason?: string;
  repositories?: Record<string, string>;
}
interface TrackerCve { description?: string; releases?: Record<string, TrackerRelease> }
export type TrackerJson = Record<string, Record<string, TrackerCve>>;

/** Content sniff: source package → CVE/TEMP id → { releases }. */
export function isTrackerJson(v: unknown): v is TrackerJson {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  for (const pkg of Object.values(v as Record<string, unknown>).slice(0, 5)) {
    if (typeof pkg !== 'object' || pkg === null) return false;
    const first = Object.entries(pkg as Record<string, unknown>)[0];
    if (first && (!/^(CVE|TEMP)-/.test(first[0]) || typeof (first[1] as TrackerCve).releases !== 'object')) return false;
  }
  return Object.keys(v).length > 0;
}

/**
 * The sid fix applies to a stable release whose current version already contains it (pitfalls 5.1:
 * corrects stale no-dsa/postponed states).
 */
function inferFromSid(rel: TrackerRelease, codename: string, sidFix: string | undefined): string | undefined {
  if (!sidFix || sidFix === '0') return undefined;
  const current = Object.entries(rel.repositories ?? {}).filter(([k]) => k === codename || k.startsWith(`${codename}-`))
    .map(([, v]) => v).sort(compareDpkg).pop();
  return current && compareDpkg(current, sidFix) >= 0 ? sidFix : undefined;
}

function toAdvisory(pkg: string, cve: string, info: TrackerCve, codename: string, rel: TrackerRelease): Advisory | undefined {
  const ecosystem = debianEcosystem(codename);
  if (!ecosystem || rel.status === 'undetermined') return undefined;
  const adv: Advisory = { id: cve, aliases: [], source: 'debian-tracker', ecosystem, package: pkg, ranges: [], versions: [] };
  const severity = urgencyToSeverity(rel.urgency);
  if (severity !== 'unknown') { adv.severity = severity; adv.severitySource = 'debian'; }
  if (info.description) adv.description = info.description;
  let fixed = rel.status === 'resolved' ? rel.fixed_version : undefined;
  if (fixed === '0') return undefined; // resolved at version 0 = never affected
  fixed ??= inferFromSid(rel, codename, info.releases?.sid?.status === 'resolved' ? info.releases.sid.fixed_version : undefined);
  if (fixed) {
    adv.ranges = [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }];
    return adv;
  }
  adv.ranges = [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }];
  const urg = (rel.urgency ?? '').toLowerCase();
  const state = urg === 'end-of-life' ? 'end-of-life' : rel.nodsa_reason || (rel.nodsa !== undefined ? 'no-dsa' : 'unfixed');
  const status = stateToStatus(state) ?? 'affected';
  if (status === 'skip') return undefined;
  adv.status = status;
  if (rel.nodsa) adv.statusNote = rel.nodsa;
  return adv;
}

export function parseTrackerJson(doc: TrackerJson, origin: string): ParsedFeed {
  const feed = emptyFeed('debian-tracker', 'debian-tracker', origin);
  for (const [pkg, cves] of Object.entries(doc)) {
    for (const [cve, info] of Object.entries(cves)) {
      for (const [codename, rel] of Object.entries(info.releases ?? {})) {
        const adv = toAdvisory(pkg, cve, info, codename, rel);
        if (adv) feed.advisories.push(adv);
      }
    }
  }
  return feed;
}
