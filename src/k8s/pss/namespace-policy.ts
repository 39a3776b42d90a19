/** Which PSS level/version applies to an object: `--pss` flags, else the namespace's pod-security labels. */
import type { K8sObject } from '../model/object.js';
import { namespaceOf } from '../model/object.js';
import type { EvalContext } from '../policy/context.js';
import { levelRank, parsePssVersion, type PssPolicy } from './evaluate.js';
import { LATEST_VERIFIED_MINOR } from './registry.js';
import type { PssLevel } from './types.js';

const MODES = ['enforce', 'audit', 'warn'] as const;

export interface ResolvedPolicy extends PssPolicy {
  /** Where the level came from: 'flag', 'namespace <ns> label <mode>', or 'default'. */
  source: string;
}

function labelPolicy(ns: K8sObject, fallbackMinor: number): ResolvedPolicy | undefined {
  let best: ResolvedPolicy | undefined;
  for (const mode of MODES) {
    const level = ns.metadata.labels[`pod-security.kubernetes.io/${mode}`] as PssLevel | undefined;
    if (level !== 'privileged' && level !== 'baseline' && level !== 'restricted') continue;
    let minor = fallbackMinor;
    const v = ns.metadata.labels[`pod-security.kubernetes.io/${mode}-version`];
    if (v) {
      try { minor = parsePssVersion(v); } catch { minor = fallbackMinor; }
    }
    const cand = { level, minor, source: `namespace ${ns.metadata.name} label ${mode}` };
    if (!best || levelRank(level) > levelRank(best.level)) best = cand;
  }
  return best;
}

export function policyFor(obj: K8sObject, ctx: EvalContext): ResolvedPolicy {
  const minor = ctx.options.pssMinor ?? LATEST_VERIFIED_MINOR;
  if (ctx.options.pssLevel) return { level: ctx.options.pssLevel, minor, source: 'flag' };
  const ns = namespaceOf(obj);
  const nsObj = ns ? ctx.namespaces.get(ns) : undefined;
  const fromLabels = nsObj ? labelPolicy(nsObj, minor) : undefined;
  return fromLabels ?? { level: 'restricted', minor, source: 'default' };
}
