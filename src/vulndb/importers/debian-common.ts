/** Debian tracker vocabulary shared by the JSON and the DSA/DLA text importers. */
import type { Severity, VulnerabilityStatus } from '../../core/index.js';

const RELEASES: Record<string, string> = {
  woody: '3.0', sarge: '3.1', etch: '4', lenny: '5', squeeze: '6', wheezy: '7', jessie: '8', stretch: '9',
  buster: '10', bullseye: '11', bookworm: '12', trixie: '13', forky: '14', duke: '15',
};

/** `bookworm` → `Debian:12`; sid/experimental and unknown names → undefined (not a release to match). */
export function debianEcosystem(codename: string): string | undefined {
  const n = RELEASES[codename.toLowerCase().replace(/-(security|lts)$/, '')];
  return n ? `Debian:${n}` : undefined;
}

/** Tracker urgency → severity (pitfalls 5.1): `unimportant`/`low*` → low; `not yet assigned`/`end-of-life` → unknown. */
export function urgencyToSeverity(urgency: string | undefined): Severity {
  const u = (urgency ?? '').trim().toLowerCase().replace(/\*+$/, '');
  if (u === 'unimportant' || u === 'low') return 'low';
  if (u === 'medium') return 'medium';
  if (u === 'high') return 'high';
  return 'unknown';
}

/** A `<tag>` state (text lists) or nodsa_reason (JSON) → status; `not-affected` → 'skip'. */
export function stateToStatus(state: string): VulnerabilityStatus | 'skip' | undefined {
  switch (state.toLowerCase()) {
    case 'not-affected': case 'undetermined': return 'skip';
    case 'end-of-life': return 'end_of_life';
    case 'no-dsa': case 'postponed': return 'fix_deferred';
    case 'ignored': return 'will_not_fix';
    case 'unfixed': return 'affected';
    default: return undefined;
  }
}
