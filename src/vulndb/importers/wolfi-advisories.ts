/**
 * wolfi-dev/advisories documents (`<package>.advisories.yaml`, here as JSON lines): per advisory a CGA id,
 * aliases and an event log. The last event decides: fixed → fixed version; false-positive → not affected;
 * fix-not-planned → will_not_fix; detection / true-positive / pending-upstream-fix → affected, no fix yet.
 */
import type { VulnerabilityStatus } from '../../core/index.js';
import type { Advisory } from '../contract.js';
import { emptyFeed, newer, type ParsedFeed } from './types.js';

interface WolfiEvent { timestamp?: string; type?: string; data?: Record<string, unknown> }
export interface WolfiDoc {
  'schema-version'?: string;
  package?: { name?: string };
  advisories?: Array<{ id?: string; aliases?: string[]; events?: WolfiEvent[] }>;
}

export function isWolfiDoc(v: unknown): v is WolfiDoc {
  const o = v as WolfiDoc;
  return typeof o === 'object' && o !== null && 'schema-version' in o && Array.isArray(o.advisories) && !!o.package;
}

const UNFIXED: Record<string, VulnerabilityStatus> = {
  'fix-not-planned': 'will_not_fix',
  'pending-upstream-fix': 'affected',
  'detection': 'affected',
  'true-positive-determination': 'affected',
  'analysis-not-planned': 'affected',
};

/** Primary id as Wolfi's own secdb names it: the CVE alias, else the GHSA alias, else the CGA id. */
function primaryId(cga: string, aliases: string[]): string {
  return aliases.find((a) => a.startsWith('CVE-')) ?? aliases.find((a) => a.startsWith('GHSA-')) ?? cga;
}

function toAdvisory(pkg: string, a: NonNullable<WolfiDoc['advisories']>[number]): Advisory | undefined {
  const last = a.events?.at(-1);
  if (!a.id || !last?.type || last.type === 'false-positive-determination') return undefined;
  const aliases = [...new Set([a.id, ...(a.aliases ?? [])])];
  const id = primaryId(a.id, aliases);
  const adv: Advisory = {
    id, aliases: aliases.filter((x) => x !== id), source: 'wolfi-advisories', ecosystem: 'Wolfi', package: pkg,
    ranges: [], versions: [],
  };
  if (last.timestamp) adv.modified = last.timestamp;
  const fixed = last.data?.['fixed-version'];
  if (last.type === 'fixed' && typeof fixed === 'string') {
    adv.ranges = [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }];
    return adv;
  }
  const status = UNFIXED[last.type];
  if (!status) return undefined;
  adv.ranges = [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }];
  adv.status = status;
  if (typeof last.data?.note === 'string') adv.statusNote = last.data.note.split('\n')[0];
  return adv;
}

export function parseWolfiAdvisories(docs: WolfiDoc[], origin: string): ParsedFeed {
  const feed = emptyFeed('wolfi-advisories', 'wolfi-advisories', origin);
  for (const doc of docs) {
    const pkg = doc.package?.name;
    if (!pkg) { feed.warnings.push('advisories document without package.name skipped'); continue; }
    for (const a of doc.advisories ?? []) {
      const adv = toAdvisory(pkg, a);
      if (!adv) continue;
      feed.modified = newer(feed.modified, adv.modified);
      feed.advisories.push(adv);
    }
  }
  return feed;
}
