/** Pod Security Standards vocabulary, mirroring pod-security-admission's policy package. */
import type { PodTemplate } from '../model/pod-spec.js';

export type PssLevel = 'privileged' | 'baseline' | 'restricted';

/** One failing field, relative to the object root (`spec.template.spec.containers[0].securityContext.privileged`). */
export interface PssViolation {
  field: string;
  /** Container name, or 'pod' for pod-level settings. */
  setter: string;
  value?: string;
}

/** CheckResult of policy/checks.go: reason/detail worded as pod-security-admission words them. */
export interface PssCheckResult {
  allowed: boolean;
  reason?: string;
  detail?: string;
  violations: PssViolation[];
}

export type CheckPodFn = (pod: PodTemplate) => PssCheckResult;

export interface VersionedCheck {
  /** Minor version of policy v1.x this revision starts at. */
  minVersion: number;
  check: CheckPodFn;
  /** Baseline check ids this restricted revision replaces (registry.go OverrideCheckIDs). */
  overrides?: string[];
}

export interface PssCheckDef {
  /** pod-security-admission check id (`hostNamespaces`, `capabilities_restricted`, …). */
  id: string;
  /** Bulwark's stable finding id. */
  bwId: string;
  level: 'baseline' | 'restricted';
  /** Control name as https://kubernetes.io/docs/concepts/security/pod-security-standards/ names it. */
  control: string;
  title: string;
  remediation: string;
  /** Upstream source file, for provenance. */
  source: string;
  versions: VersionedCheck[];
}

export const ALLOWED: PssCheckResult = { allowed: true, violations: [] };

export function forbid(reason: string, detail: string, violations: PssViolation[]): PssCheckResult {
  return { allowed: false, reason, detail, violations };
}

/** helpers.go joinQuote. */
export function joinQuote(items: string[]): string {
  return items.length === 0 ? '' : `"${items.join('", "')}"`;
}

/** helpers.go pluralize. */
export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** sets.NewString(...).List(): unique and sorted. */
export function sortedSet(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** `container "a"` / `containers "a", "b"` as PSA details name them. */
export function containersPhrase(names: string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}
