/**
 * The typed bulwark.yaml. Policy sections (secrets, licenses, ignore, vulnerability, malware) are
 * checked here, once; every other top-level key is a flag default (`severity: high`) and every other
 * top-level mapping is a command's flag defaults (`image: { platform: linux/arm64 }`). The CLI checks
 * those names against its flags (config knows no commands).
 */
import type { LicenseCategory } from '../core/index.js';
import { ConfigReader, join } from './read.js';

export interface SecretAllowlistConfig {
  description?: string;
  regexTarget?: 'secret' | 'match' | 'line';
  regexes?: string[];
  stopwords?: string[];
  paths?: string[];
  condition?: 'AND' | 'OR';
}

/** A user secret rule (gitleaks' rule fields; RE2 or JS-compatible regexes). */
export interface SecretRuleConfig {
  id: string;
  description?: string;
  title?: string;
  severity?: string;
  regex?: string;
  keywords?: string[];
  entropy?: number;
  secretGroup?: number;
  path?: string;
  allowlists?: SecretAllowlistConfig[];
  allowlist?: SecretAllowlistConfig;
  keywordWithin?: number;
  keywordSticky?: string;
}

export interface SecretsConfig {
  /** Extra gitleaks TOML files whose rules are added. */
  gitleaksConfigs?: string[];
  rules?: SecretRuleConfig[];
  disableRules?: string[];
  /** Extra global allowlist entries. */
  allowlist?: SecretAllowlistConfig;
}

type LicensePolicyCategory = Exclude<LicenseCategory, 'unknown'>;
export const LICENSE_POLICY_CATEGORIES: readonly LicensePolicyCategory[] = ['forbidden', 'restricted', 'reciprocal', 'notice', 'permissive', 'unencumbered'];

export interface LicensesConfig {
  /** License ids moved into a category (`forbidden: [GPL-3.0-only]`). */
  categories: Partial<Record<LicensePolicyCategory, string[]>>;
  /** Expressions never reported. */
  ignore?: string[];
  /** Categories that are policy violations (default: forbidden). */
  failOn?: LicenseCategory[];
}

export interface IgnoreEntryConfig {
  id: string;
  /** Last day the rule applies, YYYY-MM-DD. */
  expires?: string;
  purls: string[];
  paths: string[];
  reason?: string;
}

export interface VulnerabilityConfig { severitySource?: 'auto' | 'cvss' | 'vendor' }
export interface MalwareConfig { knownBad?: string[] }

/** The sections that change scan results; the library takes these (ScanOptions.config). */
export interface PolicyConfig {
  secrets?: SecretsConfig;
  licenses?: LicensesConfig;
  ignore?: IgnoreEntryConfig[];
  vulnerability?: VulnerabilityConfig;
  malware?: MalwareConfig;
}

export type FlagValue = string | number | boolean | Array<string | number | boolean>;

export interface BulwarkConfig extends PolicyConfig {
  /** The file read, if any. */
  path?: string;
  /** Top-level flag defaults, camelCase (`ignoreUnfixed: true`). */
  flags: Record<string, FlagValue>;
  /** Per-command flag defaults (`image: { platform: linux/arm64 }`). */
  commands: Record<string, Record<string, FlagValue>>;
}

export const POLICY_SECTIONS = ['secrets', 'licenses', 'ignore', 'vulnerability', 'malware'] as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** YYYY-MM-DD naming a real day. */
export function isIsoDate(d: string): boolean {
  return DATE.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
}

function allowlist(r: ConfigReader, v: unknown, path: string): SecretAllowlistConfig {
  const m = r.fields(v, path, ['description', 'regexTarget', 'regexes', 'stopwords', 'paths', 'condition']);
  const out: SecretAllowlistConfig = {};
  if (m.has('description')) out.description = r.string(m.get('description'), join(path, 'description'));
  if (m.has('regexTarget')) out.regexTarget = r.oneOf(m.get('regexTarget'), join(path, 'regexTarget'), ['secret', 'match', 'line']);
  for (const k of ['regexes', 'stopwords', 'paths'] as const) if (m.has(k)) out[k] = r.strings(m.get(k), join(path, k));
  if (m.has('condition')) out.condition = r.oneOf(String(m.get('condition')).toUpperCase(), join(path, 'condition'), ['AND', 'OR']);
  return out;
}

const RULE_STRINGS = ['id', 'description', 'title', 'severity', 'regex', 'path', 'keywordSticky'] as const;
const RULE_NUMBERS = ['entropy', 'secretGroup', 'keywordWithin'] as const;

function secretRule(r: ConfigReader, v: unknown, path: string): SecretRuleConfig {
  const m = r.fields(v, path, [...RULE_STRINGS, ...RULE_NUMBERS, 'keywords', 'allowlists', 'allowlist']);
  if (!m.has('id')) throw r.fail(path, 'a rule needs an "id"');
  const out: SecretRuleConfig = { id: r.string(m.get('id'), join(path, 'id')) };
  for (const k of RULE_STRINGS) if (m.has(k)) out[k] = r.string(m.get(k), join(path, k));
  for (const k of RULE_NUMBERS) if (m.has(k)) out[k] = r.number(m.get(k), join(path, k));
  if (m.has('keywords')) out.keywords = r.strings(m.get('keywords'), join(path, 'keywords'));
  if (m.has('allowlists')) out.allowlists = r.list(m.get('allowlists'), join(path, 'allowlists'), (x, p) => allowlist(r, x, p));
  if (m.has('allowlist')) out.allowlist = allowlist(r, m.get('allowlist'), join(path, 'allowlist'));
  return out;
}

function secrets(r: ConfigReader, v: unknown): SecretsConfig {
  const m = r.fields(v, 'secrets', ['gitleaksConfigs', 'rules', 'disableRules', 'allowlist']);
  const out: SecretsConfig = {};
  if (m.has('gitleaksConfigs')) out.gitleaksConfigs = r.strings(m.get('gitleaksConfigs'), 'secrets.gitleaksConfigs');
  if (m.has('rules')) out.rules = r.list(m.get('rules'), 'secrets.rules', (x, p) => secretRule(r, x, p));
  if (m.has('disableRules')) out.disableRules = r.strings(m.get('disableRules'), 'secrets.disableRules');
  if (m.has('allowlist')) out.allowlist = allowlist(r, m.get('allowlist'), 'secrets.allowlist');
  return out;
}

function licenses(r: ConfigReader, v: unknown): LicensesConfig {
  const m = r.fields(v, 'licenses', [...LICENSE_POLICY_CATEGORIES, 'ignore', 'failOn']);
  const out: LicensesConfig = { categories: {} };
  for (const c of LICENSE_POLICY_CATEGORIES) if (m.has(c)) out.categories[c] = r.strings(m.get(c), `licenses.${c}`);
  if (m.has('ignore')) out.ignore = r.strings(m.get('ignore'), 'licenses.ignore');
  if (m.has('failOn')) out.failOn = r.list(m.get('failOn'), 'licenses.failOn', (x, p) => r.oneOf(x, p, [...LICENSE_POLICY_CATEGORIES, 'unknown']));
  return out;
}

function ignoreEntry(r: ConfigReader, v: unknown, path: string): IgnoreEntryConfig {
  if (typeof v === 'string') return { id: v, purls: [], paths: [] };
  const m = r.fields(v, path, ['id', 'expires', 'expiry', 'exp', 'purl', 'purls', 'path', 'paths', 'reason']);
  if (!m.has('id')) throw r.fail(path, 'expected an id or a mapping with "id"');
  const out: IgnoreEntryConfig = {
    id: r.string(m.get('id'), join(path, 'id')),
    purls: [...(m.has('purl') ? [r.string(m.get('purl'), join(path, 'purl'))] : []), ...(m.has('purls') ? r.strings(m.get('purls'), join(path, 'purls')) : [])],
    paths: [...(m.has('path') ? [r.string(m.get('path'), join(path, 'path'))] : []), ...(m.has('paths') ? r.strings(m.get('paths'), join(path, 'paths')) : [])],
  };
  const expKey = ['expires', 'expiry', 'exp'].find((k) => m.has(k));
  if (expKey) {
    const raw = m.get(expKey);
    // YAML 1.1 timestamps arrive as Date objects; the rule keeps the day.
    const d = raw instanceof Date ? raw.toISOString().slice(0, 10) : r.string(raw, join(path, expKey));
    if (!isIsoDate(d)) throw r.fail(join(path, expKey), `bad date "${d}" (want YYYY-MM-DD)`);
    out.expires = d;
  }
  if (m.has('reason')) out.reason = r.string(m.get('reason'), join(path, 'reason'));
  return out;
}

function flagValue(r: ConfigReader, v: unknown, path: string): FlagValue {
  if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return v;
  if (Array.isArray(v)) {
    return v.map((x, i) => {
      if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') return x;
      throw r.fail(`${path}[${i}]`, 'expected a scalar');
    });
  }
  throw r.fail(path, 'expected a value or a list');
}

/** Checks a parsed YAML document (already a mapping or null) and returns the typed config. */
export function parseConfig(doc: unknown, file = 'bulwark.yaml'): BulwarkConfig {
  const r = new ConfigReader(file);
  const out: BulwarkConfig = { flags: {}, commands: {} };
  if (doc === null || doc === undefined) return out;
  const m = r.mapping(doc, '');
  for (const [key, v] of m) {
    if (v === null || v === undefined) continue;
    if (key === 'secrets') out.secrets = secrets(r, v);
    else if (key === 'licenses') out.licenses = licenses(r, v);
    else if (key === 'ignore') out.ignore = r.list(v, 'ignore', (x, p) => ignoreEntry(r, x, p));
    else if (key === 'vulnerability') {
      const s = r.fields(v, key, ['severitySource']).get('severitySource');
      out.vulnerability = s === undefined ? {} : { severitySource: r.oneOf(s, 'vulnerability.severitySource', ['auto', 'cvss', 'vendor']) };
    } else if (key === 'malware') {
      const k = r.fields(v, key, ['knownBad']).get('knownBad');
      out.malware = k === undefined ? {} : { knownBad: r.strings(k, 'malware.knownBad') };
    } else if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) {
      const section: Record<string, FlagValue> = {};
      for (const [k, x] of r.mapping(v, key)) if (x !== null && x !== undefined) section[k] = flagValue(r, x, join(key, k));
      out.commands[key] = section;
    } else out.flags[key] = flagValue(r, v, key);
  }
  return out;
}

/** The policy sections only (what the scan library takes). */
export function policyOf(config: PolicyConfig): PolicyConfig {
  const out: PolicyConfig = {};
  for (const k of POLICY_SECTIONS) if (config[k] !== undefined) (out as Record<string, unknown>)[k] = config[k];
  return out;
}
