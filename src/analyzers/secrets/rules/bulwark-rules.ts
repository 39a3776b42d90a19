/**
 * Bulwark's own rules for credentials gitleaks' default set does not cover or covers only generically
 * in container images: connection strings, registry and cluster credentials, .netrc, .env files.
 * Patterns use RE2 syntax (like gitleaks) so one translator serves every rule source.
 */
import type { RawRule } from '../rule.js';

/** Specific rules: they run before gitleaks' rules, so their names win when both match one secret. */
export const bulwarkRules: RawRule[] = [
  {
    id: 'bw-database-url-password',
    title: 'Database connection URL with an embedded password',
    regex: `(?i)\\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\\+srv)?|redis|rediss|amqps?|mssql|sqlserver|oracle|jdbc:[a-z]+)://[^:/\\s@"']+:([^@\\s/"']{4,})@[^\\s/"']+`,
    keywords: ['postgres', 'mysql', 'mariadb', 'mongodb', 'redis', 'amqp', 'mssql', 'sqlserver', 'oracle', 'jdbc:'],
    allowlists: [{ regexes: ['^\\$\\{?[A-Za-z_]+\\}?$', '^(?:password|pass|pwd|changeme|secret)$'] }],
  },
  {
    id: 'bw-docker-config-auth',
    title: 'Registry credentials in a Docker config.json "auths" entry',
    regex: `"auth"\\s*:\\s*"([A-Za-z0-9+/]{12,}={0,2})"`,
    keywords: ['"auth"'],
  },
  {
    id: 'bw-netrc-password',
    title: 'Password in a .netrc file',
    path: '(?:^|/)[._]netrc$',
    regex: '(?:^|\\s)password\\s+(\\S{4,})',
    keywords: ['password'],
  },
  {
    id: 'bw-kubeconfig-client-key',
    title: 'Client private key embedded in a kubeconfig',
    regex: `client-key-data:\\s*["']?([A-Za-z0-9+/=]{40,})`,
    keywords: ['client-key-data'],
  },
  {
    // gitleaks' gcp-service-account-key (newer than the bundled TOML): the key file is JSON holding
    // both `"type": "service_account"` and a PEM private key, in either order. The secret is the key
    // (not the whole JSON), so the entropy gate rejects placeholder keys (`XXXX…`). gitleaks' `(?s).*?`
    // spans are linear in RE2 but quadratic in a backtracking engine (every `{` scanned to the end of the
    // file): here the spans stay inside one flat JSON object (`[^{}]`, key files have no nesting) and are
    // bounded, so the rule runs on windows around its keyword, not on whole files.
    id: 'gcp-service-account-key',
    title: 'Google Cloud (GCP) service-account key file with its private key',
    regex: `\\{[^{}]{0,4096}?(?:"type"\\s*:\\s*"service_account"[^{}]{0,4096}?"private_key"\\s*:\\s*"(-----BEGIN PRIVATE KEY-----[^"]{64,8192}?-----END PRIVATE KEY-----[^"]{0,16})"|"private_key"\\s*:\\s*"(-----BEGIN PRIVATE KEY-----[^"]{64,8192}?-----END PRIVATE KEY-----[^"]{0,16})"[^{}]{0,4096}?"type"\\s*:\\s*"service_account")[^{}]{0,4096}?\\}`,
    keywords: ['service_account'],
    entropy: 5,
  },
  {
    // gitleaks' square-secret (OAuth application secret), absent from the bundled TOML.
    id: 'square-secret',
    title: 'Square OAuth application secret',
    regex: `\\b(sq0csp-[\\w-]{43})(?:[\\x60'"\\s;]|\\\\[nr]|$)`,
    keywords: ['sq0csp-'],
    entropy: 2,
  },
  {
    id: 'bw-dockerhub-pat',
    title: 'Docker Hub personal access token',
    regex: '\\b(dckr_pat_[A-Za-z0-9_-]{27})\\b',
    keywords: ['dckr_pat_'],
  },
  {
    id: 'bw-azure-storage-key',
    title: 'Azure Storage account key in a connection string',
    regex: 'AccountKey=([A-Za-z0-9+/]{86}==)',
    keywords: ['accountkey='],
  },
  {
    id: 'bw-env-file-secret',
    title: 'Secret assigned in a .env file',
    path: '(?:^|/)\\.env(?:\\.[\\w.-]+)?$',
    regex: `(?im)^[ \\t]*(?:export[ \\t]+)?[A-Z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)[A-Z0-9_]*[ \\t]*=[ \\t]*["']?([^\\s"'#]{6,})`,
    keywords: [],
    entropy: 2.5,
  },
];

/** Generic rules run last: only what no specific rule claimed. */
export const bulwarkGenericRules: RawRule[] = [
  {
    id: 'bw-url-credentials',
    title: 'Credentials embedded in a URL',
    regex: `\\b[a-z][a-z0-9+.-]{1,20}://[^:/\\s@"'<>]{1,64}:([^@\\s/"'<>]{6,128})@[\\w.-]+`,
    keywords: ['://'],
    // The scheme (a letter + up to 20) comes first: "://" starts at most 21 characters into a match,
    // and what follows it is the user, ':' and a password before '@'.
    keywordWithin: 21,
    keywordSticky: `://[^:/\\s@"'<>]{1,64}:[^@\\s/"'<>]{6,128}@`,
    entropy: 3,
    allowlists: [{ regexes: ['^\\$\\{?[A-Za-z_]+\\}?$', '^(?:password|passwd|secret|changeme|\\*+)$', '^%\\(?[a-z_]+\\)?s$'] }],
  },
  {
    id: 'bw-kubeconfig-token',
    title: 'Bearer token in a kubeconfig',
    // Indentation and at most one line break before the value (YAML allows `token:` then the value
    // indented below): a bounded reach lets the engine look at a few lines, not the whole file.
    regex: `(?m)^[ \\t]*token:[ \\t]*(?:\\r?\\n[ \\t]*)?["']?([A-Za-z0-9._~+/=-]{20,})`,
    keywords: ['token:'],
    entropy: 3,
  },
  {
    id: 'bw-generic-password-assignment',
    title: 'Hard-coded password assignment',
    regex: `(?i)(?:password|passwd|pwd)["']?[ \\t]*[:=][ \\t]*["']([^"'\\s]{8,64})["']`,
    keywords: ['password', 'passwd', 'pwd'],
    entropy: 3,
  },
];

/** Values that are placeholders, not secrets (matched against the secret, lower-case). */
export const placeholderStopwords = ['example', 'xxxxxx', 'changeme', 'change_me', 'placeholder', 'dummy', 'redacted', 'your_', 'your-', '<', '${', '{{'];

/**
 * A PKCS#12 (PFX) file starts with a DER (or BER, indefinite length) SEQUENCE whose first element is
 * the version INTEGER 3. Checked with the name so a text file called `x.p12` is not reported.
 */
function looksPkcs12(head: Uint8Array): boolean {
  if (head.length < 5 || head[0] !== 0x30) return false;
  let i = 2;
  const len = head[1];
  if (len > 0x84) return false;
  if (len > 0x80) i += len - 0x80;
  return head[i] === 0x02 && head[i + 1] === 0x01 && head[i + 2] === 0x03;
}

/** Header checks for path-only rules, by rule id. */
export const fileHeaders: Record<string, (head: Uint8Array) => boolean> = { 'pkcs12-file': looksPkcs12 };
