/**
 * End-of-life base OS (endoflife.date cycles, os-eol.json) with the supported successor, and a minimal
 * base suggestion for full distributions.
 */
import { readFileSync } from 'node:fs';
import type { OsInfo } from '../../../core/index.js';
import { defineImageCheck } from './check.js';

interface Cycle { cycle: string; eol: string | boolean; codename?: string; releaseDate?: string; lts?: string | boolean; eoes?: string | boolean }
interface EolData { families: Record<string, { product: string; cycles: Cycle[] }> }

let data: EolData | undefined;
const eolData = (): EolData => (data ??= JSON.parse(readFileSync(new URL('./os-eol.json', import.meta.url), 'utf8')) as EolData);

/** `true` = reached; a date = reached when in the past; `false`/absent = not reached. */
function reached(v: string | boolean | undefined, now: Date): boolean {
  if (typeof v === 'boolean') return v;
  return typeof v === 'string' && new Date(`${v}T00:00:00Z`) <= now;
}

/** The cycle an OS version belongs to: exact match, else the longest cycle that prefixes the version. */
export function cycleOf(os: OsInfo): Cycle | undefined {
  const fam = eolData().families[os.family];
  if (!fam || !os.version) return undefined;
  const candidates = fam.cycles.filter((c) => os.version === c.cycle || os.version.startsWith(`${c.cycle}.`));
  return candidates.sort((a, b) => b.cycle.length - a.cycle.length)[0];
}

/** Newest cycle still supported on `now`. */
export function supportedSuccessor(family: string, now: Date): Cycle | undefined {
  const fam = eolData().families[family];
  return fam?.cycles.filter((c) => !reached(c.eol, now) && (!c.releaseDate || new Date(c.releaseDate) <= now))
    .sort((a, b) => (b.releaseDate ?? '').localeCompare(a.releaseDate ?? ''))[0];
}

export const imageEolOs = defineImageCheck({
  id: 'BW-IMG-010', title: 'Base OS is end of life', severity: 'high',
  remediation: 'Rebase the image on a supported release of the distribution.',
  evaluate(f) {
    if (!f.os) return [];
    const cycle = cycleOf(f.os);
    if (!cycle || !reached(cycle.eol, f.now)) return [];
    const next = supportedSuccessor(f.os.family, f.now);
    const name = `${f.os.family} ${cycle.cycle}${cycle.codename ? ` (${cycle.codename})` : ''}`;
    const extended = cycle.eoes !== undefined && !reached(cycle.eoes, f.now);
    return [{
      severity: extended ? 'medium' : 'high',
      message: `${name} reached end of life${typeof cycle.eol === 'string' ? ` on ${cycle.eol}` : ''}`
        + (extended ? `; only extended/LTS support continues until ${cycle.eoes}` : '; it receives no security updates'),
      remediation: next ? `Move to ${f.os.family} ${next.cycle}${next.codename ? ` (${next.codename})` : ''}, supported until ${next.eol === false ? 'further notice' : next.eol}.` : undefined,
    }];
  },
});

const MINIMAL_BASES: Record<string, string> = {
  debian: 'gcr.io/distroless/base-debian12 (or static-/cc-/python3-/nodejs- variants), cgr.dev/chainguard/wolfi-base',
  ubuntu: 'gcr.io/distroless/base-debian12 or ubuntu chiseled images, cgr.dev/chainguard/wolfi-base',
  rhel: 'registry.access.redhat.com/ubi9/ubi-micro',
  centos: 'registry.access.redhat.com/ubi9/ubi-micro',
  rocky: 'registry.access.redhat.com/ubi9/ubi-micro',
  alma: 'registry.access.redhat.com/ubi9/ubi-micro',
  fedora: 'registry.access.redhat.com/ubi9/ubi-micro',
  amazon: 'public.ecr.aws/amazonlinux/amazonlinux:2023-minimal',
};

export const imageMinimalBase = defineImageCheck({
  id: 'BW-IMG-011', title: 'Full distribution base where a minimal one exists', severity: 'low',
  remediation: 'Rebase on a minimal image without shell and package manager.',
  evaluate(f) {
    if (!f.os || f.os.distroless) return [];
    const suggestion = MINIMAL_BASES[f.os.family];
    const hasPkgManager = f.files.some((x) => x.fact.kind === 'tool' && x.fact.category === 'package-manager');
    if (!suggestion || !hasPkgManager) return [];
    return [{ message: `${f.os.prettyName ?? f.os.family} ships a shell and package manager`, remediation: `Consider ${suggestion}.` }];
  },
});
