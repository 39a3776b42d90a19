/**
 * Pod Security Admission policy resolution, as pod-security-admission's api package does it: levels and versions
 * (`latest` | `v1.<minor>`), namespace labels over configured defaults, and the PodSecurityConfiguration file.
 */
import { parse as parseYaml } from 'yaml';
import { BulwarkError } from '../core/index.js';
import type { PssLevel } from '../scan/index.js';

/** `latest` or a pinned minor of v1.x. */
type PsaVersion = 'latest' | number;
export interface LevelVersion { level: PssLevel; version: PsaVersion }
export interface PsaPolicy { enforce: LevelVersion; audit: LevelVersion; warn: LevelVersion }

interface PsaExemptions { usernames: Set<string>; runtimeClasses: Set<string>; namespaces: Set<string> }
export interface PsaConfig { defaults: PsaPolicy; exemptions: PsaExemptions }

const MODES = ['enforce', 'audit', 'warn'] as const;
const LEVELS: PssLevel[] = ['privileged', 'baseline', 'restricted'];
const VERSION = /^v1\.(0|[1-9][0-9]*)$/;

export function levelVersionString(lv: LevelVersion): string {
  return `${lv.level}:${lv.version === 'latest' ? 'latest' : `v1.${lv.version}`}`;
}

function rank(l: PssLevel): number {
  return LEVELS.indexOf(l);
}

/** api.ParseLevel: unknown → error (callers choose the fallback). */
function parseLevel(v: string): PssLevel | undefined {
  return (LEVELS as string[]).includes(v) ? v as PssLevel : undefined;
}

/** api.ParseVersion: `latest` or `v1.<minor>` without leading zeros. */
function parseVersion(v: string): PsaVersion | undefined {
  if (v === 'latest') return 'latest';
  const m = VERSION.exec(v);
  return m ? Number(m[1]) : undefined;
}

/** The six label keys as literals: a key built per lookup is a new string to hash and internalise on every review. */
const LEVEL_LABEL = { enforce: 'pod-security.kubernetes.io/enforce', audit: 'pod-security.kubernetes.io/audit', warn: 'pod-security.kubernetes.io/warn' } as const;
const VERSION_LABEL = {
  enforce: 'pod-security.kubernetes.io/enforce-version', audit: 'pod-security.kubernetes.io/audit-version', warn: 'pod-security.kubernetes.io/warn-version',
} as const;

/**
 * api.PolicyToEvaluate: labels override the defaults; an invalid enforce level fails closed (restricted), an
 * invalid audit or warn level fails open (privileged), an invalid version means latest; warn follows a stricter
 * enforce level when warn is not set. Errors are returned alongside, as upstream does.
 */
export function policyToEvaluate(labels: Record<string, string>, defaults: PsaPolicy): { policy: PsaPolicy; errors: string[] } {
  const p: PsaPolicy = { enforce: { ...defaults.enforce }, audit: { ...defaults.audit }, warn: { ...defaults.warn } };
  const errors: string[] = [];
  const has = (k: string) => Object.prototype.hasOwnProperty.call(labels, k);
  let enforceSet = false;
  for (const mode of MODES) {
    const lk = LEVEL_LABEL[mode];
    if (has(lk)) {
      const lvl = parseLevel(labels[lk]!);
      if (!lvl) errors.push(`${lk}: Invalid value: ${JSON.stringify(labels[lk])}: must be one of privileged, baseline, restricted`);
      p[mode].level = lvl ?? (mode === 'enforce' ? 'restricted' : 'privileged');
      if (mode === 'enforce') enforceSet = lvl !== undefined;
    }
    const vk = VERSION_LABEL[mode];
    if (has(vk)) {
      const ver = parseVersion(labels[vk]!);
      if (ver === undefined) errors.push(`${vk}: Invalid value: ${JSON.stringify(labels[vk])}: must be "latest" or "v1.x"`);
      p[mode].version = ver ?? 'latest';
    }
  }
  if (!has(LEVEL_LABEL.warn) && enforceSet && rank(p.enforce.level) > rank(p.warn.level)) {
    p.warn.level = p.enforce.level;
    if (!has(VERSION_LABEL.warn)) p.warn.version = p.enforce.version;
  }
  return { policy: p, errors };
}

export function fullyPrivileged(p: PsaPolicy): boolean {
  return MODES.every((m) => p[m].level === 'privileged');
}

const PRIVILEGED_LATEST: LevelVersion = { level: 'privileged', version: 'latest' };

/** Upstream's defaults when no configuration is given: privileged:latest everywhere, no exemptions. */
export function defaultPsaConfig(): PsaConfig {
  return {
    defaults: { enforce: { ...PRIVILEGED_LATEST }, audit: { ...PRIVILEGED_LATEST }, warn: { ...PRIVILEGED_LATEST } },
    exemptions: { usernames: new Set(), runtimeClasses: new Set(), namespaces: new Set() },
  };
}

const CONFIG_API = /^pod-security\.admission\.config\.k8s\.io\/(v1|v1beta1|v1alpha1)$/;

function stringList(v: unknown, where: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' || !s)) throw new BulwarkError('CONFIG_INVALID', `${where} must be a list of non-empty strings`);
  return v as string[];
}

/**
 * Reads upstream's PodSecurityConfiguration (pod-security.admission.config.k8s.io/v1), bare or inside an
 * AdmissionConfiguration's PodSecurity plugin entry. Unset defaults are privileged/latest, as upstream defaults them.
 */
export function parsePsaConfig(text: string, file: string): PsaConfig {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new BulwarkError('CONFIG_INVALID', `${file}: not YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const obj = (v: unknown) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Record<string, unknown> : undefined);
  let d = obj(doc);
  if (d?.kind === 'AdmissionConfiguration') {
    const plugin = (Array.isArray(d.plugins) ? d.plugins : []).map(obj).find((p) => p?.name === 'PodSecurity');
    d = obj(plugin?.configuration);
    if (!d) throw new BulwarkError('CONFIG_INVALID', `${file}: AdmissionConfiguration has no PodSecurity plugin configuration`);
  }
  if (!d || d.kind !== 'PodSecurityConfiguration' || typeof d.apiVersion !== 'string' || !CONFIG_API.test(d.apiVersion)) {
    throw new BulwarkError('CONFIG_INVALID', `${file}: expected kind PodSecurityConfiguration, apiVersion pod-security.admission.config.k8s.io/v1`);
  }
  const cfg = defaultPsaConfig();
  const defaults = obj(d.defaults) ?? {};
  for (const mode of MODES) {
    const lv = defaults[mode];
    if (lv !== undefined) {
      const level = typeof lv === 'string' ? parseLevel(lv) : undefined;
      if (!level) throw new BulwarkError('CONFIG_INVALID', `${file}: defaults.${mode}: must be one of privileged, baseline, restricted`);
      cfg.defaults[mode].level = level;
    }
    const vv = defaults[`${mode}-version`];
    if (vv !== undefined) {
      const version = typeof vv === 'string' ? parseVersion(vv) : undefined;
      if (version === undefined) throw new BulwarkError('CONFIG_INVALID', `${file}: defaults.${mode}-version: must be "latest" or "v1.x"`);
      cfg.defaults[mode].version = version;
    }
  }
  const ex = obj(d.exemptions) ?? {};
  cfg.exemptions = {
    usernames: new Set(stringList(ex.usernames, `${file}: exemptions.usernames`)),
    runtimeClasses: new Set(stringList(ex.runtimeClasses, `${file}: exemptions.runtimeClasses`)),
    namespaces: new Set(stringList(ex.namespaces, `${file}: exemptions.namespaces`)),
  };
  return cfg;
}
