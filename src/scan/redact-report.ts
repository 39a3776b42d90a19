/**
 * The one redaction pass for free text in a Report: the image config summary (history lines, labels,
 * entrypoint, cmd, healthcheck), layer `createdBy`, and the findings and warnings that quote such text. Every
 * writer prints the Report, so a redacted Report is a redacted table, JSON, SARIF, SBOM, JUnit, HTML and
 * policy report alike — no writer has its own rules to forget. Secret findings are redacted at the source
 * (the engine never lets a raw match out) and are not touched here.
 */
import { redact, redactText, type ImageConfigSummary, type Report } from '../core/index.js';
import type { SecretScanner } from '../analyzers/index.js';

export type TextRedactor = (text: string) => string;

const MASK = '****';
/** A name that says it holds a credential: `AWS_SECRET_ACCESS_KEY`, `--api-key`, `db.password`. */
const CREDENTIAL_NAME = /(?:passw(?:or)?d|passwd|secret|token|api[_.-]?key|access[_.-]?key|private[_.-]?key|credentials?)/i;
/** `NAME=value` (also `--name=value`) where NAME is credential-like; quoted values whole. */
const ASSIGNMENT = /((?:--?)?[A-Za-z_][\w.-]*)=("(?:[^"\\]|\\.)*"|'[^']*'|[^\s"'&|;,]+)/g;
/** `--token value` on one line (a RUN line or a history entry); argv arrays are paired element by element. */
const FLAG_VALUE = /(\s--?[A-Za-z][\w.-]*)(\s+)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s"'&|;<>-][^\s"'&|;<>]*)/g;

/**
 * History lines of `ENV`/`ARG` instructions carry values (often tokens): keep the names, mask the values.
 * `/bin/sh -c #(nop)  ENV API_TOKEN=abc` → `/bin/sh -c #(nop)  ENV API_TOKEN=****`.
 */
export function maskEnvInstruction(line: string): string {
  return line.replace(/\b(ENV|ARG)(\s+)(.*)$/s, (_m, kw: string, sp: string, rest: string) => {
    const masked = /=/.test(rest)
      ? rest.replace(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g, (_x, k: string, v: string) => (v ? `${k}=${MASK}` : `${k}=`))
      : rest.replace(/^(\S+)\s+.+$/, `$1 ${MASK}`);
    return `${kw}${sp}${masked}`;
  });
}

function maskCredentialAssignments(text: string): string {
  return text
    .replace(ASSIGNMENT, (m, name: string) => (CREDENTIAL_NAME.test(name) ? `${name}=${MASK}` : m))
    .replace(FLAG_VALUE, (m, flag: string, sp: string) => (CREDENTIAL_NAME.test(flag) ? `${flag}${sp}${MASK}` : m));
}

/** The rule's secret in a match: its secret group, else the first non-empty group, else the match. */
function secretOf(rule: { secretGroup?: number }, m: RegExpMatchArray): string {
  if (rule.secretGroup !== undefined) return m[rule.secretGroup] ?? '';
  return m.slice(1).find(Boolean) ?? m[0];
}

/**
 * The secret rules of the Secrets section (user rules included): the engine says which rules hit (with
 * their entropy gates and allowlists); their regexes then locate every occurrence to mask, as the
 * Secrets section shows it (`ghp_****…`). Over-masking a second, allowlisted occurrence is harmless.
 */
function maskRuleHits(scanner: SecretScanner, text: string): string {
  const hits = scanner.scanString(text, 'image config');
  if (hits.length === 0) return text;
  const ids = new Set(hits.map((h) => h.ruleId));
  let out = text;
  for (const rule of scanner.rules) {
    if (!rule.regex || !ids.has(rule.id)) continue;
    for (const m of text.matchAll(rule.regex)) {
      const secret = secretOf(rule, m);
      if (secret) out = out.split(secret).join(redact(secret));
    }
  }
  return out;
}

/** Secret rules, credential-named assignments and flags, ENV/ARG values, URL userinfo and auth headers. */
export function textRedactor(scanner: SecretScanner): TextRedactor {
  return (text) => (text ? redactText(maskEnvInstruction(maskCredentialAssignments(maskRuleHits(scanner, text)))) : text);
}

/** argv arrays: each element redacted, and the element after a credential-named flag (`--token`, `X`) masked. */
function redactArgv(args: readonly string[], r: TextRedactor): string[] {
  return args.map((a, i) => {
    const prev = i > 0 ? args[i - 1] : '';
    return /^--?[A-Za-z][\w.-]*$/.test(prev) && CREDENTIAL_NAME.test(prev) && !a.startsWith('-') ? MASK : r(a);
  });
}

/** A label named like a credential is masked whole unless a secret rule already shows what it is. */
function redactLabel(key: string, value: string, r: TextRedactor): string {
  const out = r(value);
  return out === value && value && CREDENTIAL_NAME.test(key) ? MASK : out;
}

function redactConfig(c: ImageConfigSummary, r: TextRedactor): ImageConfigSummary {
  return {
    ...c,
    user: r(c.user),
    entrypoint: redactArgv(c.entrypoint, r),
    cmd: redactArgv(c.cmd, r),
    ...(c.workingDir ? { workingDir: r(c.workingDir) } : {}),
    labels: Object.fromEntries(Object.entries(c.labels).map(([k, v]) => [k, redactLabel(k, v, r)])),
    ...(c.healthcheck ? { healthcheck: redactArgv(c.healthcheck, r) } : {}),
    history: c.history.map((h) => ({
      ...h,
      ...(h.createdBy ? { createdBy: r(h.createdBy) } : {}),
      ...(h.comment ? { comment: r(h.comment) } : {}),
    })),
  };
}

/** Redacts, in place, every free-text field of the report that can quote image config or file content. */
export function redactReport(report: Report, r: TextRedactor): Report {
  if (report.config) report.config = redactConfig(report.config, r);
  if (report.layers) report.layers = report.layers.map((l) => (l.createdBy ? { ...l, createdBy: r(l.createdBy) } : l));
  report.misconfigurations = report.misconfigurations.map((m) => ({ ...m, message: r(m.message) }));
  report.warnings = report.warnings.map(r);
  return report;
}
