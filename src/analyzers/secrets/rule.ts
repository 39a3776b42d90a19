/** Secret rule model shared by the built-in set, gitleaks TOML imports and bulwark.yaml user rules. */
import type { Severity } from '../../core/index.js';
import type { SecretAllowlistConfig, SecretRuleConfig } from '../../config/index.js';

export interface Allowlist {
  description?: string;
  /** What `regexes` test: the extracted secret (default), the whole match, or the whole line. */
  regexTarget: 'secret' | 'match' | 'line';
  regexes: RegExp[];
  /** Skips a finding whose secret contains one of these (lower-case). */
  stopwords: string[];
  paths: RegExp[];
  /** OR (default): any criterion allowlists. AND: every given criterion must hold. */
  condition: 'OR' | 'AND';
}

export interface SecretRule {
  id: string;
  title: string;
  severity: Severity;
  /** Global (`g`) regex; absent for path-only rules (a file whose presence is the finding). */
  regex?: RegExp;
  /** Lower-case keywords: the rule runs only on files containing one of them. Empty: always runs. */
  keywords: string[];
  /** Minimum Shannon entropy of the secret. */
  entropy?: number;
  /** Capture group holding the secret; default: first non-empty group, else the whole match. */
  secretGroup?: number;
  /** Only files whose path matches. */
  path?: RegExp;
  /** Path-only rules: the file's first bytes must also look like the format (not just its name). */
  header?: (head: Uint8Array) => boolean;
  allowlists: Allowlist[];
  /** A keyword starts within this many characters of every match's start (lets the engine anchor)… */
  keywordWithin?: number;
  /** …and this sticky regex matches where that keyword starts (a cheap test before the full regex). */
  keywordSticky?: RegExp;
}

export interface RuleSet {
  rules: SecretRule[];
  global: Allowlist;
}

/**
 * Raw rule as written in TOML or YAML (RE2 syntax strings): the bulwark.yaml rule shape, which
 * follows gitleaks' field names. TOML input is not checked by config/, so toRule/toAllowlist still
 * check the values they rely on.
 */
export type RawRule = SecretRuleConfig;
export type RawAllowlist = SecretAllowlistConfig;
