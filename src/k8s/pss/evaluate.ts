/** Resolves level + version to the checks pod-security-admission would run, and runs them on a pod template. */
import { BulwarkError } from '../../core/index.js';
import type { PodTemplate } from '../model/pod-spec.js';
import { LATEST_VERIFIED_MINOR, MAX_MINOR, PSS_CHECKS } from './registry.js';
import type { CheckPodFn, PssCheckDef, PssCheckResult, PssLevel } from './types.js';

export interface PssPolicy {
  level: PssLevel;
  /** Minor of policy v1.x after resolving `latest` and clamping. */
  minor: number;
}

const LEVELS: PssLevel[] = ['privileged', 'baseline', 'restricted'];

export function parsePssLevel(v: string): PssLevel {
  const s = v.trim().toLowerCase();
  if ((LEVELS as string[]).includes(s)) return s as PssLevel;
  throw new BulwarkError('USAGE', `unknown Pod Security level "${v}" (expected privileged, baseline or restricted)`);
}

/** `latest` | `v1.30` | `1.30` → minor. Versions above the newest registered revision clamp down, as upstream does. */
export function parsePssVersion(v: string | undefined): number {
  if (!v || v.trim() === '' || v.trim() === 'latest') return LATEST_VERIFIED_MINOR;
  const m = /^v?1\.(\d+)$/.exec(v.trim());
  if (!m) throw new BulwarkError('USAGE', `invalid Pod Security version "${v}" (expected latest or v1.<minor>)`);
  return Math.min(Number(m[1]), MAX_MINOR);
}

export function formatPssVersion(minor: number): string {
  return `v1.${minor}`;
}

export function levelRank(l: PssLevel): number {
  return LEVELS.indexOf(l);
}

export interface ResolvedCheck {
  def: PssCheckDef;
  check: CheckPodFn;
}

const cache = new Map<string, ResolvedCheck[]>();

/** The checks in force for a policy: newest revision ≤ minor per check; restricted drops what it overrides. */
export function checksFor(policy: PssPolicy): ResolvedCheck[] {
  const key = `${policy.level}@${policy.minor}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const out: ResolvedCheck[] = [];
  if (policy.level !== 'privileged') {
    const overridden = new Set<string>();
    for (const def of PSS_CHECKS) {
      if (def.level === 'restricted' && policy.level !== 'restricted') continue;
      const rev = [...def.versions].reverse().find((v) => v.minVersion <= policy.minor);
      if (!rev) continue;
      for (const o of rev.overrides ?? []) overridden.add(o);
      out.push({ def, check: rev.check });
    }
    out.splice(0, out.length, ...out.filter((c) => !overridden.has(c.def.id)));
  }
  cache.set(key, out);
  return out;
}

export interface PssOutcome {
  def: PssCheckDef;
  result: PssCheckResult;
}

/** Runs every check of the policy; returns only the forbidden ones. */
export function evaluatePss(pod: PodTemplate, policy: PssPolicy): PssOutcome[] {
  const out: PssOutcome[] = [];
  for (const { def, check } of checksFor(policy)) {
    const result = check(pod);
    if (!result.allowed) out.push({ def, result });
  }
  return out;
}
