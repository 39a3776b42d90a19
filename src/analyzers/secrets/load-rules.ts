/**
 * Loads secret rules: gitleaks TOML files as-is (RE2 patterns translated), Bulwark's own rules, and
 * user rules from bulwark.yaml. Rules that JS cannot compile are reported, never silently dropped.
 */
import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { BulwarkError, toSeverity } from '../../core/index.js';
import type { SecretsConfig } from '../../config/index.js';
import type { Allowlist, RawAllowlist, RawRule, RuleSet, SecretRule } from './rule.js';
import { compileRe2 } from './re2-to-js.js';
import { severityFor } from './severity.js';
import { bulwarkGenericRules, bulwarkRules, fileHeaders, placeholderStopwords } from './rules/bulwark-rules.js';

function mustCompile(re2: string, where: string, flags = ''): RegExp {
  const { regex, error } = compileRe2(re2, flags);
  if (!regex) throw new BulwarkError('POLICY_INVALID', `${where}: cannot compile regex: ${error}`);
  return regex;
}

export function toAllowlist(raw: RawAllowlist, where: string): Allowlist {
  const target = raw.regexTarget ?? 'secret';
  if (target !== 'secret' && target !== 'match' && target !== 'line') {
    throw new BulwarkError('POLICY_INVALID', `${where}: unknown regexTarget "${target}"`);
  }
  return {
    description: raw.description,
    regexTarget: target,
    regexes: (raw.regexes ?? []).map((r, i) => mustCompile(r, `${where} regexes[${i}]`)),
    stopwords: (raw.stopwords ?? []).map((s) => s.toLowerCase()),
    paths: (raw.paths ?? []).map((p, i) => mustCompile(p, `${where} paths[${i}]`)),
    condition: raw.condition?.toUpperCase() === 'AND' ? 'AND' : 'OR',
  };
}

export function toRule(raw: RawRule, origin: string): SecretRule {
  if (!raw.id || typeof raw.id !== 'string') throw new BulwarkError('POLICY_INVALID', `${origin}: a rule has no id`);
  if (!raw.regex && !raw.path) throw new BulwarkError('POLICY_INVALID', `${origin}: rule ${raw.id} has neither regex nor path`);
  const where = `${origin}: rule ${raw.id}`;
  const allowlists = [...(raw.allowlists ?? []), ...(raw.allowlist ? [raw.allowlist] : [])];
  return {
    id: raw.id,
    title: raw.title ?? raw.description ?? raw.id,
    severity: raw.severity ? toSeverity(raw.severity) : severityFor(raw.id),
    regex: raw.regex ? mustCompile(raw.regex, where, 'g') : undefined,
    keywords: (raw.keywords ?? []).map((k) => k.toLowerCase()),
    entropy: raw.entropy,
    secretGroup: raw.secretGroup,
    path: raw.path ? mustCompile(raw.path, `${where} path`) : undefined,
    allowlists: allowlists.map((a, i) => toAllowlist(a, `${where} allowlists[${i}]`)),
    ...(typeof raw.keywordWithin === 'number' && raw.keywordSticky
      ? { keywordWithin: raw.keywordWithin, keywordSticky: mustCompile(raw.keywordSticky, `${where} keywordSticky`, 'y') }
      : {}),
  };
}

interface GitleaksDoc {
  rules?: RawRule[];
  allowlist?: RawAllowlist;
  allowlists?: RawAllowlist[];
}

/** Parses a gitleaks config (TOML text) into rules plus its global allowlist. */
export function parseGitleaksToml(text: string, origin: string): { rules: SecretRule[]; global: Allowlist[] } {
  let doc: GitleaksDoc;
  try {
    doc = parseToml(text) as GitleaksDoc;
  } catch (err) {
    throw new BulwarkError('POLICY_INVALID', `${origin}: invalid TOML: ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
  const rules = (doc.rules ?? []).map((r) => toRule(r, origin));
  const global = [...(doc.allowlist ? [doc.allowlist] : []), ...(doc.allowlists ?? [])].map((a, i) => toAllowlist(a, `${origin} allowlist[${i}]`));
  return { rules, global };
}

function mergeAllowlists(lists: Allowlist[]): Allowlist {
  return {
    regexTarget: 'secret',
    condition: 'OR',
    regexes: lists.flatMap((l) => l.regexes),
    stopwords: lists.flatMap((l) => l.stopwords),
    paths: lists.flatMap((l) => l.paths),
  };
}

let builtin: RuleSet | undefined;

/** The built-in rule set: gitleaks' default rules (MIT, rules/gitleaks.toml) plus Bulwark's own. */
export function builtinRuleSet(): RuleSet {
  if (builtin) return builtin;
  const text = readFileSync(new URL('./rules/gitleaks.toml', import.meta.url), 'utf8');
  const gl = parseGitleaksToml(text, 'gitleaks.toml');
  const own = bulwarkRules.map((r) => toRule(r, 'bulwark-rules'));
  const generic = bulwarkGenericRules.map((r) => toRule(r, 'bulwark-rules'));
  const placeholders: Allowlist = { regexTarget: 'secret', condition: 'OR', regexes: [], paths: [], stopwords: placeholderStopwords };
  // Specific rules first: when two rules claim one secret, the first one names the finding.
  const isGeneric = (r: SecretRule) => r.id.startsWith('generic-');
  const ordered = [...own, ...gl.rules.filter((r) => !isGeneric(r)), ...gl.rules.filter(isGeneric), ...generic]
    .map((r) => (fileHeaders[r.id] ? { ...r, header: fileHeaders[r.id] } : r));
  builtin = { rules: ordered, global: mergeAllowlists([...gl.global, placeholders]) };
  return builtin;
}

function readPolicyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new BulwarkError('CONFIG_INVALID', `secrets.gitleaksConfigs: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
  }
}

/** Built-in rules + user additions from bulwark.yaml's `secrets:` section. */
export function ruleSetFor(cfg: SecretsConfig | undefined): RuleSet {
  const base = builtinRuleSet();
  if (!cfg) return base;
  const disabled = new Set(cfg.disableRules ?? []);
  const extra = (cfg.gitleaksConfigs ?? []).map((f) => parseGitleaksToml(readPolicyFile(f), f));
  const rules = [
    ...base.rules,
    ...extra.flatMap((e) => e.rules),
    ...(cfg.rules ?? []).map((r) => toRule(r, 'bulwark.yaml secrets.rules')),
  ].filter((r) => !disabled.has(r.id));
  const global = mergeAllowlists([base.global, ...extra.flatMap((e) => e.global), ...(cfg.allowlist ? [toAllowlist(cfg.allowlist, 'bulwark.yaml secrets.allowlist')] : [])]);
  return { rules, global };
}
