/**
 * Debian tracker text lists `data/DSA/list` and `data/DLA/list`:
 *   [29 Mar 2023] DSA-5380-1 xorg-server - security update
 *   	{CVE-2023-1393}
 *   	[bullseye] - xorg-server 2:1.20.11-1+deb11u6
 * Each (release, source package, CVE) becomes one advisory; several DSAs/DLAs for one CVE keep the latest fix.
 */
import type { VulnerabilityStatus } from '../../core/index.js';
import type { Advisory } from '../contract.js';
import { debianEcosystem, stateToStatus } from './debian-common.js';
import { compareDpkg } from '../../versioning/index.js';
import { emptyFeed, newer, type ParsedFeed } from './types.js';

const HEADER = /^\[(\d{1,2}) (\w{3}) (\d{4})\] ((?:DSA|DLA)-[\d-]+)\s+(\S+)(?:\s+(?:-\s+)?(.*))?$/;
const FIX = /^\s*\[([a-z-]+)\]\s+-\s+(\S+)\s+(\S+)(?:\s+(.*))?$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function isTrackerText(text: string): boolean {
  return HEADER.test(text.slice(0, text.indexOf('\n') >>> 0).trim());
}

interface Entry { id: string; date: string; title?: string; cves: string[]; fixes: Array<{ release: string; pkg: string; version: string; note?: string }> }

function parseEntries(text: string, warnings: string[]): Entry[] {
  const entries: Entry[] = [];
  let cur: Entry | undefined;
  for (const [n, raw] of text.split('\n').entries()) {
    const line = raw.trimEnd();
    if (!line.trim()) continue;
    const h = HEADER.exec(line);
    if (h) {
      const month = String(MONTHS.indexOf(h[2]) + 1).padStart(2, '0');
      cur = { id: h[4], date: `${h[3]}-${month}-${h[1].padStart(2, '0')}`, title: h[6], cves: [], fixes: [] };
      entries.push(cur);
      continue;
    }
    if (!cur) { warnings.push(`line ${n + 1}: continuation before any advisory header`); continue; }
    const t = line.trim();
    if (t.startsWith('{')) { cur.cves.push(...t.replace(/[{}]/g, ' ').split(/\s+/).filter(Boolean)); continue; }
    if (t.startsWith('NOTE:')) continue;
    const f = FIX.exec(line);
    if (f) cur.fixes.push({ release: f[1], pkg: f[2], version: f[3], note: f[4]?.replace(/^\(|\)$/g, '') });
    else warnings.push(`line ${n + 1}: unrecognised line in ${cur.id}`);
  }
  return entries;
}

interface Acc { adv: Advisory; fixed?: string; status?: VulnerabilityStatus }

/** Folds one `[release] - pkg version` line of an entry into the per-(release, package, CVE) accumulator. */
function addFix(acc: Map<string, Acc>, e: Entry, fix: Entry['fixes'][number], warnings: string[]): void {
  const ecosystem = debianEcosystem(fix.release);
  if (!ecosystem) return;
  const tag = /^<(.+)>$/.exec(fix.version)?.[1];
  const status = tag ? stateToStatus(tag) : undefined;
  if (status === 'skip') return;
  if (tag && !status) { warnings.push(`${e.id}: unknown state <${tag}> for ${fix.pkg}`); return; }
  for (const id of e.cves.length ? e.cves : [e.id]) {
    const key = `${ecosystem}\u0000${fix.pkg}\u0000${id}`;
    let a = acc.get(key);
    if (!a) {
      a = { adv: { id, aliases: [], source: 'debian-tracker', ecosystem, package: fix.pkg, ranges: [], versions: [], published: e.date } };
      acc.set(key, a);
    }
    if (id !== e.id && !a.adv.aliases.includes(e.id)) a.adv.aliases.push(e.id);
    if (e.title && id === e.id) a.adv.title = `${fix.pkg} - ${e.title}`;
    if (status) { if (!a.fixed) { a.status = status; a.adv.statusNote = fix.note; } continue; }
    if (!a.fixed || compareDpkg(fix.version, a.fixed) > 0) a.fixed = fix.version;
  }
}

export function parseTrackerText(text: string, origin: string): ParsedFeed {
  const warnings: string[] = [];
  const entries = parseEntries(text, warnings);
  const kind = entries[0]?.id.slice(0, 3) ?? 'DSA';
  const feed = emptyFeed(`debian-tracker:${kind}`, 'debian-tracker', origin);
  feed.warnings = warnings;
  const acc = new Map<string, Acc>();
  for (const e of entries) {
    feed.modified = newer(feed.modified, e.date);
    for (const fix of e.fixes) addFix(acc, e, fix, warnings);
  }
  for (const { adv, fixed, status } of acc.values()) {
    adv.ranges = [{ type: 'ECOSYSTEM', events: fixed ? [{ introduced: '0' }, { fixed }] : [{ introduced: '0' }] }];
    if (!fixed && status) adv.status = status;
    if (fixed || !adv.statusNote) delete adv.statusNote;
    feed.advisories.push(adv);
  }
  return feed;
}
