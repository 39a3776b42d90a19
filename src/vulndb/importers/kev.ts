/** CISA Known Exploited Vulnerabilities catalog → enrichment rows (date added, due date, ransomware use). */
import { emptyFeed, type ParsedFeed } from './types.js';

export interface KevDoc {
  catalogVersion?: string;
  dateReleased?: string;
  vulnerabilities: Array<{ cveID?: string; dateAdded?: string; dueDate?: string; knownRansomwareCampaignUse?: string }>;
}

export function isKev(v: unknown): v is KevDoc {
  const o = v as KevDoc;
  return typeof o === 'object' && o !== null && 'catalogVersion' in o && Array.isArray(o.vulnerabilities);
}

export function parseKev(doc: KevDoc, origin: string): ParsedFeed {
  const feed = emptyFeed('kev', 'kev', origin);
  feed.modified = doc.dateReleased;
  for (const v of doc.vulnerabilities) {
    if (!v.cveID || !v.dateAdded) { feed.warnings.push('KEV entry without cveID/dateAdded skipped'); continue; }
    const kev: { dateAdded: string; dueDate?: string; ransomware?: string } = { dateAdded: v.dateAdded };
    if (v.dueDate) kev.dueDate = v.dueDate;
    if (v.knownRansomwareCampaignUse) kev.ransomware = v.knownRansomwareCampaignUse;
    feed.enrichment.push({ kind: 'kev', data: { id: v.cveID, kev } });
  }
  return feed;
}
